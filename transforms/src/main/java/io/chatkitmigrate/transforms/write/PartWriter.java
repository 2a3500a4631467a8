package io.chatkitmigrate.transforms.write;

import io.chatkitmigrate.transforms.read.ByteInput;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.IntFunction;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.ResourceId;
import org.apache.beam.sdk.util.MimeTypes;

/**
 * Lines into a sequence of files of at most {@code maxBytes} each, cut only between lines, each
 * file hashed (SHA-256) and its items counted by type as it is written, so nothing has to read it
 * again to describe it.
 */
public final class PartWriter implements AutoCloseable {
  /** One completed file: where it is, its place in the sequence, size, SHA-256, items by type. */
  public record Written(
      ResourceId file, int sequence, long bytes, String sha256, Map<String, Long> counts) {}

  private final long maxBytes;
  private final IntFunction<ResourceId> fileFor;
  private final Consumer<Written> onClosed;
  private final List<Written> written = new ArrayList<>();
  private final ByteInput.Bytes line = new ByteInput.Bytes();
  private Open current;

  /**
   * @param fileFor where the file of a sequence number (from 0) goes
   * @param onClosed called with each file once it is complete on storage, in order
   */
  public PartWriter(long maxBytes, IntFunction<ResourceId> fileFor, Consumer<Written> onClosed) {
    this.maxBytes = maxBytes;
    this.fileFor = fileFor;
    this.onClosed = onClosed;
  }

  /** Every non-empty line of the input, as items of this type. */
  public void copyLines(String type, InputStream in) throws IOException {
    ByteInput lines = new ByteInput(in, 0);
    while (true) {
      line.clear();
      if (!lines.readLine(line)) {
        return;
      }
      if (line.length() == 0) {
        continue;
      }
      long needed = line.length() + 1L;
      if (needed > maxBytes) {
        throw new IOException(
            "one "
                + type
                + " item is "
                + needed
                + " bytes, more than a whole part may hold (--maxPartBytes="
                + maxBytes
                + ")");
      }
      if (current == null || current.bytes + needed > maxBytes) {
        closeCurrent();
        openNext();
      }
      line.writeTo(current.out);
      current.out.write('\n');
      current.bytes += needed;
      current.counts.merge(type, 1L, Long::sum);
    }
  }

  /** The files completed so far, in order. */
  public List<Written> written() {
    return List.copyOf(written);
  }

  /** Completes the file being written, if any. */
  @Override
  public void close() throws IOException {
    closeCurrent();
  }

  private void openNext() throws IOException {
    ResourceId file = fileFor.apply(written.size());
    MessageDigest sha;
    try {
      sha = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    OutputStream raw = Channels.newOutputStream(FileSystems.create(file, MimeTypes.TEXT));
    current =
        new Open(file, new DigestOutputStream(new BufferedOutputStream(raw, 1 << 20), sha), sha);
  }

  private void closeCurrent() throws IOException {
    if (current == null) {
      return;
    }
    Open closing = current;
    current = null;
    closing.out.close();
    Written file =
        new Written(
            closing.file,
            written.size(),
            closing.bytes,
            HexFormat.of().formatHex(closing.sha.digest()),
            new LinkedHashMap<>(closing.counts));
    written.add(file);
    onClosed.accept(file);
  }

  private static final class Open {
    final ResourceId file;
    final OutputStream out;
    final MessageDigest sha;
    final Map<String, Long> counts = new LinkedHashMap<>();
    long bytes;

    Open(ResourceId file, OutputStream out, MessageDigest sha) {
      this.file = file;
      this.out = out;
      this.sha = sha;
    }
  }
}
