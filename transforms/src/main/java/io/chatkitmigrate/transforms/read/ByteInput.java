package io.chatkitmigrate.transforms.read;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Arrays;

/**
 * A byte stream read in large chunks, with its position, for the two scanners below: they look at
 * every byte, and a per-byte call into a buffered stream would be the slowest part of reading.
 */
public final class ByteInput {
  private final InputStream in;
  private final byte[] buffer = new byte[1 << 16];
  private int pos;
  private int limit;
  private long consumed;
  private boolean lastLineEnded;

  public ByteInput(InputStream in, long startPosition) {
    this.in = in;
    this.consumed = startPosition;
  }

  /** The next byte, or -1 at the end. */
  public int read() throws IOException {
    if (pos == limit && !fill()) {
      return -1;
    }
    consumed++;
    return buffer[pos++] & 0xff;
  }

  /** Whether a byte is buffered, reading more when none is; false at the end of the input. */
  boolean buffered() throws IOException {
    return pos < limit || fill();
  }

  /** The buffer, valid from {@link #bufferPosition()} to {@link #bufferLimit()}, for a scanner. */
  byte[] buffer() {
    return buffer;
  }

  int bufferPosition() {
    return pos;
  }

  int bufferLimit() {
    return limit;
  }

  /** Consumes the buffered bytes before {@code position}, which a scanner has looked at. */
  void consumeTo(int position) {
    consumed += position - pos;
    pos = position;
  }

  /** Position in the file of the next byte {@link #read()} returns. */
  public long position() {
    return consumed;
  }

  /**
   * Appends bytes up to and excluding the next {@code '\n'} (which is consumed) to {@code out}.
   *
   * @return false when the input was already at its end
   */
  public boolean readLine(Bytes out) throws IOException {
    lastLineEnded = false;
    if (pos == limit && !fill()) {
      return false;
    }
    while (true) {
      int start = pos;
      while (pos < limit && buffer[pos] != '\n') {
        pos++;
      }
      out.append(buffer, start, pos - start);
      consumed += pos - start;
      if (pos < limit) {
        pos++;
        consumed++;
        lastLineEnded = true;
        return true;
      }
      if (!fill()) {
        return true;
      }
    }
  }

  /**
   * Whether the line {@link #readLine} read last ended with {@code '\n'} rather than with the
   * input.
   */
  public boolean lastLineEnded() {
    return lastLineEnded;
  }

  private boolean fill() throws IOException {
    int n;
    do {
      n = in.read(buffer, 0, buffer.length);
    } while (n == 0);
    if (n < 0) {
      pos = limit = 0;
      return false;
    }
    pos = 0;
    limit = n;
    return true;
  }

  /** A growable byte array, reused from record to record. */
  public static final class Bytes {
    private byte[] data = new byte[1024];
    private int length;

    void append(byte[] src, int offset, int count) {
      ensure(length + count);
      System.arraycopy(src, offset, data, length, count);
      length += count;
    }

    void append(int b) {
      ensure(length + 1);
      data[length++] = (byte) b;
    }

    private void ensure(int capacity) {
      if (capacity > data.length) {
        data = Arrays.copyOf(data, Math.max(capacity, data.length * 2));
      }
    }

    public void clear() {
      length = 0;
    }

    public int length() {
      return length;
    }

    /** The content as it is, to copy a line without touching it. */
    public void writeTo(OutputStream out) throws IOException {
      out.write(data, 0, length);
    }

    /** The content without surrounding ASCII white space, a leading BOM, or a trailing CR. */
    public byte[] trimmed() {
      return trimmed(data, 0, length);
    }

    /** {@code data[from, to)} trimmed as {@link #trimmed()} trims. */
    static byte[] trimmed(byte[] data, int from, int to) {
      if (to - from >= 3
          && (data[from] & 0xff) == 0xEF
          && (data[from + 1] & 0xff) == 0xBB
          && (data[from + 2] & 0xff) == 0xBF) {
        from += 3;
      }
      while (from < to && isSpace(data[from])) {
        from++;
      }
      while (to > from && isSpace(data[to - 1])) {
        to--;
      }
      return Arrays.copyOfRange(data, from, to);
    }

    static boolean isSpace(byte b) {
      return b == ' ' || b == '\t' || b == '\r' || b == '\n';
    }
  }
}
