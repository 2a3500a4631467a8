package io.chatkitmigrate.pipelines.generate;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

/**
 * One entity's records spread over {@code shards} files, one record after another to the next
 * shard, so the copies and fragments of one record land in different files as they do in real
 * sharded exports. Writes either NDJSON or one top-level JSON array per file; streams, whatever the
 * size.
 */
final class ShardedFile implements AutoCloseable {
  private static final byte[] NEWLINE = {'\n'};
  private static final byte[] ARRAY_SEPARATOR = ",\n".getBytes(StandardCharsets.US_ASCII);

  private final OutputStream[] outs;
  private final boolean[] started;
  private final boolean array;
  private long next;
  private long records;

  ShardedFile(Path folder, String entity, int shards, boolean array, boolean gzip)
      throws IOException {
    this.outs = new OutputStream[shards];
    this.started = new boolean[shards];
    this.array = array;
    for (int i = 0; i < shards; i++) {
      String name =
          String.format(
              "%s-%05d-of-%05d.%s%s",
              entity, i + 1, shards, array ? "json" : "ndjson", gzip ? ".gz" : "");
      OutputStream raw = Files.newOutputStream(folder.resolve(name));
      outs[i] = new BufferedOutputStream(gzip ? new GZIPOutputStream(raw, 1 << 16) : raw, 1 << 18);
      if (array) {
        outs[i].write('[');
        outs[i].write('\n');
      }
    }
  }

  /** Writes one record (or one deliberately broken line) to the next shard. */
  void write(byte[] record) throws IOException {
    int shard = (int) (next++ % outs.length);
    OutputStream out = outs[shard];
    if (array && started[shard]) {
      out.write(ARRAY_SEPARATOR);
    }
    started[shard] = true;
    out.write(record);
    if (!array) {
      out.write(NEWLINE);
    }
    records++;
  }

  long records() {
    return records;
  }

  @Override
  public void close() throws IOException {
    for (OutputStream out : outs) {
      if (array) {
        // No final newline: Pusher's own sample ends that way.
        out.write('\n');
        out.write(']');
      }
      out.close();
    }
  }
}
