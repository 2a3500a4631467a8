package io.chatkitmigrate.transforms.read;

import io.chatkitmigrate.schemas.Finding;
import io.chatkitmigrate.schemas.chatkit.ChatkitCursor;
import io.chatkitmigrate.schemas.chatkit.ChatkitMessage;
import io.chatkitmigrate.schemas.chatkit.ChatkitRole;
import io.chatkitmigrate.schemas.chatkit.ChatkitRoom;
import io.chatkitmigrate.schemas.chatkit.ChatkitUser;
import io.chatkitmigrate.schemas.chatkit.ChatkitUserRole;
import io.chatkitmigrate.schemas.chatkit.Entity;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.apache.beam.sdk.io.fs.MetadataCoderV2;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.Filter;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.Reshuffle;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;

/**
 * Reads a Chatkit export, whatever its layout: a folder or a glob, local or {@code gs://}, entities
 * recognised by file name, NDJSON or top-level JSON arrays decided by content, compressed or not,
 * sharded any way, UTF-8, UTF-16 or UTF-32. One output per entity, plus the records it rejected and
 * the findings about whole files (cut, unreadable, missing shards, links); nothing is dropped
 * without a trace.
 */
public final class ReadExport extends PTransform<PBegin, PCollectionTuple> {
  public static final TupleTag<ChatkitUser> USERS = new TupleTag<>() {};
  public static final TupleTag<ChatkitRoom> ROOMS = new TupleTag<>() {};
  public static final TupleTag<ChatkitMessage> MESSAGES = new TupleTag<>() {};
  public static final TupleTag<ChatkitCursor> CURSORS = new TupleTag<>() {};
  public static final TupleTag<ChatkitRole> ROLES = new TupleTag<>() {};
  public static final TupleTag<ChatkitUserRole> USER_ROLES = new TupleTag<>() {};

  /** Records that could not be read as what their file holds. */
  public static final TupleTag<Finding> REJECTED = new TupleTag<>() {};

  /** Files that were found but not read, such as a file whose name names no entity. */
  public static final TupleTag<Finding> WARNINGS = new TupleTag<>() {};

  /** Files above this size are read by several workers at once. */
  public static final long DEFAULT_SPLIT_BYTES = 64L << 20;

  private final String input;
  private final long splitBytes;
  private final boolean missingShardsAllowed;
  private final long maxRecordBytes;

  private ReadExport(
      String input, long splitBytes, boolean missingShardsAllowed, long maxRecordBytes) {
    this.input = input;
    this.splitBytes = splitBytes;
    this.missingShardsAllowed = missingShardsAllowed;
    this.maxRecordBytes = maxRecordBytes;
  }

  public static ReadExport from(String input) {
    return new ReadExport(
        input, DEFAULT_SPLIT_BYTES, false, ChatkitRecordParser.DEFAULT_MAX_RECORD_BYTES);
  }

  public ReadExport withSplitBytes(long splitBytes) {
    return new ReadExport(input, splitBytes, missingShardsAllowed, maxRecordBytes);
  }

  /**
   * A shard missing from a numbered set is a warning rather than a rejection that fails the run.
   */
  public ReadExport withMissingShardsAllowed(boolean allowed) {
    return new ReadExport(input, splitBytes, allowed, maxRecordBytes);
  }

  /** Records larger than this are refused ({@code record_too_large}) with an excerpt. */
  public ReadExport withMaxRecordBytes(long maxRecordBytes) {
    return new ReadExport(input, splitBytes, missingShardsAllowed, maxRecordBytes);
  }

  /**
   * Counts a finding about a whole file. Such findings are not records: they stay out of the
   * per-entity books (read = written + merged + rejected) and are counted by reason as {@code
   * file_rejected_*} or {@code file_warning_*}; a rejected file fails the run, since records it
   * held may be missing.
   */
  static void countFile(TupleTag<Finding> kind, String reason) {
    Metrics.counter(
            ReadExport.class,
            (kind == REJECTED ? FILE_REJECTED_PREFIX : FILE_WARNING_PREFIX) + reason)
        .inc();
  }

  public static final String FILE_REJECTED_PREFIX = "file_rejected_";
  public static final String FILE_WARNING_PREFIX = "file_warning_";

  /** A folder means every file below it; a file or a glob means itself. */
  public static String toGlob(String input) {
    if (input.contains("*") || input.contains("?") || input.contains("[") || input.contains("{")) {
      return input;
    }
    boolean remote = input.contains("://");
    boolean folder = input.endsWith("/") || (!remote && Files.isDirectory(Path.of(input)));
    if (!folder && remote) {
      String last = input.substring(input.lastIndexOf('/') + 1);
      folder = !last.contains(".");
    }
    if (!folder) {
      return input;
    }
    return (input.endsWith("/") ? input : input + "/") + "**";
  }

  @Override
  public PCollectionTuple expand(PBegin begin) {
    PCollectionTuple listing =
        begin
            .apply("FindExportFiles", Create.of(input))
            .apply(
                "ListFiles",
                ParDo.of(new ListFilesFn(missingShardsAllowed))
                    .withOutputTags(
                        ListFilesFn.FILES,
                        TupleTagList.of(PlanReadsFn.FILE_WARNINGS).and(PlanReadsFn.FILE_REJECTED)));
    PCollectionTuple plan =
        listing
            .get(ListFilesFn.FILES)
            .setCoder(MetadataCoderV2.of())
            .apply("SpreadFiles", Reshuffle.viaRandomKey())
            .apply(
                "PlanReads",
                ParDo.of(new PlanReadsFn(splitBytes))
                    .withOutputTags(
                        PlanReadsFn.RANGES,
                        TupleTagList.of(PlanReadsFn.FILE_WARNINGS).and(PlanReadsFn.FILE_REJECTED)));

    PCollection<FileRange> ranges =
        plan.get(PlanReadsFn.RANGES)
            .apply("NumberLines", new NumberLines())
            .apply("SpreadRanges", Reshuffle.viaRandomKey());

    // One reading step per entity, each with only its records and its rejections as outputs:
    // Flink's DataSet translation (still chosen with --useDataStreamForBatch=false) hands every
    // output of a ParDo the whole stream of all its outputs to filter, so one step with seven
    // outputs encoded every record seven times.
    PCollectionList<Finding> rejected =
        PCollectionList.of(listing.get(PlanReadsFn.FILE_REJECTED))
            .and(plan.get(PlanReadsFn.FILE_REJECTED));
    PCollectionTuple records = PCollectionTuple.empty(begin.getPipeline());
    for (Entity entity : Entity.values()) {
      PCollectionTuple read = readEntity(ranges, entity, tagOf(entity), maxRecordBytes);
      records = addOutput(records, read, tagOf(entity));
      rejected = rejected.and(read.get(REJECTED));
    }

    return records
        .and(REJECTED, rejected.apply("ReadRejections", Flatten.pCollections()))
        .and(
            WARNINGS,
            PCollectionList.of(listing.get(PlanReadsFn.FILE_WARNINGS))
                .and(plan.get(PlanReadsFn.FILE_WARNINGS))
                .apply("FileWarnings", Flatten.pCollections()));
  }

  private static <T> PCollectionTuple readEntity(
      PCollection<FileRange> ranges, Entity entity, TupleTag<T> tag, long maxRecordBytes) {
    String name =
        entity.word().substring(0, 1).toUpperCase(Locale.ROOT) + entity.word().substring(1);
    return ranges
        .apply("Only" + name, Filter.by((FileRange r) -> r.entity() == entity))
        .apply(
            "Read" + name,
            ParDo.of(new ReadRangeFn<T>(maxRecordBytes))
                .withOutputTags(tag, TupleTagList.of(REJECTED)));
  }

  private static <T> PCollectionTuple addOutput(
      PCollectionTuple to, PCollectionTuple from, TupleTag<T> tag) {
    return to.and(tag, from.get(tag));
  }

  /** The output of each entity. */
  public static TupleTag<?> tagOf(Entity entity) {
    return switch (entity) {
      case USERS -> USERS;
      case ROOMS -> ROOMS;
      case MESSAGES -> MESSAGES;
      case CURSORS -> CURSORS;
      case ROLES -> ROLES;
      case USER_ROLES -> USER_ROLES;
    };
  }
}
