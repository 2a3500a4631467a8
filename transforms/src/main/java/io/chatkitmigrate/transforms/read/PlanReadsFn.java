package io.chatkitmigrate.transforms.read;

import io.chatkitmigrate.schemas.Finding;
import io.chatkitmigrate.schemas.chatkit.Entity;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.util.Optional;
import org.apache.beam.sdk.io.Compression;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.values.TupleTag;

/** Decides, per matched file, what it holds and how it is read: its entity, encoding and ranges. */
final class PlanReadsFn extends DoFn<MatchResult.Metadata, FileRange> {
  static final TupleTag<FileRange> RANGES = new TupleTag<>() {};
  static final TupleTag<Finding> UNREADABLE = new TupleTag<>() {};

  private final long splitBytes;

  PlanReadsFn(long splitBytes) {
    this.splitBytes = splitBytes;
  }

  @ProcessElement
  public void process(@Element MatchResult.Metadata file, MultiOutputReceiver out) throws IOException {
    String path = file.resourceId().toString();
    String name = file.resourceId().getFilename();
    if (name == null || file.resourceId().isDirectory()) {
      return;
    }
    Optional<Entity> entity = Entity.fromFileName(name);
    if (entity.isEmpty()) {
      out.get(UNREADABLE).output(Finding.forFile("unknown_entity", path, unknownDetail(path, name)));
      return;
    }
    if (file.sizeBytes() == 0) {
      return;
    }
    Compression compression = Compression.detect(name);
    if (compression != Compression.UNCOMPRESSED) {
      // Compressed streams cannot be entered in the middle: one worker reads the file.
      out.get(RANGES).output(new FileRange(path, entity.get(), compression.name(), false, 0, Long.MAX_VALUE, 0, 1, 0));
      return;
    }
    boolean array = startsWithBracket(file);
    long size = file.sizeBytes();
    int ranges = array ? 1 : (int) Math.max(1, Math.min(Integer.MAX_VALUE, (size + splitBytes - 1) / splitBytes));
    for (int i = 0; i < ranges; i++) {
      long start = i * (size / ranges);
      long end = i == ranges - 1 ? size : (i + 1) * (size / ranges);
      out.get(RANGES).output(new FileRange(path, entity.get(), compression.name(), array, start, end, i, ranges, 0));
    }
  }

  private static String unknownDetail(String path, String name) {
    if (name.endsWith(".schema.json") || path.contains("/schema/")) {
      return "a JSON Schema, not export data: not read";
    }
    return "the file name does not start with users, rooms, messages, cursors, roles or user_roles: not read";
  }

  /** Whether the first character after a BOM and white space is '['. */
  static boolean startsWithBracket(MatchResult.Metadata file) throws IOException {
    try (InputStream in = Channels.newInputStream(FileSystems.open(file.resourceId()))) {
      return firstSignificantByte(in) == '[';
    }
  }

  static int firstSignificantByte(InputStream in) throws IOException {
    ByteInput bytes = new ByteInput(in, 0);
    int b = bytes.read();
    if (b == 0xEF) {
      bytes.read();
      bytes.read();
      b = bytes.read();
    }
    while (b >= 0 && ByteInput.Bytes.isSpace((byte) b)) {
      b = bytes.read();
    }
    return b;
  }
}
