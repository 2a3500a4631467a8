package io.chatkitmigrate.pipelines.cli;

import io.chatkitmigrate.pipelines.MigrateOptions;
import io.chatkitmigrate.pipelines.MigratePipeline;
import io.chatkitmigrate.pipelines.OutputFolder;
import io.chatkitmigrate.pipelines.UsageException;
import io.chatkitmigrate.pipelines.sink.StreamClients;
import io.chatkitmigrate.pipelines.verify.VerifyOptions;
import io.chatkitmigrate.transforms.read.ExportFiles;
import io.chatkitmigrate.transforms.read.ShardGaps;
import io.chatkitmigrate.transforms.stream.DeliverToStream;
import io.chatkitmigrate.transforms.stream.StreamClient;
import io.chatkitmigrate.transforms.stream.StreamCredentials;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.options.PipelineOptionsFactory;

/** {@code chatkit-migrate migrate}: checks what it is given before any work starts, then runs. */
final class MigrateCommand {
  private MigrateCommand() {}

  static int run(String[] args, PrintStream out, PrintStream err) throws Exception {
    return run(args, System.getenv(), out, err);
  }

  static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err)
      throws Exception {
    PipelineOptionsFactory.register(MigrateOptions.class);
    if (OptionsHelp.printIfAsked(
        args,
        "Usage: chatkit-migrate migrate --input=EXPORT --output=FOLDER [--option=value ...]",
        MigrateOptions.class,
        out)) {
      return ChatkitMigrate.OK;
    }
    args = LocalPaths.absolute(args, "input", "output");
    MigrateOptions first = parse(args);
    FileSystems.setDefaultPipelineOptions(first);
    long inputBytes = inputBytes(first.getInput(), first.getAllowMissingShards());
    String[] full =
        RunnerChoice.withValidation(
            RunnerChoice.withDefaults(args, inputBytes, Runtime.getRuntime().availableProcessors()),
            inputBytes);
    MigrateOptions options = parse(full);
    MigratePipeline.checkBeforeRun(options);
    String sink = options.getSink();
    if (!List.of("none", "import-api", "rest").contains(sink)) {
      throw new UsageException("--sink must be none, import-api or rest, not '" + sink + "'");
    }
    VerifyOptions verify = options.as(VerifyOptions.class);
    if (sink.equals("none") && VerifyCommand.requested(verify)) {
      throw new UsageException(
          "--verify reads back what a sink delivered: it needs --sink=import-api or --sink=rest");
    }
    // The folder is held from here to the end, the upload and the verification included; every exit
    // releases it.
    try (OutputFolder output = OutputFolder.claim(options, err)) {
      DeliverToStream.Settings rest = null;
      if (!sink.equals("none")) {
        // Credentials are checked before hours of conversion, not after.
        StreamCredentials credentials = StreamClients.credentials(options, env);
        try {
          StreamClients.checkCredentials(StreamClients.client(credentials, options));
        } catch (StreamClient.AuthFailure | StreamClient.Unreachable e) {
          err.println("chatkit-migrate migrate: " + e.getMessage());
          return ChatkitMigrate.FAILED;
        }
        if (sink.equals("rest")) {
          rest =
              new DeliverToStream.Settings(
                  credentials,
                  options.getMaxInFlight(),
                  options.getMaxInFlightTotal(),
                  options.getStreamAttempts(),
                  Duration.ofMillis(options.getStreamBackoffMillis()));
        }
      }
      err.printf(
          "chatkit-migrate: %s (%.1f MB) -> %s on %s%n",
          options.getInput(), inputBytes / 1e6, options.getOutput(), RunnerChoice.describe(full));
      MigratePipeline.Outcome outcome = MigratePipeline.run(options, rest, err, output);
      out.println(outcome.summary());
      if (!outcome.ok()) {
        if (sink.equals("import-api")) {
          out.println("not uploaded: the run failed, and a half-right import is worse than none");
        }
        return ChatkitMigrate.FAILED;
      }
      int delivered =
          sink.equals("import-api")
              ? UploadCommand.upload(options, options.getOutput(), env, out, err)
              : ChatkitMigrate.OK;
      if (delivered != ChatkitMigrate.OK
          || sink.equals("none")
          || !VerifyCommand.requested(verify)) {
        return delivered;
      }
      return VerifyCommand.verify(
          options, verify, options.getOutput(), sink.equals("rest"), env, out, err);
    }
  }

  private static MigrateOptions parse(String[] args) throws UsageException {
    try {
      return PipelineOptionsFactory.fromArgs(args).withValidation().as(MigrateOptions.class);
    } catch (IllegalArgumentException e) {
      String message = String.valueOf(e.getMessage()).lines().findFirst().orElse("bad arguments");
      throw new UsageException(message + " (see 'chatkit-migrate migrate --help')");
    }
  }

  /**
   * The input's total size; a usage error when it names nothing, holds no file, or lacks shards of
   * a numbered set (unless they are allowed to be missing): all known from the listing, before any
   * work.
   */
  static long inputBytes(String input, boolean missingShardsAllowed)
      throws IOException, UsageException {
    ExportFiles.Listing listing = ExportFiles.list(input);
    if (!listing.exists()) {
      throw new UsageException("--input " + input + " does not exist");
    }
    if (listing.files().isEmpty() && listing.rejected().isEmpty()) {
      throw new UsageException("no export files at " + input);
    }
    List<ShardGaps.Missing> gaps =
        ShardGaps.find(listing.files().stream().map(ExportFiles.File::path).toList());
    if (!gaps.isEmpty() && !missingShardsAllowed) {
      StringBuilder s =
          new StringBuilder(
              gaps.size()
                  + " shard(s) missing from the input; a run without them would lose their"
                  + " records:");
      gaps.stream()
          .limit(20)
          .forEach(
              g -> s.append("\n  ").append(g.path()).append(" (").append(g.describe()).append(')'));
      if (gaps.size() > 20) {
        s.append("\n  ... and ").append(gaps.size() - 20).append(" more");
      }
      s.append(
          "\n"
              + "pass --allowMissingShards if that is expected (each missing shard is then listed"
              + " in warnings/)");
      throw new UsageException(s.toString());
    }
    return listing.bytes();
  }
}
