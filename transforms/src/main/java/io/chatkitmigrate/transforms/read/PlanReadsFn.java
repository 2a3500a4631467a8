package io.chatkitmigrate.transforms.read;

import io.chatkitmigrate.schemas.Finding;
import io.chatkitmigrate.schemas.chatkit.Entity;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.beam.sdk.io.Compression;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.values.TupleTag;

/** Decides, per matched file, what it holds and how it is read: its entity, encoding and ranges. */
final class PlanReadsFn extends DoFn<MatchResult.Metadata, FileRange> {
  static final TupleTag<FileRange> RANGES = new TupleTag<>() {};

  /** Files found but not read on purpose, such as a file whose name names no entity. */
  static final TupleTag<Finding> FILE_WARNINGS = new TupleTag<>() {};

  /** Files that should be read but cannot be opened. */
  static final TupleTag<Finding> FILE_REJECTED = new TupleTag<>() {};

  private final long splitBytes;

  PlanReadsFn(long splitBytes) {
    this.splitBytes = splitBytes;
  }

  @ProcessElement
  public void process(@Element MatchResult.Metadata file, MultiOutputReceiver out) {
    String path = file.resourceId().toString();
    String name = file.resourceId().getFilename();
    if (name == null || file.resourceId().isDirectory()) {
      return;
    }
    Optional<Entity> entity = Entity.fromFileName(name);
    if (entity.isEmpty()) {
      out.get(FILE_WARNINGS)
          .output(Finding.forFile("unknown_entity", path, unknownDetail(path, name)));
      ReadExport.countFile(ReadExport.WARNINGS, "unknown_entity");
      return;
    }
    if (file.sizeBytes() == 0) {
      return;
    }
    Compression compression = Compression.detect(name);
    if (compression != Compression.UNCOMPRESSED) {
      // Compressed streams cannot be entered in the middle: one worker reads the file.
      out.get(RANGES)
          .output(
              new FileRange(
                  path, entity.get(), compression.name(), false, 0, Long.MAX_VALUE, 0, 1, 0, 0));
      return;
    }
    int first;
    try {
      first = firstSignificantByteIfUtf8(file);
    } catch (IOException | RuntimeException e) {
      unreadable(out, path, "cannot be opened: " + e);
      return;
    }
    boolean array = first == '[';
    long size = file.sizeBytes();
    if (array && size > splitBytes) {
      try {
        planArray(file, entity.get(), size, out);
      } catch (IOException | RuntimeException e) {
        unreadable(out, path, "cannot be read: " + e);
      }
      return;
    }
    // UTF-16/32 text cannot be cut at any line end: one worker reads it whole.
    boolean whole = array || first == NOT_UTF8;
    int ranges =
        whole
            ? 1
            : (int) Math.max(1, Math.min(Integer.MAX_VALUE, (size + splitBytes - 1) / splitBytes));
    for (int i = 0; i < ranges; i++) {
      long start = i * (size / ranges);
      long end = i == ranges - 1 ? size : (i + 1) * (size / ranges);
      out.get(RANGES)
          .output(
              new FileRange(
                  path, entity.get(), compression.name(), array, start, end, i, ranges, 0, 0));
    }
  }

  /**
   * A large array is cut where elements start, as the reading itself finds them: a scan is far
   * cheaper than the parsing it lets several workers share.
   */
  private void planArray(
      MatchResult.Metadata file, Entity entity, long size, MultiOutputReceiver out)
      throws IOException {
    String path = file.resourceId().toString();
    List<JsonArrayElements.Element> starts = new ArrayList<>();
    try (InputStream in = Channels.newInputStream(FileSystems.open(file.resourceId()))) {
      JsonArrayElements elements = new JsonArrayElements(in).withoutBytes();
      long next = splitBytes;
      for (JsonArrayElements.Element e = elements.next();
          e != null && e.kind() == JsonArrayElements.Kind.ELEMENT;
          e = elements.next()) {
        if (e.offset() >= next) {
          starts.add(e);
          next = e.offset() + splitBytes;
        }
      }
    }
    int ranges = starts.size() + 1;
    long start = 0;
    long lineEnds = 0;
    long elementsBefore = 0;
    for (int i = 0; i < ranges; i++) {
      JsonArrayElements.Element cut = i < starts.size() ? starts.get(i) : null;
      long end = cut == null ? size : cut.offset();
      out.get(RANGES)
          .output(
              new FileRange(
                  path,
                  entity,
                  Compression.UNCOMPRESSED.name(),
                  true,
                  start,
                  end,
                  i,
                  ranges,
                  lineEnds,
                  elementsBefore));
      Metrics.counter(ReadExport.class, "split_array_ranges").inc();
      if (cut != null) {
        start = cut.offset();
        lineEnds = cut.line() - 1;
        elementsBefore = cut.index();
      }
    }
  }

  /**
   * A file that should be read but cannot be: rejected, and counted outside the entities' books.
   */
  private static void unreadable(MultiOutputReceiver out, String path, String detail) {
    out.get(FILE_REJECTED).output(Finding.forFile("unreadable_file", path, detail));
    ReadExport.countFile(ReadExport.REJECTED, "unreadable_file");
  }

  private static String unknownDetail(String path, String name) {
    if (name.endsWith(".schema.json") || path.contains("/schema/")) {
      return "a JSON Schema, not export data: not read";
    }
    return "the file name does not start with users, rooms, messages, cursors, roles or user_roles:"
        + " not read";
  }

  private static final int NOT_UTF8 = -2;

  /** The first character after a BOM and white space, or {@link #NOT_UTF8} for UTF-16/32 text. */
  static int firstSignificantByteIfUtf8(MatchResult.Metadata file) throws IOException {
    try (InputStream in =
        new BufferedInputStream(Channels.newInputStream(FileSystems.open(file.resourceId())))) {
      in.mark(4);
      byte[] head = in.readNBytes(4);
      in.reset();
      if (TextEncoding.detect(head).encoding() != TextEncoding.UTF_8) {
        return NOT_UTF8;
      }
      return firstSignificantByte(in);
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
