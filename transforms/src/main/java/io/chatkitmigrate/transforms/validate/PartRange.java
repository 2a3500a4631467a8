package io.chatkitmigrate.transforms.validate;

import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.util.ArrayList;
import java.util.List;

/**
 * A byte range of a part that one worker checks: it starts at the part's start or right after a
 * '\n', so it holds whole lines only, numbered from 1 within it ({@link Position}).
 *
 * @param index the range's place in its part, from 0
 */
record PartRange(String file, int index, long start, long end) implements Serializable {

  /**
   * The ranges of a part of {@code size} bytes, each about {@code rangeBytes} long: a cut is moved
   * forward to just after the next line end, so a line longer than a range makes its range longer.
   */
  static List<PartRange> plan(String file, long size, long rangeBytes, SeekableByteChannel part)
      throws IOException {
    List<PartRange> ranges = new ArrayList<>();
    long start = 0;
    long next = rangeBytes;
    ByteBuffer buf = ByteBuffer.allocate(1 << 13);
    while (next < size) {
      long cut = afterLineEnd(part, next - 1, buf);
      if (cut < 0 || cut >= size) {
        break;
      }
      ranges.add(new PartRange(file, ranges.size(), start, cut));
      start = cut;
      next = cut + rangeBytes;
    }
    if (size > 0) {
      ranges.add(new PartRange(file, ranges.size(), start, size));
    }
    if (ranges.size() > Position.MAX_RANGES) {
      throw new IOException(
          file + " would be cut into more than " + Position.MAX_RANGES + " ranges");
    }
    return ranges;
  }

  /** The offset just after the first '\n' at or after {@code from}, or -1 when there is none. */
  private static long afterLineEnd(SeekableByteChannel part, long from, ByteBuffer buf)
      throws IOException {
    part.position(from);
    long offset = from;
    while (true) {
      buf.clear();
      int n = part.read(buf);
      if (n < 0) {
        return -1;
      }
      for (int i = 0; i < n; i++) {
        if (buf.get(i) == '\n') {
          return offset + i + 1;
        }
      }
      offset += n;
    }
  }

  /** The range's bytes, from a stream of its part positioned at {@link #start}. */
  InputStream bytes(InputStream part) {
    return new InputStream() {
      private long left = end - start;

      @Override
      public int read() throws IOException {
        if (left <= 0) {
          return -1;
        }
        int b = part.read();
        if (b >= 0) {
          left--;
        }
        return b;
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        if (left <= 0) {
          return -1;
        }
        int n = part.read(b, off, (int) Math.min(len, left));
        if (n > 0) {
          left -= n;
        }
        return n;
      }
    };
  }
}
