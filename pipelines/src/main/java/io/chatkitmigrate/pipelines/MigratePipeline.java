package io.chatkitmigrate.pipelines;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chatkitmigrate.schemas.Finding;
import io.chatkitmigrate.schemas.Json;
import io.chatkitmigrate.schemas.chatkit.ChatkitRole;
import io.chatkitmigrate.schemas.stream.StreamChannel;
import io.chatkitmigrate.schemas.stream.StreamMember;
import io.chatkitmigrate.schemas.stream.StreamMessage;
import io.chatkitmigrate.schemas.stream.StreamUser;
import io.chatkitmigrate.transforms.convert.ConvertMessages;
import io.chatkitmigrate.transforms.convert.ConvertRooms;
import io.chatkitmigrate.transforms.convert.ConvertUsers;
import io.chatkitmigrate.transforms.convert.DedupeRoles;
import io.chatkitmigrate.transforms.convert.Outputs;
import io.chatkitmigrate.transforms.convert.References;
import io.chatkitmigrate.transforms.convert.RoomIndex;
import io.chatkitmigrate.transforms.join.Groups;
import io.chatkitmigrate.transforms.read.AttachOriginals;
import io.chatkitmigrate.transforms.read.ExportFiles;
import io.chatkitmigrate.transforms.read.ReadExport;
import io.chatkitmigrate.transforms.rehost.RehostAttachments;
import io.chatkitmigrate.transforms.rehost.RehostSettings;
import io.chatkitmigrate.transforms.rules.ConversionSettings;
import io.chatkitmigrate.transforms.slice.RoomChoice;
import io.chatkitmigrate.transforms.slice.SliceExport;
import io.chatkitmigrate.transforms.stream.DeliverToStream;
import io.chatkitmigrate.transforms.validate.KeepOutcome;
import io.chatkitmigrate.transforms.validate.ValidateParts;
import io.chatkitmigrate.transforms.write.ExamplesByReason;
import io.chatkitmigrate.transforms.write.WriteLineFiles;
import io.chatkitmigrate.transforms.write.WriteParts;
import io.chatkitmigrate.transforms.write.WrittenPart;
import java.io.IOException;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.Count;
import org.apache.beam.sdk.transforms.Filter;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.View;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.TypeDescriptors;

/**
 * The migration: a Chatkit export in, Stream import files out. Reads as its steps: read, index the
 * small entities, convert users, messages and rooms (with read state), write the items and cut them
 * into parts, validate the parts (on Flink); then, in the launcher, name the parts in order, check
 * the books and write the report.
 */
public final class MigratePipeline {
  private MigratePipeline() {}

  /** How the run ended and the summary to print. */
  public record Outcome(boolean ok, String summary) {}

  /**
   * The conversion options, refused before any work starts (the output folder: {@link
   * OutputFolder#claim}).
   */
  public static void checkBeforeRun(MigrateOptions options) throws IOException, UsageException {
    Settings.conversion(options);
    slice(options);
    Settings.rehost(options);
    Settings.maxRecordBytes(options);
    Settings.maxPartBytes(options);
    Settings.validateIn(options);
  }

  /**
   * @param rest the REST sink's settings when {@code --sink=rest}, else null
   * @param output the claimed output folder: the run is written beside what it holds, and replaces
   *     it once complete
   */
  public static Outcome run(
      MigrateOptions options,
      DeliverToStream.Settings rest,
      PrintStream progress,
      OutputFolder output)
      throws Exception {
    long started = System.nanoTime();
    ConversionSettings conversion = Settings.conversion(options);
    RehostSettings rehost = Settings.rehost(options);
    long maxRecordBytes = Settings.maxRecordBytes(options);
    Layout out = output.staging();
    int groups =
        options.getGroups() > 0
            ? options.getGroups()
            : Groups.forInput(
                inputBytes(options.getInput()), 2 * Runtime.getRuntime().availableProcessors());

    Pipeline pipeline = Pipeline.create(options);

    // 1. Read every file of the export into one collection per entity.
    PCollectionTuple export =
        pipeline.apply(
            "ReadExport",
            ReadExport.from(options.getInput())
                .withSplitBytes(options.getSplitBytes())
                .withMissingShardsAllowed(options.getAllowMissingShards())
                .withMaxRecordBytes(maxRecordBytes));
    RoomChoice slice = slice(options);
    if (!slice.everything()) {
      export = export.apply("Slice", new SliceExport(slice));
    }

    // 2. The small entities every stage consults: roles, and an index of rooms.
    PCollectionTuple roles =
        export.get(ReadExport.ROLES).apply("DedupeRoles", new DedupeRoles(conversion));
    PCollectionView<List<ChatkitRole>> roleBook =
        roles.get(DedupeRoles.ROLES).apply("RoleBook", View.asList());
    PCollection<RoomIndex> roomIndex =
        export.get(ReadExport.ROOMS).apply("IndexRooms", Combine.globally(new RoomIndex.Build()));
    PCollectionView<Boolean> hasCursors =
        export
            .get(ReadExport.CURSORS)
            .apply("CountCursors", Count.globally())
            .apply(
                "AnyCursors", MapElements.into(TypeDescriptors.booleans()).via((Long n) -> n > 0))
            .apply("HasCursorsView", View.asSingleton());

    // 3. Users, with placeholders for everyone referenced but missing, and id collisions found.
    PCollectionTuple users =
        PCollectionTuple.of(ConvertUsers.USERS, export.get(ReadExport.USERS))
            .and(ConvertUsers.ROLES, export.get(ReadExport.USER_ROLES))
            .and(ConvertUsers.REFERENCES, References.of(export))
            .apply("ConvertUsers", new ConvertUsers(conversion, groups, roleBook));
    PCollection<String> collidedUsers = users.get(ConvertUsers.COLLIDED);
    PCollectionView<List<String>> collidedUsersView =
        collidedUsers.apply("CollidedUsersView", View.asList());

    // 4. Messages: records merged, timestamps made strictly increasing, parts converted; attachment
    //    files first copied into Cloud Storage when asked.
    ConvertMessages convertMessages = new ConvertMessages(conversion, groups);
    PCollectionList<Finding> rehostWarnings = PCollectionList.empty(pipeline);
    if (rehost != null) {
      PCollectionTuple rehosted =
          export
              .get(ReadExport.MESSAGES)
              .apply(
                  "RehostAttachments",
                  new RehostAttachments(rehost, conversion.attachmentUrlMap().keySet(), groups));
      convertMessages.withRehosted(
          rehosted.get(RehostAttachments.REHOSTED).apply("RehostedUrlsView", View.asMap()));
      rehostWarnings = rehostWarnings.and(rehosted.get(Outputs.WARNINGS));
    }
    PCollectionTuple messages =
        PCollectionTuple.of(ConvertMessages.MESSAGES, export.get(ReadExport.MESSAGES))
            .and(ConvertMessages.ROOMS, roomIndex)
            .and(ConvertMessages.COLLIDED_USERS, collidedUsers)
            .apply("ConvertMessages", convertMessages);

    // 5. Rooms into channels and members, with read state from the cursors.
    PCollectionTuple rooms =
        PCollectionTuple.of(ConvertRooms.ROOMS, export.get(ReadExport.ROOMS))
            .and(ConvertRooms.STAMPS, messages.get(ConvertMessages.STAMPS))
            .and(ConvertRooms.MORE_STAMPS, messages.get(ConvertMessages.REGROUPED_STAMPS))
            .and(ConvertRooms.CURSORS, export.get(ReadExport.CURSORS))
            .and(ConvertRooms.ROLES, export.get(ReadExport.USER_ROLES))
            .apply(
                "ConvertRooms",
                new ConvertRooms(conversion, groups, roleBook, collidedUsersView, hasCursors));

    // 6. Each item type to its own shards, and everything the user must be able to look at, through
    // one sink.
    PCollection<Finding> rejected =
        withOriginals(
            PCollectionList.of(export.get(ReadExport.REJECTED))
                .and(roles.get(Outputs.REJECTED))
                .and(users.get(Outputs.REJECTED))
                .and(messages.get(Outputs.REJECTED))
                .and(rooms.get(Outputs.REJECTED)),
            "Rejected",
            maxRecordBytes);
    PCollection<Finding> warnings =
        withOriginals(
            PCollectionList.of(export.get(ReadExport.WARNINGS))
                .and(users.get(Outputs.WARNINGS))
                .and(messages.get(Outputs.WARNINGS))
                .and(rooms.get(Outputs.WARNINGS))
                .and(rehostWarnings.getAll()),
            "Warnings",
            maxRecordBytes);
    // The report's few examples of each reason, chosen here so the launcher reads no more.
    ExamplesByReason examples = new ExamplesByReason(Finish.EXAMPLES_PER_REASON);
    WriteLineFiles.Plan files =
        WriteLineFiles.plan(out.work("tmp"))
            .add("Users", users.get(Outputs.USER_LINES), out.items(StreamUser.ITEM_TYPE), ".jsonl")
            .add(
                "Channels",
                rooms.get(Outputs.CHANNEL_LINES),
                out.items(StreamChannel.ITEM_TYPE),
                ".jsonl")
            .add(
                "Members",
                rooms.get(Outputs.MEMBER_LINES),
                out.items(StreamMember.ITEM_TYPE),
                ".jsonl")
            .addWithOwnSink(
                "Messages",
                messages.get(Outputs.MESSAGE_LINES),
                out.items(StreamMessage.ITEM_TYPE),
                ".jsonl")
            .add(
                "RegroupedMessages",
                messages.get(ConvertMessages.REGROUPED_LINES),
                out.items(StreamMessage.ITEM_TYPE) + "-regrouped",
                ".jsonl")
            .add(
                "IdMap",
                PCollectionList.of(users.get(Outputs.ID_MAP))
                    .and(rooms.get(Outputs.ID_MAP))
                    .apply("AllIdChanges", Flatten.pCollections()),
                out.work("idmap"),
                ".jsonl")
            .add(
                "ReadState",
                rooms
                    .get(Outputs.READ_STATE)
                    .apply("ReadStateSummary", Combine.globally(new ReadStateSummary.Fn())),
                out.work("readstate"),
                ".jsonl")
            .add("RoleSummary", roles.get(DedupeRoles.SUMMARY), out.work("roles"), ".jsonl")
            .add("Rejected", lines(rejected, "Rejected"), out.rejected(), ".ndjson")
            .add(
                "RejectedExamples",
                lines(rejected.apply("RejectedExamples", examples), "RejectedExamples"),
                out.work(REJECTED_EXAMPLES),
                ".jsonl")
            .add("Warnings", lines(warnings, "Warnings"), out.warnings(), ".ndjson")
            .add(
                "WarningExamples",
                lines(warnings.apply("WarningExamples", examples), "WarningExamples"),
                out.work(WARNING_EXAMPLES),
                ".jsonl");

    // 7. With --sink=rest, every item into the Stream app as well; what Stream refuses is kept with
    // its error.
    if (rest != null) {
      PCollection<Finding> refused =
          PCollectionTuple.of(Outputs.USER_LINES, users.get(Outputs.USER_LINES))
              .and(Outputs.CHANNEL_LINES, rooms.get(Outputs.CHANNEL_LINES))
              .and(Outputs.MEMBER_LINES, rooms.get(Outputs.MEMBER_LINES))
              .and(
                  Outputs.MESSAGE_LINES,
                  PCollectionList.of(messages.get(Outputs.MESSAGE_LINES))
                      .and(messages.get(ConvertMessages.REGROUPED_LINES))
                      .apply("AllMessageLines", Flatten.pCollections()))
              .apply("DeliverToStream", new DeliverToStream(rest));
      files.add(
          "DeliveryRefusals",
          lines(
              withOriginals(PCollectionList.of(refused), "DeliveryRefusals", maxRecordBytes),
              "DeliveryRefusals"),
          out.deliveryRefusals(),
          ".ndjson");
    }
    PCollection<KV<String, String>> written = files.write("WriteFiles");

    // 8. The import parts, cut, written, hashed and counted by the workers from the item shards;
    // what each part holds is reported through a sink, for the launcher to name them in order.
    Map<String, String> itemTargets =
        Map.of(
            "Users", StreamUser.ITEM_TYPE,
            "Channels", StreamChannel.ITEM_TYPE,
            "Members", StreamMember.ITEM_TYPE,
            "Messages", StreamMessage.ITEM_TYPE,
            "RegroupedMessages", StreamMessage.ITEM_TYPE);
    PCollection<String> parts =
        written
            .apply(
                "ItemShards",
                Filter.by((KV<String, String> file) -> itemTargets.containsKey(file.getKey())))
            .apply(
                "ShardTypes",
                MapElements.into(
                        TypeDescriptors.kvs(TypeDescriptors.strings(), TypeDescriptors.strings()))
                    .via(
                        (KV<String, String> file) ->
                            KV.of(itemTargets.get(file.getKey()), file.getValue())))
            .apply(
                "WriteParts",
                new WriteParts(
                    Layout.WRITTEN_TYPES,
                    out.work("parts"),
                    options.getMaxPartBytes(),
                    partRuns(options)));
    WriteLineFiles.plan(out.work("tmp"))
        .add("PartsWritten", parts, out.work("partswritten"), ".jsonl")
        .write("WritePartsWritten");

    // 9. With --validateIn=job (the default on a remote cluster), the parts validated by the
    // workers where they lie, before they are named; the launcher reads the small outcome.
    // Otherwise the launcher validates them as it names them.
    boolean validatedInJob = validatesInJob(options);
    if (validatedInJob) {
      parts
          .apply(
              "PartFiles",
              MapElements.into(
                      TypeDescriptors.kvs(TypeDescriptors.strings(), TypeDescriptors.longs()))
                  .via(
                      (String line) -> {
                        WrittenPart part = WrittenPart.fromJson(line);
                        return KV.of(part.file(), part.bytes());
                      }))
          .apply(
              "ValidateParts",
              ValidateParts.ofParts(
                  options.getMaxMessageLength(),
                  options.getMaxPartBytes(),
                  PartsValidation.MAX_KEPT_ERRORS,
                  groups))
          .apply("KeepValidation", ParDo.of(new KeepOutcome(out.work(VALIDATION))));
    }

    PipelineResult result;
    PipelineResult.State state;
    try (AutoCloseable line = ProgressLine.of(options, progress, 5)) {
      result = pipeline.run();
      state = result.waitUntilFinish();
    }
    if (state != PipelineResult.State.DONE) {
      return new Outcome(false, "the pipeline ended " + state);
    }

    // 10. The import parts named in order, the manifest, the report; then the books and the
    // validator decide, and the complete migration takes the place of the one in the folder.
    Outcome outcome =
        Finish.run(
            options,
            conversion,
            out,
            output.target(),
            Books.of(result),
            validatedInJob,
            started,
            progress,
            slice.everything()
                ? null
                : sliceJson(slice, options.getInput(), Books.outsideSlice(result)));
    Layout placed = output.place(out, outcome.ok());
    if (!placed.equals(output.target())) {
      return new Outcome(
          false,
          outcome.summary()
              + "the good migration already in "
              + output.target().root()
              + " was kept; this run's output and report are in "
              + placed.root()
              + "\n");
    }
    return outcome;
  }

  /** Where the job leaves the report's examples of each reason, in the output's work folder. */
  static final String REJECTED_EXAMPLES = "examples-rejected";

  static final String WARNING_EXAMPLES = "examples-warnings";

  /** Where the job leaves its validation's outcome, in the output's work folder. */
  static final String VALIDATION = "validation.bin";

  /**
   * Whether the job validates its own parts (--validateIn). By default on a remote cluster: the
   * launcher then runs on another machine, and reading every part through it would not scale. On
   * this machine the command line asks for the job from a size of input on (RunnerChoice), below
   * which the launcher's validator does the same work for less (docs/benchmarks.md).
   */
  static boolean validatesInJob(MigrateOptions options) throws UsageException {
    if (!options.getValidate()) {
      return false;
    }
    return switch (Settings.validateIn(options)) {
      case JOB -> true;
      case LAUNCHER -> false;
      case AUTO ->
          options.getRunner().getSimpleName().equals("FlinkRunner")
              && ClusterProgressLine.restAddress(
                      options.as(RemoteFlinkOptions.class).getFlinkMaster())
                  .isPresent();
    };
  }

  /** The most runs of parts written side by side: each run may cost one part beyond the fewest. */
  static final int MAX_PART_RUNS = 16;

  /**
   * Runs of parts for the workers there are: Flink's --parallelism when given, else this machine's
   * cores; at least two, at most {@link #MAX_PART_RUNS}.
   */
  static int partRuns(PipelineOptions options) {
    Integer slots = options.as(SlotsOptions.class).getParallelism();
    int workers = slots != null && slots > 0 ? slots : Runtime.getRuntime().availableProcessors();
    return Math.min(MAX_PART_RUNS, Math.max(2, workers));
  }

  /** The rooms {@code --rooms} or {@code --sampleRooms} choose; every room without either. */
  static RoomChoice slice(MigrateOptions options) throws UsageException {
    SliceOptions o = options.as(SliceOptions.class);
    if (!o.getRooms().isBlank() && o.getSampleRooms() > 0) {
      throw new UsageException(
          "--rooms and --sampleRooms choose a slice two ways: pass one of them");
    }
    if (o.getSampleRooms() < 0 || o.getSampleRooms() >= 1) {
      throw new UsageException(
          "--sampleRooms must be above 0 and below 1, not " + o.getSampleRooms());
    }
    return RoomChoice.of(o.getRooms(), o.getSampleRooms(), o.getSeed());
  }

  static ObjectNode sliceJson(RoomChoice slice, String input, Map<String, Long> outside) {
    ObjectNode node = Json.MAPPER.createObjectNode();
    node.put("of", input);
    node.put("rooms", slice.describe());
    node.put(
        "note",
        "a slice: the accounting's read counts are of the slice; outside_slice counts what was left"
            + " out");
    node.set("outside_slice", Json.MAPPER.valueToTree(outside));
    return node;
  }

  private static PCollection<Finding> withOriginals(
      PCollectionList<Finding> findings, String name, long maxRecordBytes) {
    return findings
        .apply("All" + name, Flatten.pCollections())
        .apply("Originals" + name, new AttachOriginals(maxRecordBytes));
  }

  private static PCollection<String> lines(PCollection<Finding> findings, String name) {
    return findings.apply(
        "Format" + name, MapElements.into(TypeDescriptors.strings()).via(Finding::toJsonLine));
  }

  static long inputBytes(String input) throws IOException {
    return ExportFiles.list(input).bytes();
  }

  static ObjectNode optionsJson(MigrateOptions o) {
    ObjectNode node = Json.MAPPER.createObjectNode();
    node.put("input", o.getInput());
    node.put("output", o.getOutput());
    node.put("privateChannelType", o.getPrivateChannelType());
    node.put("publicChannelType", o.getPublicChannelType());
    node.put("roleMap", o.getRoleMap());
    node.put("roomRoleMap", o.getRoomRoleMap());
    node.put("deletedRooms", o.getDeletedRooms());
    node.put("missingCursor", o.getMissingCursor());
    node.put("readState", o.getReadState());
    node.put("maxMessageLength", o.getMaxMessageLength());
    node.put("migrateResources", o.getMigrateResources());
    node.put("attachmentUrlMap", o.getAttachmentUrlMap());
    node.put("maxPartBytes", o.getMaxPartBytes());
    node.put("maxRecordBytes", o.getMaxRecordBytes());
    if (o.getAllowMissingShards()) {
      node.put("allowMissingShards", true);
    }
    if (!o.getRehostAttachments().isBlank()) {
      node.put("rehostAttachments", o.getRehostAttachments());
      node.put("rehostUrlStyle", o.getRehostUrlStyle());
    }
    node.put("runner", o.getRunner().getSimpleName());
    if (!o.getSink().equals("none")) {
      node.put("sink", o.getSink());
      node.put("streamApiKey", o.getStreamApiKey());
      node.put("streamBaseUrl", o.getStreamBaseUrl());
    }
    return node;
  }
}
