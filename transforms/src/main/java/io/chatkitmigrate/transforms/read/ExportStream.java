package io.chatkitmigrate.transforms.read;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import org.apache.beam.sdk.io.Compression;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.ResourceId;

/**
 * One export file read whole as UTF-8 text: decompressed by its extension (up to where its data can
 * still be decoded), decoded from UTF-16 or UTF-32 when its first bytes say so.
 */
final class ExportStream implements Closeable {
  private static final int BUFFER = 1 << 16;

  private final InputStream in;
  private final SalvagedInput salvaged;
  private final TextEncoding.Detected encoding;

  private ExportStream(InputStream in, SalvagedInput salvaged, TextEncoding.Detected encoding) {
    this.in = in;
    this.salvaged = salvaged;
    this.encoding = encoding;
  }

  static ExportStream open(String file) throws IOException {
    ResourceId resource = FileSystems.matchNewResource(file, false);
    Compression compression = Compression.detect(file);
    InputStream raw;
    SalvagedInput salvaged = null;
    if (compression == Compression.UNCOMPRESSED) {
      raw = Channels.newInputStream(FileSystems.open(resource));
    } else {
      salvaged =
          new SalvagedInput(
              () ->
                  Channels.newInputStream(
                      compression.readDecompressed(FileSystems.open(resource))));
      raw = salvaged;
    }
    BufferedInputStream buffered = new BufferedInputStream(raw, BUFFER);
    buffered.mark(4);
    byte[] head = buffered.readNBytes(4);
    buffered.reset();
    TextEncoding.Detected encoding = TextEncoding.detect(head);
    InputStream text =
        encoding.encoding() == TextEncoding.UTF_8
            ? buffered
            : new BufferedInputStream(encoding.toUtf8(buffered), BUFFER);
    return new ExportStream(text, salvaged, encoding);
  }

  /** The text, UTF-8, supporting one mark of up to 64 KiB. */
  InputStream in() {
    return in;
  }

  /** Whether positions in {@link #in()} are positions in the file's (decompressed) bytes. */
  boolean bytesAsInFile() {
    return encoding.encoding() == TextEncoding.UTF_8;
  }

  TextEncoding encoding() {
    return encoding.encoding();
  }

  /** The first character after a byte-order mark and white space, without consuming it. */
  int firstSignificantByte() throws IOException {
    in.mark(BUFFER);
    int first = PlanReadsFn.firstSignificantByte(in);
    in.reset();
    return first;
  }

  /** Why the compressed data ended before its end, or null. */
  Exception cut() {
    return salvaged == null ? null : salvaged.failure();
  }

  /** Decompressed bytes that could be decoded, once {@link #cut()} is set. */
  long decodedBytes() {
    return salvaged == null ? -1 : salvaged.delivered();
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
