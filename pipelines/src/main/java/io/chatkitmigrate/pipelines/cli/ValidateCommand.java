package io.chatkitmigrate.pipelines.cli;

import io.chatkitmigrate.pipelines.PartsValidation;
import io.chatkitmigrate.pipelines.ProgressLine;
import io.chatkitmigrate.pipelines.UsageException;
import io.chatkitmigrate.schemas.Json;
import io.chatkitmigrate.schemas.stream.validate.ValidationReport;
import io.chatkitmigrate.transforms.join.Groups;
import io.chatkitmigrate.transforms.validate.KeepOutcome;
import io.chatkitmigrate.transforms.validate.ValidateParts;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.EmptyMatchTreatment;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.apache.beam.sdk.io.fs.MoveOptions.StandardMoveOptions;
import org.apache.beam.sdk.io.fs.ResolveOptions.StandardResolveOptions;
import org.apache.beam.sdk.io.fs.ResourceId;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.transforms.ParDo;

/**
 * {@code chatkit-migrate validate}: checks any set of Stream import files, as Stream would: small
 * inputs in this JVM, large ones as a pipeline on the same engines as {@code migrate} (an embedded
 * Flink, or a Flink cluster), or on the runner named.
 */
final class ValidateCommand {
  private ValidateCommand() {}

  /** The options that go to Beam, as {@code migrate} takes them. */
  private static final List<String> RUNNER_OPTIONS =
      List.of("runner", "flinkMaster", "parallelism", "filesToStage", "tempLocation");

  static int run(String[] args, PrintStream out, PrintStream err) throws Exception {
    Args a =
        new Args("validate")
            .option(
                "input",
                null,
                "An import file, or a folder (or a migration's output folder) of part-*.jsonl"
                    + " files, checked in name order.")
            .option("maxMessageLength", "5000", "Longest message text in code points.")
            .option("maxPartBytes", "300000000", "Largest file Stream accepts, in bytes.")
            .option(
                "runner",
                "",
                "DirectRunner or FlinkRunner, to validate as a pipeline; left out: in this JVM"
                    + " below "
                    + (RunnerChoice.FLINK_FROM_BYTES >> 20)
                    + " MB of input, an embedded Flink above when the launcher bundles it.")
            .option(
                "flinkMaster",
                "",
                "With FlinkRunner: [local] (embedded, the default) or host:port of a cluster.")
            .option("parallelism", "", "With FlinkRunner: workers; default every core.")
            .option(
                "filesToStage",
                "",
                "With a Flink cluster: the jar it runs,"
                    + " runners/target/chatkit-migrate-flink-cluster.jar.")
            .option(
                "tempLocation",
                "",
                "Where the run leaves its report for the command to read; a cluster on other"
                    + " machines needs a place both reach (gs://...). Default: a local temporary"
                    + " folder.");
    if (!a.parse(LocalPaths.absolute(args, "input", "filesToStage", "tempLocation"), out)) {
      return ChatkitMigrate.OK;
    }
    FileSystems.setDefaultPipelineOptions(PipelineOptionsFactory.create());
    String input = a.get("input");
    String glob = glob(input);
    long inputBytes = inputBytes(glob);
    if (inputBytes < 0) {
      throw new UsageException("no import files at " + input);
    }
    int maxMessageLength = (int) a.getLong("maxMessageLength");
    long maxPartBytes = a.getLong("maxPartBytes");
    ValidationReport report;
    if (inThisJvm(a, inputBytes)) {
      report = PartsValidation.validate(glob, maxMessageLength, maxPartBytes);
    } else {
      String[] beamArgs = pipelineArgs(a, inputBytes, Runtime.getRuntime().availableProcessors());
      int groups = Groups.forInput(inputBytes, 2 * Runtime.getRuntime().availableProcessors());
      report = validate(glob, maxMessageLength, maxPartBytes, groups, beamArgs, a, err);
    }
    if (report.totals().isEmpty() && report.errorCount() == 0) {
      throw new UsageException("no import files at " + input);
    }
    out.println(Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(report.toJson()));
    err.println(
        report.ok()
            ? "valid: " + report.totals()
            : report.errorCount() + " errors " + report.errorsByKind());
    return report.ok() ? ChatkitMigrate.OK : ChatkitMigrate.FAILED;
  }

  /** The parts an input names: a file, or the part files of a folder or a migration's output. */
  static String glob(String input) {
    if (!input.contains("://") && Files.isDirectory(Path.of(input))) {
      Path dir = Path.of(input);
      return (Files.isDirectory(dir.resolve("import")) ? dir.resolve("import") : dir)
          + "/part-*.jsonl";
    }
    return input;
  }

  /** The parts' total size, or -1 when the glob matches no file. */
  private static long inputBytes(String glob) throws IOException {
    MatchResult match = FileSystems.match(List.of(glob), EmptyMatchTreatment.ALLOW).get(0);
    if (match.status() != MatchResult.Status.OK || match.metadata().isEmpty()) {
      return -1;
    }
    return match.metadata().stream().mapToLong(MatchResult.Metadata::sizeBytes).sum();
  }

  /**
   * Whether to validate without a pipeline: no runner option given and less input than migrate
   * takes Flink for, where the validator in this JVM beats any pipeline's start-up.
   */
  static boolean inThisJvm(Args a, long inputBytes) {
    return RUNNER_OPTIONS.stream().allMatch(o -> a.get(o).isEmpty())
        && inputBytes < RunnerChoice.FLINK_FROM_BYTES;
  }

  /** The Beam arguments of the run: the runner options given, and migrate's defaults for them. */
  static String[] pipelineArgs(Args a, long inputBytes, int cores) {
    List<String> given = new ArrayList<>();
    for (String name : RUNNER_OPTIONS) {
      if (!a.get(name).isEmpty()) {
        given.add("--" + name + "=" + a.get(name));
      }
    }
    return RunnerChoice.withDefaults(given.toArray(String[]::new), inputBytes, cores);
  }

  private static ValidationReport validate(
      String glob,
      int maxMessageLength,
      long maxPartBytes,
      int groups,
      String[] beamArgs,
      Args a,
      PrintStream progress)
      throws Exception {
    PipelineOptions options;
    try {
      options = PipelineOptionsFactory.fromArgs(beamArgs).create();
    } catch (IllegalArgumentException e) {
      String message = String.valueOf(e.getMessage()).lines().findFirst().orElse("bad arguments");
      throw new UsageException(message + " (see 'chatkit-migrate validate --help')");
    }
    Path localFolder = null;
    String folder = a.get("tempLocation");
    if (folder.isEmpty()) {
      localFolder = Files.createTempDirectory("chatkit-migrate-validate-");
      folder = localFolder.toString();
    }
    ResourceId outcomeFile =
        FileSystems.matchNewResource(folder, true)
            .resolve(
                "validation-" + System.nanoTime() + ".bin", StandardResolveOptions.RESOLVE_FILE);
    try {
      Pipeline pipeline = Pipeline.create(options);
      pipeline
          .apply(
              "Validate",
              ValidateParts.of(
                  glob, maxMessageLength, maxPartBytes, PartsValidation.MAX_KEPT_ERRORS, groups))
          .apply("KeepOutcome", ParDo.of(new KeepOutcome(outcomeFile.toString())));
      try (AutoCloseable line = ProgressLine.ofValidation(progress, 5)) {
        pipeline.run().waitUntilFinish();
      }
      return KeepOutcome.read(outcomeFile.toString()).report();
    } finally {
      FileSystems.delete(List.of(outcomeFile), StandardMoveOptions.IGNORE_MISSING_FILES);
      if (localFolder != null) {
        Files.deleteIfExists(localFolder);
      }
    }
  }
}
