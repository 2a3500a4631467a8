package io.chatkitmigrate.transforms.validate;

import io.chatkitmigrate.schemas.stream.validate.ItemRules;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * A part's lines as the sequential validator numbers them: cut at '\n', numbered from 1, blank ones
 * (spaces, tabs, carriage returns) skipped but counted.
 */
final class LineCutter {
  private LineCutter() {}

  /** Receives each line that is not blank; returns false to stop reading. */
  interface Receiver {
    boolean line(long number, byte[] bytes) throws IOException;
  }

  /** Returns the line ends read: all of them, unless the receiver stopped the reading. */
  static long cut(InputStream in, Receiver receiver) throws IOException {
    byte[] buf = new byte[1 << 16];
    int filled = 0;
    long line = 0;
    while (true) {
      filled += in.readNBytes(buf, filled, buf.length - filled);
      boolean end = filled < buf.length;
      int start = 0;
      for (int i = 0; i < filled; i++) {
        if (buf[i] == '\n') {
          line++;
          if (!emit(receiver, line, buf, start, i)) {
            return line;
          }
          start = i + 1;
        }
      }
      if (end) {
        if (start < filled) {
          emit(receiver, line + 1, buf, start, filled);
        }
        return line;
      }
      if (start == 0) {
        buf = Arrays.copyOf(buf, buf.length * 2);
      } else {
        System.arraycopy(buf, start, buf, 0, filled - start);
        filled -= start;
      }
    }
  }

  private static boolean emit(Receiver receiver, long line, byte[] buf, int from, int to)
      throws IOException {
    return ItemRules.blank(buf, from, to) || receiver.line(line, Arrays.copyOfRange(buf, from, to));
  }
}
