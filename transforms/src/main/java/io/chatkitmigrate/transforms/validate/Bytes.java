package io.chatkitmigrate.transforms.validate;

import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.beam.sdk.util.VarInt;

/**
 * The validator's coders write a block into a plain array and read it back from one: varints as
 * {@link VarInt} writes them, strings as UTF-8 after their length in bytes. Array work has no call
 * per byte, as the streams' does.
 */
final class Bytes {
  private Bytes() {}

  /** A block being written, sent as one length-prefixed array. */
  static final class Writer {
    private byte[] buf;
    private int size;

    Writer(int expected) {
      buf = new byte[Math.max(16, expected)];
    }

    private void room(int more) {
      if (size + more > buf.length) {
        buf = Arrays.copyOf(buf, Math.max(size + more, 2 * buf.length));
      }
    }

    void writeByte(int b) {
      room(1);
      buf[size++] = (byte) b;
    }

    /** A long as an unsigned varint: small non-negative ones take a byte. */
    void writeVarLong(long v) {
      room(10);
      while ((v & ~0x7FL) != 0) {
        buf[size++] = (byte) ((v & 0x7F) | 0x80);
        v >>>= 7;
      }
      buf[size++] = (byte) v;
    }

    /**
     * A long that may be negative, zig-zagged first so that small ones of either sign stay small.
     */
    void writeSignedVarLong(long v) {
      writeVarLong((v << 1) ^ (v >> 63));
    }

    /**
     * UTF-8, except that a surrogate without its pair goes as its own three bytes (as WTF-8 has it)
     * where the JDK's encoder would put '?': an id must reach its bucket as it was read.
     */
    void writeString(String s) {
      int n = s.length();
      int bytes = 0;
      for (int i = 0; i < n; i++) {
        char c = s.charAt(i);
        if (c < 0x80) {
          bytes += 1;
        } else if (c < 0x800) {
          bytes += 2;
        } else if (pairAt(s, i)) {
          bytes += 4;
          i++;
        } else {
          bytes += 3;
        }
      }
      writeVarLong(bytes);
      room(bytes);
      if (bytes == n) {
        for (int i = 0; i < n; i++) {
          buf[size++] = (byte) s.charAt(i);
        }
        return;
      }
      for (int i = 0; i < n; i++) {
        char c = s.charAt(i);
        if (c < 0x80) {
          buf[size++] = (byte) c;
        } else if (c < 0x800) {
          buf[size++] = (byte) (0xC0 | c >> 6);
          buf[size++] = (byte) (0x80 | c & 0x3F);
        } else if (pairAt(s, i)) {
          int cp = Character.toCodePoint(c, s.charAt(++i));
          buf[size++] = (byte) (0xF0 | cp >> 18);
          buf[size++] = (byte) (0x80 | cp >> 12 & 0x3F);
          buf[size++] = (byte) (0x80 | cp >> 6 & 0x3F);
          buf[size++] = (byte) (0x80 | cp & 0x3F);
        } else {
          buf[size++] = (byte) (0xE0 | c >> 12);
          buf[size++] = (byte) (0x80 | c >> 6 & 0x3F);
          buf[size++] = (byte) (0x80 | c & 0x3F);
        }
      }
    }

    private static boolean pairAt(String s, int i) {
      return Character.isHighSurrogate(s.charAt(i))
          && i + 1 < s.length()
          && Character.isLowSurrogate(s.charAt(i + 1));
    }

    int size() {
      return size;
    }

    /** The block after its length, as {@link ClaimBatch#block} reads it. */
    void writeTo(OutputStream os) throws IOException {
      VarInt.encode(size, os);
      os.write(buf, 0, size);
    }
  }

  /** A block read whole, decoded from memory. */
  static final class Reader {
    private final byte[] buf;
    private final String what;
    private int pos;

    Reader(byte[] block, String what) {
      this.buf = block;
      this.what = what;
    }

    private EOFException cutShort() {
      return new EOFException(what + " cut short");
    }

    int readUnsignedByte() throws EOFException {
      if (pos >= buf.length) {
        throw cutShort();
      }
      return buf[pos++] & 0xFF;
    }

    long readVarLong() throws IOException {
      long v = 0;
      for (int shift = 0; shift < 64; shift += 7) {
        if (pos >= buf.length) {
          throw cutShort();
        }
        byte b = buf[pos++];
        v |= (long) (b & 0x7F) << shift;
        if (b >= 0) {
          return v;
        }
      }
      throw new IOException(what + " holds a varint longer than a long");
    }

    int readVarInt() throws IOException {
      long v = readVarLong();
      if (v < 0 || v > Integer.MAX_VALUE) {
        throw new IOException(what + " holds " + v + " where a count or length goes");
      }
      return (int) v;
    }

    long readSignedVarLong() throws IOException {
      long v = readVarLong();
      return (v >>> 1) ^ -(v & 1);
    }

    /** A string as {@link Writer#writeString} writes it. */
    String readString() throws IOException {
      int length = readVarInt();
      if (length > buf.length - pos) {
        throw cutShort();
      }
      int end = pos + length;
      int i = pos;
      while (i < end && buf[i] >= 0) {
        i++;
      }
      if (i == end) {
        String ascii = new String(buf, pos, length, StandardCharsets.ISO_8859_1);
        pos = end;
        return ascii;
      }
      char[] chars = new char[length];
      int n = 0;
      for (i = pos; i < end; ) {
        int b = buf[i] & 0xFF;
        int more = b < 0x80 ? 0 : b < 0xE0 ? 1 : b < 0xF0 ? 2 : 3;
        if (b >= 0x80 && b < 0xC0 || b >= 0xF8 || i + more >= end) {
          throw new IOException(what + " holds a string that is not as it was written");
        }
        int cp = more == 0 ? b : b & (0x3F >> more);
        for (int k = 1; k <= more; k++) {
          cp = cp << 6 | buf[i + k] & 0x3F;
        }
        i += more + 1;
        if (more == 3) {
          chars[n++] = Character.highSurrogate(cp);
          chars[n++] = Character.lowSurrogate(cp);
        } else {
          chars[n++] = (char) cp;
        }
      }
      pos = end;
      return new String(chars, 0, n);
    }

    /** Whether the whole block was read: a block with bytes left over was not written so. */
    void end() throws IOException {
      if (pos != buf.length) {
        throw new IOException(what + " has bytes left over: " + (buf.length - pos));
      }
    }
  }
}
