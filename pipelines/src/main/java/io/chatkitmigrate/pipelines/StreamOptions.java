package io.chatkitmigrate.pipelines;

import io.chatkitmigrate.pipelines.OptionGroup.Task;
import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.PipelineOptions;

/**
 * Where the migration delivers to Stream, and how hard it may push. The secret is not an option: it
 * comes from the {@code STREAM_API_SECRET} environment variable or from a file, so it never shows
 * in the options a runner serialises or displays.
 */
public interface StreamOptions extends PipelineOptions {
  @Description("The Stream app's api key.")
  @Default.String("")
  @OptionGroup(Task.DELIVERY)
  String getStreamApiKey();

  void setStreamApiKey(String value);

  @Description(
      "A file holding the app's api secret (local or gs://); without it the secret is read from the"
          + " STREAM_API_SECRET environment variable.")
  @Default.String("")
  @OptionGroup(Task.DELIVERY)
  String getStreamApiSecretFile();

  void setStreamApiSecretFile(String value);

  @Description("Stream's API.")
  @Default.String("https://chat.stream-io-api.com")
  @OptionGroup(Task.DELIVERY)
  String getStreamBaseUrl();

  void setStreamBaseUrl(String value);

  @Description("Import API mode: upsert (replace what exists) or insert (refuse what exists).")
  @Default.String("upsert")
  @OptionGroup(Task.DELIVERY)
  String getImportMode();

  void setImportMode(String value);

  @Description(
      "Milliseconds before the first poll of an import task; later polls back off to 30 s.")
  @Default.Long(2000)
  @OptionGroup(Task.DELIVERY)
  long getImportPollMillis();

  void setImportPollMillis(long value);

  @Description("REST sink: requests in flight per worker.")
  @Default.Integer(8)
  @OptionGroup(Task.DELIVERY)
  int getMaxInFlight();

  void setMaxInFlight(int value);

  @Description("REST sink: requests in flight across all workers together.")
  @Default.Integer(32)
  @OptionGroup(Task.DELIVERY)
  int getMaxInFlightTotal();

  void setMaxInFlightTotal(int value);

  @Description(
      "Milliseconds before the second attempt of a call; each later wait doubles up to 30 s, varied"
          + " by +-50 % (jitter).")
  @Default.Long(200)
  @OptionGroup(Task.DELIVERY)
  long getStreamBackoffMillis();

  void setStreamBackoffMillis(long value);

  @Description(
      "Attempts per call to Stream (REST calls, import uploads and tasks) on 408, 429, 5xx,"
          + " timeouts and dropped connections.")
  @Default.Integer(8)
  @OptionGroup(Task.DELIVERY)
  int getStreamAttempts();

  void setStreamAttempts(int value);
}
