package io.chatkitmigrate.transforms.read;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * The Unicode encodings JSON text may use (RFC 8259 §8.1, RFC 4627 §3): UTF-8, UTF-16 and UTF-32 in
 * either byte order, told by the byte-order mark or, without one, by where the zero bytes of the
 * first ASCII characters fall. Everything but UTF-8 is decoded to UTF-8 for the readers.
 */
enum TextEncoding {
  UTF_8("UTF-8", 1),
  UTF_16BE("UTF-16BE", 2),
  UTF_16LE("UTF-16LE", 2),
  UTF_32BE("UTF-32BE", 4),
  UTF_32LE("UTF-32LE", 4);

  private final String charset;

  /** Bytes of one code unit. */
  private final int unit;

  TextEncoding(String charset, int unit) {
    this.charset = charset;
    this.unit = unit;
  }

  /** What the first (up to) four bytes of a file say. */
  static Detected detect(byte[] head) {
    int b0 = at(head, 0);
    int b1 = at(head, 1);
    int b2 = at(head, 2);
    int b3 = at(head, 3);
    if (b0 == 0x00 && b1 == 0x00 && b2 == 0xFE && b3 == 0xFF) {
      return new Detected(UTF_32BE, 4);
    }
    if (b0 == 0xFF && b1 == 0xFE && b2 == 0x00 && b3 == 0x00) {
      return new Detected(UTF_32LE, 4);
    }
    if (b0 == 0xFE && b1 == 0xFF) {
      return new Detected(UTF_16BE, 2);
    }
    if (b0 == 0xFF && b1 == 0xFE) {
      return new Detected(UTF_16LE, 2);
    }
    if (head.length >= 4 && b0 == 0 && b1 == 0 && b2 == 0 && b3 != 0) {
      return new Detected(UTF_32BE, 0);
    }
    if (head.length >= 4 && b0 != 0 && b1 == 0 && b2 == 0 && b3 == 0) {
      return new Detected(UTF_32LE, 0);
    }
    if (head.length >= 2 && b0 == 0 && b1 != 0) {
      return new Detected(UTF_16BE, 0);
    }
    if (head.length >= 2 && b0 != 0 && b1 == 0) {
      return new Detected(UTF_16LE, 0);
    }
    return new Detected(UTF_8, 0);
  }

  private static int at(byte[] head, int i) {
    return i < head.length ? head[i] & 0xff : -1;
  }

  /** An encoding and the length of the byte-order mark that announced it (0 without one). */
  record Detected(TextEncoding encoding, int bom) {
    /**
     * The text as UTF-8, without this encoding's byte-order mark; UTF-8 is passed through as it is.
     */
    InputStream toUtf8(InputStream in) throws IOException {
      if (encoding == UTF_8) {
        return in;
      }
      in.skipNBytes(bom);
      return new ToUtf8(in, Charset.forName(encoding.charset), encoding.unit);
    }
  }

  /**
   * Decodes and re-encodes as UTF-8. A sequence that is not valid in the source encoding becomes
   * the byte 0xFF, never valid in UTF-8, so exactly the record holding it is rejected as invalid,
   * with its line.
   */
  private static final class ToUtf8 extends InputStream {
    private final InputStream in;
    private final int unit;
    private final CharsetDecoder decoder;
    private final ByteBuffer bytes = ByteBuffer.allocate(1 << 16);
    private final CharBuffer chars = CharBuffer.allocate(1 << 15);
    private ByteBuffer out = ByteBuffer.allocate(0);
    private boolean eof;
    private boolean done;

    ToUtf8(InputStream in, Charset charset, int unit) {
      this.in = in;
      this.unit = unit;
      this.decoder =
          charset
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT);
      bytes.flip();
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
      while (!out.hasRemaining()) {
        if (done) {
          return -1;
        }
        decodeSome();
      }
      int n = Math.min(len, out.remaining());
      out.get(b, off, n);
      return n;
    }

    private void decodeSome() throws IOException {
      if (!eof && bytes.remaining() < 8) {
        bytes.compact();
        int n = in.read(bytes.array(), bytes.position(), bytes.remaining());
        if (n < 0) {
          eof = true;
        } else {
          bytes.position(bytes.position() + n);
        }
        bytes.flip();
      }
      chars.clear();
      CoderResult result = decoder.decode(bytes, chars, eof);
      boolean invalid = false;
      if (result.isError()) {
        // Only the bad unit: a lone surrogate is reported with the unit after it, which may be a
        // line end.
        bytes.position(bytes.position() + Math.min(result.length(), unit));
        invalid = true;
      } else if (eof && result.isUnderflow()) {
        decoder.flush(chars);
        done = !bytes.hasRemaining();
      }
      chars.flip();
      byte[] utf8 = chars.toString().getBytes(StandardCharsets.UTF_8);
      out = ByteBuffer.allocate(utf8.length + (invalid ? 1 : 0));
      out.put(utf8);
      if (invalid) {
        out.put((byte) 0xFF);
      }
      out.flip();
    }

    @Override
    public void close() throws IOException {
      in.close();
    }
  }
}
