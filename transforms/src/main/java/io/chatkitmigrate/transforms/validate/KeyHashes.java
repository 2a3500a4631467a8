package io.chatkitmigrate.transforms.validate;

import io.chatkitmigrate.schemas.coders.CompactCoder;
import java.io.IOException;

/**
 * What one range of a part says of the keys of one bucket, as their 64-bit hashes ({@link
 * io.chatkitmigrate.schemas.stream.validate.KeyHash}): the keys its items hold as ids, once per
 * item that holds one, and the keys they refer to that no earlier item of the range holds, once
 * each.
 *
 * @param index the range's place in its part, so that ranges order as their items do
 */
record KeyHashes(String file, int index, long[] defined, long[] referred) {

  /** Whether this range's items all come before those of {@code other}. */
  boolean before(KeyHashes other) {
    int c = file.compareTo(other.file);
    return c < 0 || c == 0 && index < other.index;
  }

  /** The range's name, as {@link #of(PartRange)} makes it. */
  String range() {
    return file + '\n' + index;
  }

  static String of(PartRange range) {
    return range.file() + '\n' + range.index();
  }

  static final class Coder extends CompactCoder<KeyHashes> {
    @Override
    public void write(KeyHashes k, Out out) {
      out.string(k.file);
      out.varLong(k.index);
      out.longs(k.defined);
      out.longs(k.referred);
    }

    @Override
    public KeyHashes read(In in) throws IOException {
      return new KeyHashes(in.string(), in.varInt(), in.longs(), in.longs());
    }
  }
}
