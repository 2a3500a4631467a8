package io.chatkitmigrate.transforms.read;

import io.chatkitmigrate.schemas.Finding;
import io.chatkitmigrate.schemas.Utf8;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.io.Compression;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.GroupByKey;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;

/**
 * Completes findings with the original text of their records, read again from the export. Records
 * cross the shuffles without their text (half of every message's bytes), and only the few a finding
 * is about need it. Findings are grouped by file and block of lines, so one group never holds more
 * than a block's findings; in an uncompressed UTF-8 file each record (an NDJSON line or an element
 * of a JSON array) is reached by a seek to it, and a compressed or re-encoded file is read from its
 * start up to the block's last wanted record.
 */
public final class AttachOriginals extends PTransform<PCollection<Finding>, PCollection<Finding>> {
  static final long BLOCK = 1 << 16;
  private static final TupleTag<Finding> COMPLETE = new TupleTag<>() {};
  private static final TupleTag<KV<String, Finding>> LACKING = new TupleTag<>() {};
  private final long maxRecordBytes;

  public AttachOriginals() {
    this(ChatkitRecordParser.DEFAULT_MAX_RECORD_BYTES);
  }

  /**
   * Originals longer than {@code maxRecordBytes} are attached as an excerpt, as the reading refused
   * them.
   */
  public AttachOriginals(long maxRecordBytes) {
    this.maxRecordBytes = maxRecordBytes;
  }

  @Override
  public PCollection<Finding> expand(PCollection<Finding> findings) {
    PCollectionTuple split =
        findings.apply(
            "WhichLackTheirOriginal",
            ParDo.of(new SplitFn()).withOutputTags(COMPLETE, TupleTagList.of(LACKING)));
    PCollection<Finding> read =
        split
            .get(LACKING)
            .setCoder(KvCoder.of(StringUtf8Coder.of(), findings.getCoder()))
            .apply("ByFileAndBlock", GroupByKey.create())
            .apply("ReadTheirRecordsAgain", ParDo.of(new ReadAgainFn(maxRecordBytes)))
            .setCoder(findings.getCoder());
    return PCollectionList.of(split.get(COMPLETE).setCoder(findings.getCoder()))
        .and(read)
        .apply("AllFindings", Flatten.pCollections());
  }

  /** The group of a finding: its file and the block its line (or array element) falls in. */
  static String groupOf(Finding f) {
    return (position(f) / BLOCK) + "\t" + f.source();
  }

  static final class SplitFn extends DoFn<Finding, Finding> {
    @ProcessElement
    public void process(@Element Finding f, MultiOutputReceiver out) {
      if (f.lacksOriginal()) {
        out.get(LACKING).output(KV.of(groupOf(f), f));
      } else {
        out.get(COMPLETE).output(f);
      }
    }
  }

  static final class ReadAgainFn extends DoFn<KV<String, Iterable<Finding>>, Finding> {
    private final long maxRecordBytes;

    ReadAgainFn(long maxRecordBytes) {
      this.maxRecordBytes = maxRecordBytes;
    }

    @ProcessElement
    public void process(@Element KV<String, Iterable<Finding>> group, OutputReceiver<Finding> out) {
      List<Finding> findings = new ArrayList<>();
      group.getValue().forEach(findings::add);
      String file = findings.get(0).source();
      Map<Long, String> originals;
      String failure = null;
      try {
        originals = read(file, findings, maxRecordBytes);
      } catch (IOException | RuntimeException e) {
        originals = Map.of();
        failure = e.toString();
      }
      for (Finding f : findings) {
        String original = originals.get(position(f));
        out.output(
            original != null
                ? f.withRecord(original)
                : new Finding(
                    f.reason(),
                    f.entity(),
                    f.source(),
                    f.line(),
                    f.index(),
                    f.detail()
                        + " (its original record could not be read again from the export"
                        + (failure == null ? "" : ": " + failure)
                        + ")",
                    null,
                    f.offset()));
      }
    }
  }

  /** A finding's place in its file: the array element's index, or the NDJSON line. */
  private static long position(Finding f) {
    return f.index() != null ? f.index() : f.line();
  }

  /** The original text of each finding's record, by {@link #position}. */
  static Map<Long, String> read(String file, List<Finding> findings) throws IOException {
    return read(file, findings, ChatkitRecordParser.DEFAULT_MAX_RECORD_BYTES);
  }

  static Map<Long, String> read(String file, List<Finding> findings, long max) throws IOException {
    boolean array = findings.get(0).index() != null;
    if (Compression.detect(file) == Compression.UNCOMPRESSED
        && findings.stream().allMatch(f -> f.offset() != null)) {
      // Offsets are only given for UTF-8 text, where they are positions in the file.
      ReadableByteChannel channel = FileSystems.open(FileSystems.matchNewResource(file, false));
      try (channel) {
        if (channel instanceof SeekableByteChannel seekable) {
          return seekEach(seekable, findings, array, max);
        }
      }
    }
    // Read as the reading read it: decompressed up to any cut, decoded from UTF-16/32.
    List<Long> wanted =
        findings.stream().map(AttachOriginals::position).distinct().sorted().toList();
    try (ExportStream stream = ExportStream.open(file)) {
      return array
          ? elements(new JsonArrayElements(stream.in()), wanted, max)
          : lines(new ByteInput(stream.in(), 0), 1, wanted, max);
    }
  }

  /**
   * Each finding's record by a seek to it: findings are few and far apart, and reading the text
   * between them was most of this step's work.
   */
  private static Map<Long, String> seekEach(
      SeekableByteChannel file, List<Finding> findings, boolean array, long max)
      throws IOException {
    Map<Long, String> found = new HashMap<>();
    for (Finding f : findings) {
      long at = position(f);
      if (found.containsKey(at)) {
        continue;
      }
      file.position(f.offset());
      InputStream in = Channels.newInputStream(file);
      Map<Long, String> one =
          array
              ? elements(
                  new JsonArrayElements(in, f.offset(), f.index(), f.line()), List.of(at), max)
              : lines(new ByteInput(in, f.offset()), f.line(), List.of(at), max);
      found.putAll(one);
    }
    return found;
  }

  /** The lines wanted, trimmed as the reading trimmed them, counting from {@code firstLine}. */
  private static Map<Long, String> lines(ByteInput in, long firstLine, List<Long> wanted, long max)
      throws IOException {
    Map<Long, String> found = new HashMap<>();
    long last = wanted.get(wanted.size() - 1);
    ByteInput.Bytes bytes = new ByteInput.Bytes();
    for (long line = firstLine; line <= last; line++) {
      bytes.clear();
      if (!in.readLine(bytes)) {
        break;
      }
      if (Collections.binarySearch(wanted, line) >= 0) {
        found.put(line, text(bytes.trimmed(), max));
      }
    }
    return found;
  }

  private static Map<Long, String> elements(JsonArrayElements elements, List<Long> wanted, long max)
      throws IOException {
    Map<Long, String> found = new HashMap<>();
    long last = wanted.get(wanted.size() - 1);
    for (JsonArrayElements.Element e = elements.next();
        e != null && e.kind() != JsonArrayElements.Kind.AFTER_ARRAY && e.index() <= last;
        e = elements.next()) {
      if (Collections.binarySearch(wanted, e.index()) >= 0) {
        found.put(e.index(), text(e.bytes(), max));
      }
    }
    return found;
  }

  /** A record over the maximum travels as the reading's excerpt of it, never whole. */
  private static String text(byte[] bytes, long max) {
    return bytes.length > max
        ? Utf8.excerpt(bytes, ChatkitRecordParser.EXCERPT_BYTES)
        : new String(bytes, StandardCharsets.UTF_8);
  }
}
