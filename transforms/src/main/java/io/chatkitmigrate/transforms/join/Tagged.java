package io.chatkitmigrate.transforms.join;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Objects;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.util.CoderUtils;

/**
 * One record of a {@link JoinById}, with the place of its input among the join's: the union type of
 * the shuffle. A record that came through a shuffle stays in its encoded form until it is read: the
 * bucket crosses a pre-grouping, the network and the runner's sort on its way, and each would
 * otherwise decode and re-encode every field of every record.
 */
public final class Tagged {
  private final int input;
  private final Object value;
  private final byte[] encoded;
  private final Coder<?> coder;

  private Tagged(int input, Object value, byte[] encoded, Coder<?> coder) {
    this.input = input;
    this.value = value;
    this.encoded = encoded;
    this.coder = coder;
  }

  static Tagged of(int input, Object value) {
    return new Tagged(input, value, null, null);
  }

  /** A record as its input's coder wrote it, decoded by that coder only when read. */
  static Tagged encoded(int input, byte[] block, Coder<?> coder) {
    return new Tagged(input, null, block, coder);
  }

  /** The place of this record's input in the join. */
  public int input() {
    return input;
  }

  /** The record, decoded on each call if it came encoded. */
  public Object value() {
    if (encoded == null) {
      return value;
    }
    try {
      return TaggedCoder.decodeBlock(coder, encoded);
    } catch (IOException e) {
      throw new UncheckedIOException("a record was damaged in a shuffle", e);
    }
  }

  /** The record's encoded block if it is still encoded, else null. */
  byte[] encodedValue() {
    return encoded;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Tagged that
        && input == that.input
        && Objects.equals(value(), that.value());
  }

  @Override
  public int hashCode() {
    return 31 * input + Objects.hashCode(value());
  }

  @Override
  public String toString() {
    return "Tagged[" + input + ", " + value() + "]";
  }

  static <T> byte[] encode(Coder<T> coder, Object value) {
    try {
      @SuppressWarnings("unchecked")
      T v = (T) value;
      return CoderUtils.encodeToByteArray(coder, v);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
