package io.chatkitmigrate.transforms.join;

import io.chatkitmigrate.schemas.coders.CompactCoder;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CustomCoder;
import org.apache.beam.sdk.util.CoderUtils;
import org.apache.beam.sdk.util.VarInt;

/**
 * The coder of a join's union: the input's place, then the record as its input's own coder writes
 * it, as one length-prefixed block so that it can cross later shuffles without being decoded.
 */
public final class TaggedCoder extends CustomCoder<Tagged> {
  private final List<Coder<?>> coders;

  public TaggedCoder(List<Coder<?>> coders) {
    this.coders = List.copyOf(coders);
  }

  @Override
  @SuppressWarnings({"unchecked", "rawtypes"})
  public void encode(Tagged t, OutputStream stream) throws IOException {
    byte[] encoded = t.encodedValue();
    Coder coder = coders.get(t.input());
    VarInt.encode(t.input(), stream);
    if (encoded == null && coder instanceof CompactCoder compact) {
      // A compact coder writes exactly a length-prefixed block.
      compact.encode(t.value(), stream);
      return;
    }
    byte[] block = encoded != null ? encoded : CoderUtils.encodeToByteArray(coder, t.value());
    VarInt.encode(block.length, stream);
    stream.write(block);
  }

  @Override
  public Tagged decode(InputStream stream) throws IOException {
    int input = VarInt.decodeInt(stream);
    if (input < 0 || input >= coders.size()) {
      throw new IOException("a joined record names input " + input + " of " + coders.size());
    }
    int length = VarInt.decodeInt(stream);
    byte[] block = stream.readNBytes(length);
    if (block.length != length) {
      throw new EOFException("a joined record ends after " + block.length + " of " + length);
    }
    return Tagged.encoded(input, block, coders.get(input));
  }

  /** One record from the block {@link #encode} made of it. */
  static Object decodeBlock(Coder<?> coder, byte[] block) throws IOException {
    return coder instanceof CompactCoder<?> compact
        ? compact.decodeBlock(block)
        : CoderUtils.decodeFromByteArray(coder, block);
  }

  @Override
  public List<? extends Coder<?>> getCoderArguments() {
    return coders;
  }

  @Override
  public void verifyDeterministic() throws NonDeterministicException {
    throw new NonDeterministicException(this, "joined records are values, never grouping keys");
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof TaggedCoder that && coders.equals(that.coders);
  }

  @Override
  public int hashCode() {
    return coders.hashCode();
  }
}
