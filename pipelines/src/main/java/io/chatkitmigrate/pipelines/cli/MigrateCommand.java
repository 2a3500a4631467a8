package io.chatkitmigrate.pipelines.cli;

import io.chatkitmigrate.pipelines.MigrateOptions;
import io.chatkitmigrate.pipelines.MigratePipeline;
import io.chatkitmigrate.transforms.read.ReadExport;
import java.io.IOException;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import io.chatkitmigrate.pipelines.sink.StreamSettings;
import io.chatkitmigrate.transforms.stream.DeliverToStream;
import io.chatkitmigrate.transforms.stream.StreamClient;
import io.chatkitmigrate.transforms.stream.StreamCredentials;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.EmptyMatchTreatment;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.apache.beam.sdk.options.PipelineOptionsFactory;

/** {@code chatkit-migrate migrate}: checks what it is given before any work starts, then runs. */
final class MigrateCommand {
  private MigrateCommand() {}

  static int run(String[] args, PrintStream out, PrintStream err) throws Exception {
    return run(args, System.getenv(), out, err);
  }

  static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) throws Exception {
    PipelineOptionsFactory.register(MigrateOptions.class);
    if (OptionsHelp.printIfAsked(args, "Usage: chatkit-migrate migrate --input=EXPORT --output=FOLDER [--option=value ...]",
        MigrateOptions.class, out)) {
      return ChatkitMigrate.OK;
    }
    MigrateOptions first = parse(args);
    FileSystems.setDefaultPipelineOptions(first);
    long inputBytes = inputBytes(first.getInput());
    String[] full = RunnerChoice.withDefaults(args, inputBytes, Runtime.getRuntime().availableProcessors());
    MigrateOptions options = parse(full);
    MigratePipeline.checkBeforeRun(options);
    String sink = options.getSink();
    if (!List.of("none", "import-api", "rest").contains(sink)) {
      throw new UsageException("--sink must be none, import-api or rest, not '" + sink + "'");
    }
    DeliverToStream.Settings rest = null;
    if (!sink.equals("none")) {
      // Credentials are checked before hours of conversion, not after.
      StreamCredentials credentials = StreamSettings.credentials(options, env);
      try {
        StreamSettings.checkCredentials(StreamSettings.client(credentials, options));
      } catch (StreamClient.AuthFailure e) {
        err.println("chatkit-migrate migrate: " + e.getMessage());
        return ChatkitMigrate.FAILED;
      }
      if (sink.equals("rest")) {
        rest = new DeliverToStream.Settings(credentials, options.getMaxInFlight(), options.getMaxInFlightTotal(),
            options.getStreamAttempts(), java.time.Duration.ofMillis(options.getStreamBackoffMillis()));
      }
    }
    err.printf("chatkit-migrate: %s (%.1f MB) -> %s on %s%n", options.getInput(), inputBytes / 1e6,
        options.getOutput(), RunnerChoice.describe(full));
    MigratePipeline.Outcome outcome = MigratePipeline.run(options, rest, err);
    out.println(outcome.summary());
    if (!outcome.ok()) {
      if (sink.equals("import-api")) {
        out.println("not uploaded: the run failed, and a half-right import is worse than none");
      }
      return ChatkitMigrate.FAILED;
    }
    if (sink.equals("import-api")) {
      return UploadCommand.upload(options, options.getOutput(), env, out, err);
    }
    return ChatkitMigrate.OK;
  }

  private static MigrateOptions parse(String[] args) throws UsageException {
    try {
      return PipelineOptionsFactory.fromArgs(args).withValidation().as(MigrateOptions.class);
    } catch (IllegalArgumentException e) {
      String message = String.valueOf(e.getMessage()).lines().findFirst().orElse("bad arguments");
      throw new UsageException(message + " (see 'chatkit-migrate migrate --help')");
    }
  }

  /** The input's total size, and a usage error when it holds no file at all. */
  static long inputBytes(String input) throws IOException, UsageException {
    MatchResult match = FileSystems.match(List.of(ReadExport.toGlob(input)), EmptyMatchTreatment.ALLOW).get(0);
    long total = 0;
    int files = 0;
    if (match.status() == MatchResult.Status.OK) {
      for (MatchResult.Metadata m : match.metadata()) {
        total += m.sizeBytes();
        files++;
      }
    }
    if (files == 0) {
      throw new UsageException("no export files at " + input);
    }
    return total;
  }
}
