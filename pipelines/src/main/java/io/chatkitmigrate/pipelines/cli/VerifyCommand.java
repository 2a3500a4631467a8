package io.chatkitmigrate.pipelines.cli;

import io.chatkitmigrate.pipelines.OutputFolder;
import io.chatkitmigrate.pipelines.ReportHtml;
import io.chatkitmigrate.pipelines.StreamOptions;
import io.chatkitmigrate.pipelines.UsageException;
import io.chatkitmigrate.pipelines.sink.ImportUpload;
import io.chatkitmigrate.pipelines.sink.StreamClients;
import io.chatkitmigrate.pipelines.verify.Verifier;
import io.chatkitmigrate.pipelines.verify.VerifyOptions;
import io.chatkitmigrate.schemas.Json;
import io.chatkitmigrate.transforms.stream.StreamClient;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.options.PipelineOptionsFactory;

/**
 * {@code chatkit-migrate verify}: proves, by reading the Stream app back, that a migration landed.
 */
final class VerifyCommand {
  private VerifyCommand() {}

  /** The folder, the Stream options (as the sinks take them) and how to verify. */
  public interface VerifyCommandOptions extends UploadCommand.UploadOptions, VerifyOptions {}

  static int run(String[] args, PrintStream out, PrintStream err) throws Exception {
    return run(args, System.getenv(), out, err);
  }

  static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err)
      throws Exception {
    PipelineOptionsFactory.register(VerifyCommandOptions.class);
    if (List.of(args).contains("--help") || List.of(args).contains("-h")) {
      out.println(
          "Usage: STREAM_API_SECRET=... chatkit-migrate verify --output=FOLDER --streamApiKey=KEY"
              + " [--option=value ...]");
      out.println(
          "Exit: 0 no difference, 1 differences (verify/differences.ndjson) or a failed run, 2"
              + " usage error.");
      out.println();
      PipelineOptionsFactory.printHelp(out, VerifyCommandOptions.class);
      return ChatkitMigrate.OK;
    }
    VerifyCommandOptions options;
    try {
      options =
          PipelineOptionsFactory.fromArgs(args).withValidation().as(VerifyCommandOptions.class);
    } catch (IllegalArgumentException e) {
      throw new UsageException(
          String.valueOf(e.getMessage()).lines().findFirst().orElse("bad arguments")
              + " (see 'chatkit-migrate verify --help')");
    }
    FileSystems.setDefaultPipelineOptions(options);
    // Held like an upload: no migration may replace the folder while it is being compared.
    try (AutoCloseable held = OutputFolder.holdForUpload(options, options.getOutput(), err)) {
      return verify(options, options, options.getOutput(), null, env, out, err);
    }
  }

  /** Whether {@code migrate} or {@code upload} was asked to verify after delivering. */
  static boolean requested(VerifyOptions v) {
    return !v.getVerify().isBlank() && !v.getVerify().equals("false");
  }

  /**
   * Shared with {@code migrate --verify} and {@code upload --verify}, which know how they delivered
   * ({@code restSink}); the command itself finds out from the folder unless {@code --verifyAs}
   * says.
   */
  static int verify(
      StreamOptions stream,
      VerifyOptions v,
      String output,
      Boolean restSink,
      Map<String, String> env,
      PrintStream out,
      PrintStream err)
      throws Exception {
    String mode = v.getVerify().isBlank() || v.getVerify().equals("true") ? "full" : v.getVerify();
    if (!mode.equals("full") && !mode.equals("sample")) {
      throw new UsageException("--verify must be full or sample, not '" + mode + "'");
    }
    if (!(v.getVerifySample() > 0 && v.getVerifySample() <= 1)) {
      throw new UsageException(
          "--verifySample must be above 0 and at most 1, not " + v.getVerifySample());
    }
    if (output.contains("://")) {
      throw new UsageException(
          "verify keeps its journal in the output folder and needs a local one, not " + output);
    }
    Path root = Path.of(output);
    if (!Files.isDirectory(root.resolve("import"))) {
      throw new UsageException("no migration at " + output + " (its import/ folder is missing)");
    }
    boolean rest;
    if (!v.getVerifyAs().isBlank()) {
      if (!List.of("import-api", "rest").contains(v.getVerifyAs())) {
        throw new UsageException(
            "--verifyAs must be import-api or rest, not '" + v.getVerifyAs() + "'");
      }
      rest = v.getVerifyAs().equals("rest");
    } else if (restSink != null) {
      rest = restSink;
    } else {
      rest = deliveredByRest(root);
    }
    StreamClient client = StreamClients.client(StreamClients.credentials(stream, env), stream);
    try {
      StreamClients.checkCredentials(client);
      Verifier.Outcome outcome =
          new Verifier(
                  client,
                  new Verifier.Settings(
                      output,
                      mode.equals("sample"),
                      v.getVerifySample(),
                      v.getVerifySeed(),
                      rest,
                      stream.getMaxInFlight()),
                  err)
              .run();
      ReportHtml.withVerification(output, outcome.report());
      out.println(outcome.summary());
      return outcome.ok() ? ChatkitMigrate.OK : ChatkitMigrate.FAILED;
    } catch (StreamClient.AuthFailure | IOException e) {
      err.println("chatkit-migrate verify: " + e.getMessage());
      return ChatkitMigrate.FAILED;
    }
  }

  /**
   * An upload's state file means the import API; a migration report naming the REST sink means
   * REST.
   */
  static boolean deliveredByRest(Path root) throws IOException {
    if (Files.exists(root.resolve(ImportUpload.STATE_FILE))) {
      return false;
    }
    Path report = root.resolve("report.json");
    return Files.exists(report)
        && Json.tree(Files.readString(report)).path("options").path("sink").asText().equals("rest");
  }
}
