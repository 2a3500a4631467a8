package io.chatkitmigrate.schemas.coders;

import io.chatkitmigrate.schemas.Source;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.beam.sdk.coders.CustomCoder;
import org.apache.beam.sdk.util.VarInt;

/**
 * A coder that writes a record's fields in a fixed order into one length-prefixed block. The
 * records that cross the shuffles in volume use it: the generic {@link SmileCoder} spends most of
 * its time on field names and on a parser per element, and the runners' stream wrappers are slow
 * one byte at a time, so the record is built in a reused buffer and handed over in one write, and
 * read back from one read.
 */
public abstract class CompactCoder<T> extends CustomCoder<T> {
  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  private static final ThreadLocal<Out> OUT = ThreadLocal.withInitial(Out::new);
  private static final ThreadLocal<In> IN = ThreadLocal.withInitial(In::new);

  /** Writes the fields; composite coders call the parts' {@code write} on the same buffer. */
  public abstract void write(T value, Out out);

  /** Reads what {@link #write} wrote, in the same order. */
  public abstract T read(In in) throws IOException;

  @Override
  public final void encode(T value, OutputStream stream) throws IOException {
    Out out = OUT.get();
    out.size = 0;
    write(value, out);
    VarInt.encode(out.size, stream);
    stream.write(out.buf, 0, out.size);
  }

  @Override
  public final T decode(InputStream stream) throws IOException {
    int length = VarInt.decodeInt(stream);
    In in = IN.get();
    in.load(stream, length);
    return readWhole(in);
  }

  /**
   * Reads a block that {@link #write} filled, as one record: for records kept encoded between
   * stages.
   */
  public final T decodeBlock(byte[] block) throws IOException {
    return readWhole(new In(block));
  }

  /** One record from a loaded block, which it must use up exactly. */
  private T readWhole(In in) throws IOException {
    T value = read(in);
    if (in.pos != in.limit) {
      throw new IOException(
          getClass().getSimpleName() + " read " + in.pos + " of " + in.limit + " bytes");
    }
    return value;
  }

  @Override
  public void verifyDeterministic() throws NonDeterministicException {
    throw new NonDeterministicException(this, "records are values, never grouping keys");
  }

  @Override
  public boolean equals(Object other) {
    return other != null && other.getClass() == getClass();
  }

  @Override
  public int hashCode() {
    return getClass().hashCode();
  }

  /** A growable buffer with the field encodings the records need. */
  public static final class Out {
    private byte[] buf = new byte[256];
    private int size;

    private void ensure(int more) {
      if (size + more > buf.length) {
        buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + more));
      }
    }

    public void flag(boolean value) {
      ensure(1);
      buf[size++] = (byte) (value ? 1 : 0);
    }

    public void small(int value) {
      ensure(1);
      buf[size++] = (byte) value;
    }

    public void varLong(long value) {
      ensure(10);
      // Zig-zag, so the negative values some exports carry stay short.
      long v = (value << 1) ^ (value >> 63);
      while ((v & ~0x7FL) != 0) {
        buf[size++] = (byte) ((v & 0x7F) | 0x80);
        v >>>= 7;
      }
      buf[size++] = (byte) v;
    }

    /** A length-prefixed run of longs, eight bytes each: for values as wide as hashes. */
    public void longs(long[] values) {
      varLong(values.length);
      ensure(8 * values.length);
      for (long v : values) {
        LONGS.set(buf, size, v);
        size += 8;
      }
    }

    /** A length-prefixed run of bytes, copied as they are. */
    public void bytes(byte[] value) {
      varLong(value.length);
      ensure(value.length);
      System.arraycopy(value, 0, buf, size, value.length);
      size += value.length;
    }

    /**
     * What {@code coder} writes of {@code value}, as a length-prefixed block that {@link In#bytes}
     * reads back whole.
     */
    public <V> void block(CompactCoder<V> coder, V value) {
      int start = size;
      coder.write(value, this);
      int length = size - start;
      // The length goes first; the body is moved up by the size of its encoding.
      long zigzag = (long) length << 1;
      int prefix = 1;
      for (long v = zigzag; (v & ~0x7FL) != 0; v >>>= 7) {
        prefix++;
      }
      ensure(prefix);
      System.arraycopy(buf, start, buf, start + prefix, length);
      size = start;
      varLong(length);
      size = start + prefix + length;
    }

    /**
     * UTF-8, except that half a surrogate pair goes as its own three bytes (as WTF-8 has it) where
     * the JDK's encoder would put '?': two ids that differ only there must stay two.
     */
    public void string(String value) {
      byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
      // The JDK's encoder writes a lone half as '?': only a string whose bytes hold one may have
      // it.
      if (holdsQuestionMark(bytes) && hasLoneSurrogate(value)) {
        bytes = wtf8(value);
      }
      bytes(bytes);
    }

    private static boolean holdsQuestionMark(byte[] bytes) {
      for (byte b : bytes) {
        if (b == '?') {
          return true;
        }
      }
      return false;
    }

    private static boolean hasLoneSurrogate(String s) {
      for (int i = 0; i < s.length(); i++) {
        char c = s.charAt(i);
        if (Character.isHighSurrogate(c)
            && i + 1 < s.length()
            && Character.isLowSurrogate(s.charAt(i + 1))) {
          i++;
        } else if (Character.isSurrogate(c)) {
          return true;
        }
      }
      return false;
    }

    private static byte[] wtf8(String s) {
      ByteArrayOutputStream out = new ByteArrayOutputStream(s.length() * 3);
      for (int i = 0; i < s.length(); i++) {
        int cp = s.codePointAt(i);
        i += Character.charCount(cp) - 1;
        if (cp < 0x80) {
          out.write(cp);
        } else if (cp < 0x800) {
          out.write(0xC0 | cp >> 6);
          out.write(0x80 | cp & 0x3F);
        } else if (cp < 0x10000) {
          out.write(0xE0 | cp >> 12);
          out.write(0x80 | cp >> 6 & 0x3F);
          out.write(0x80 | cp & 0x3F);
        } else {
          out.write(0xF0 | cp >> 18);
          out.write(0x80 | cp >> 12 & 0x3F);
          out.write(0x80 | cp >> 6 & 0x3F);
          out.write(0x80 | cp & 0x3F);
        }
      }
      return out.toByteArray();
    }

    public void nullableString(String value) {
      flag(value != null);
      if (value != null) {
        string(value);
      }
    }

    public void nullableLong(Long value) {
      flag(value != null);
      if (value != null) {
        varLong(value);
      }
    }

    public void strings(List<String> values) {
      varLong(values.size());
      for (String v : values) {
        string(v);
      }
    }

    public void source(Source s) {
      flag(s != null);
      if (s != null) {
        nullableString(s.file());
        varLong(s.line());
        varLong(s.index());
        varLong(s.offset());
        varLong(s.bytes());
      }
    }
  }

  /** Reads one block back. */
  public static final class In {
    private byte[] buf;
    private int pos;
    private int limit;

    private In() {
      this.buf = new byte[256];
    }

    private In(byte[] block) {
      this.buf = block;
      this.limit = block.length;
    }

    private void load(InputStream stream, int length) throws IOException {
      if (length > buf.length) {
        buf = new byte[Math.max(length, buf.length * 2)];
      }
      new DataInputStream(stream).readFully(buf, 0, length);
      pos = 0;
      limit = length;
    }

    private void need(int n) throws IOException {
      if (pos + n > limit) {
        throw new IOException("a record ends early");
      }
    }

    public boolean flag() throws IOException {
      need(1);
      return buf[pos++] != 0;
    }

    public int small() throws IOException {
      need(1);
      return buf[pos++] & 0xFF;
    }

    public long varLong() throws IOException {
      long v = 0;
      for (int shift = 0; shift < 64; shift += 7) {
        need(1);
        byte b = buf[pos++];
        v |= (long) (b & 0x7F) << shift;
        if (b >= 0) {
          return (v >>> 1) ^ -(v & 1);
        }
      }
      throw new IOException("a malformed number");
    }

    /** Longs as {@link Out#longs} wrote them. */
    public long[] longs() throws IOException {
      int n = varInt();
      need(Math.multiplyExact(8, n));
      long[] values = new long[n];
      for (int i = 0; i < n; i++) {
        values[i] = (long) LONGS.get(buf, pos);
        pos += 8;
      }
      return values;
    }

    public int varInt() throws IOException {
      return Math.toIntExact(varLong());
    }

    /** A string as {@link Out#string} wrote it, halves of surrogate pairs included. */
    public String string() throws IOException {
      int n = varInt();
      need(n);
      String s = new String(buf, pos, n, StandardCharsets.UTF_8);
      // A Latin-1 string answers this without a scan.
      if (s.indexOf('\uFFFD') >= 0) {
        s = fromWtf8(pos, pos + n);
      }
      pos += n;
      return s;
    }

    /**
     * Decodes what {@link Out#string} wrote; only a U+FFFD in the JDK's decoding brings it here.
     */
    private String fromWtf8(int from, int to) throws IOException {
      StringBuilder s = new StringBuilder(to - from);
      for (int i = from; i < to; ) {
        int b = buf[i] & 0xFF;
        int more = b < 0x80 ? 0 : b >= 0xC0 && b < 0xE0 ? 1 : b >= 0xE0 && b < 0xF0 ? 2 : 3;
        if (b >= 0x80 && b < 0xC0 || b >= 0xF8 || i + more >= to) {
          throw new IOException("a string that is not as it was written");
        }
        int cp = more == 0 ? b : b & (0x3F >> more);
        for (int k = 1; k <= more; k++) {
          cp = cp << 6 | buf[i + k] & 0x3F;
        }
        s.appendCodePoint(cp);
        i += more + 1;
      }
      return s.toString();
    }

    public byte[] bytes() throws IOException {
      int n = varInt();
      need(n);
      byte[] value = Arrays.copyOfRange(buf, pos, pos + n);
      pos += n;
      return value;
    }

    public String nullableString() throws IOException {
      return flag() ? string() : null;
    }

    public Long nullableLong() throws IOException {
      return flag() ? varLong() : null;
    }

    public List<String> strings() throws IOException {
      int n = varInt();
      List<String> values = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        values.add(string());
      }
      return List.copyOf(values);
    }

    public Source source() throws IOException {
      return flag()
          ? new Source(nullableString(), varLong(), varLong(), varLong(), varInt())
          : null;
    }
  }
}
