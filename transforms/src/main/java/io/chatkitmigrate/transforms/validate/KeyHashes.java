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

  /** The name of the range these keys are of, as {@link #nameOf(PartRange)} gives it. */
  String rangeName() {
    return name(file, index);
  }

  /** A range's name, by which the keys left unclear in it meet it again. */
  static String nameOf(PartRange range) {
    return name(range.file(), range.index());
  }

  /** Both sides of that meeting name a range here, so that the names agree. */
  private static String name(String file, int index) {
    return file + '\n' + index;
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
