package io.chatkitmigrate.transforms.read;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * A decompressed stream that ends, instead of failing, where its compressed data is cut short or
 * corrupt, after every byte that can still be decoded. Decoders and the buffers above them drop the
 * bytes they had decoded in the call that failed (a truncated .gz kept 938 of its 968 complete
 * lines), so on a failure the stream is opened again, the bytes already delivered are skipped, and
 * the rest is decoded one byte a call, where a failing call has nothing left to drop.
 */
final class SalvagedInput extends InputStream {
  /** Opens the decompressed stream from its start. */
  interface Opener {
    InputStream open() throws IOException;
  }

  private final Opener opener;
  private InputStream in;
  private long delivered;
  private Exception failure;
  private byte[] tail;
  private int tailPos;

  SalvagedInput(Opener opener) throws IOException {
    this.opener = opener;
    this.in = opener.open();
  }

  /** Why the stream ended early, or null when it ended where its data did. */
  Exception failure() {
    return failure;
  }

  /**
   * Decompressed bytes delivered so far: where the readable data ends once {@link #failure()} is
   * set.
   */
  long delivered() {
    return delivered;
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (len == 0) {
      return 0;
    }
    if (tail == null) {
      try {
        int n = in.read(b, off, len);
        if (n > 0) {
          delivered += n;
        }
        return n;
      } catch (IOException | RuntimeException e) {
        failure = e;
        tail = salvage();
      }
    }
    if (tailPos == tail.length) {
      return -1;
    }
    int n = Math.min(len, tail.length - tailPos);
    System.arraycopy(tail, tailPos, b, off, n);
    tailPos += n;
    delivered += n;
    return n;
  }

  private byte[] salvage() {
    closeQuietly(in);
    ByteArrayOutputStream rest = new ByteArrayOutputStream();
    try (InputStream again = opener.open()) {
      byte[] skip = new byte[1 << 16];
      long remaining = delivered;
      while (remaining > 0) {
        int n = again.read(skip, 0, (int) Math.min(skip.length, remaining));
        if (n < 0) {
          return rest.toByteArray();
        }
        remaining -= n;
      }
      for (int b = again.read(); b >= 0; b = again.read()) {
        rest.write(b);
      }
    } catch (IOException | RuntimeException e) {
      // The decodable end is reached: what was decoded before it is kept.
    }
    return rest.toByteArray();
  }

  private static void closeQuietly(InputStream s) {
    try {
      s.close();
    } catch (IOException | RuntimeException e) {
      // A broken decoder may fail to close; the file is opened again anyway.
    }
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
