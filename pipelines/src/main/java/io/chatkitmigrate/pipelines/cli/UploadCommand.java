package io.chatkitmigrate.pipelines.cli;

import io.chatkitmigrate.pipelines.OptionGroup;
import io.chatkitmigrate.pipelines.OutputFolder;
import io.chatkitmigrate.pipelines.StreamOptions;
import io.chatkitmigrate.pipelines.UsageException;
import io.chatkitmigrate.pipelines.sink.ImportUpload;
import io.chatkitmigrate.pipelines.sink.StreamClients;
import io.chatkitmigrate.pipelines.verify.VerifyOptions;
import io.chatkitmigrate.transforms.stream.StreamClient;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Map;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.options.Validation;

/**
 * {@code chatkit-migrate upload}: the parts of a finished migration into a Stream app, through the
 * import API.
 */
final class UploadCommand {
  private UploadCommand() {}

  /** The folder a migration wrote, and the Stream options. */
  public interface UploadOptions extends StreamOptions, VerifyOptions {
    @Description(
        "The output folder of a finished migration (with manifest.json and import/); local or"
            + " gs://.")
    @Validation.Required
    @OptionGroup(OptionGroup.Task.INPUT_OUTPUT)
    String getOutput();

    void setOutput(String value);
  }

  static int run(String[] args, PrintStream out, PrintStream err) throws Exception {
    PipelineOptionsFactory.register(UploadOptions.class);
    if (OptionsHelp.printIfAsked(
        args,
        "Usage: STREAM_API_SECRET=... chatkit-migrate upload --output=FOLDER --streamApiKey=KEY"
            + " [--option=value ...]",
        UploadOptions.class,
        out)) {
      return ChatkitMigrate.OK;
    }
    UploadOptions options;
    try {
      options = PipelineOptionsFactory.fromArgs(args).withValidation().as(UploadOptions.class);
    } catch (IllegalArgumentException e) {
      throw new UsageException(
          String.valueOf(e.getMessage()).lines().findFirst().orElse("bad arguments")
              + " (see 'chatkit-migrate upload --help')");
    }
    FileSystems.setDefaultPipelineOptions(options);
    try (AutoCloseable held = OutputFolder.holdForUpload(options, options.getOutput(), err)) {
      int uploaded = upload(options, options.getOutput(), System.getenv(), out, err);
      VerifyOptions verify = options.as(VerifyOptions.class);
      if (uploaded != ChatkitMigrate.OK || !VerifyCommand.requested(verify)) {
        return uploaded;
      }
      return VerifyCommand.verify(
          options, verify, options.getOutput(), false, System.getenv(), out, err);
    }
  }

  /** Shared with {@code migrate --sink=import-api}, which uploads once its own run succeeded. */
  static int upload(
      StreamOptions options,
      String output,
      Map<String, String> env,
      PrintStream out,
      PrintStream err)
      throws Exception {
    StreamClient client = StreamClients.client(StreamClients.credentials(options, env), options);
    try {
      StreamClients.checkCredentials(client);
      ImportUpload.Outcome outcome =
          new ImportUpload(
                  client,
                  output,
                  options.getImportMode(),
                  Duration.ofMillis(options.getImportPollMillis()),
                  Duration.ofSeconds(30),
                  err)
              .run();
      out.println(outcome.summary());
      return outcome.ok() ? ChatkitMigrate.OK : ChatkitMigrate.FAILED;
    } catch (StreamClient.AuthFailure | IOException e) {
      // The state file keeps what was done; the same command resumes from there.
      err.println(
          "chatkit-migrate upload: " + e.getMessage() + " (run the same command again to resume)");
      return ChatkitMigrate.FAILED;
    }
  }
}
