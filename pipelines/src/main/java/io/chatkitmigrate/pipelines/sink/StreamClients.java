package io.chatkitmigrate.pipelines.sink;

import io.chatkitmigrate.pipelines.StreamOptions;
import io.chatkitmigrate.pipelines.UsageException;
import io.chatkitmigrate.transforms.stream.StreamClient;
import io.chatkitmigrate.transforms.stream.StreamCredentials;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.apache.beam.sdk.io.FileSystems;

/**
 * The credentials and client of a Stream sink, from the options and the environment, checked up
 * front.
 */
public final class StreamClients {
  public static final String SECRET_VARIABLE = "STREAM_API_SECRET";

  private StreamClients() {}

  public static StreamCredentials credentials(StreamOptions o, Map<String, String> env)
      throws UsageException, IOException {
    if (o.getStreamApiKey() == null || o.getStreamApiKey().isBlank()) {
      throw new UsageException("--streamApiKey is required to deliver to Stream");
    }
    String secret;
    if (o.getStreamApiSecretFile() != null && !o.getStreamApiSecretFile().isBlank()) {
      try (InputStream in =
          Channels.newInputStream(
              FileSystems.open(
                  FileSystems.matchSingleFileSpec(o.getStreamApiSecretFile()).resourceId()))) {
        secret = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
      } catch (FileNotFoundException e) {
        throw new UsageException("--streamApiSecretFile: no file at " + o.getStreamApiSecretFile());
      }
    } else {
      secret = env.get(SECRET_VARIABLE);
    }
    if (secret == null || secret.isBlank()) {
      throw new UsageException(
          "the api secret is missing: set " + SECRET_VARIABLE + " or pass --streamApiSecretFile");
    }
    if (!o.getImportMode().equals("upsert") && !o.getImportMode().equals("insert")) {
      throw new UsageException(
          "--importMode must be upsert or insert, not '" + o.getImportMode() + "'");
    }
    if (o.getMaxInFlight() < 1 || o.getMaxInFlightTotal() < 1 || o.getStreamAttempts() < 1) {
      throw new UsageException(
          "--maxInFlight, --maxInFlightTotal and --streamAttempts must be at least 1");
    }
    return new StreamCredentials(o.getStreamApiKey(), secret, o.getStreamBaseUrl());
  }

  public static StreamClient client(StreamCredentials credentials, StreamOptions o) {
    return new StreamClient(
        credentials,
        o.getStreamAttempts(),
        Duration.ofMillis(o.getStreamBackoffMillis()),
        Duration.ofSeconds(60));
  }

  /**
   * One cheap authenticated call, so wrong credentials or an unreachable URL stop the run before
   * any work is done: an address where nothing listens is said at once, a busy server's answer
   * (429, 5xx) is retried as any call is.
   */
  public static void checkCredentials(StreamClient client) throws IOException {
    StreamClient.Result r;
    try {
      r = client.getOnce("imports", "/imports?limit=1");
    } catch (StreamClient.Unreachable e) {
      throw e;
    } catch (IOException busy) {
      r = client.get("imports", "/imports?limit=1");
    }
    if (!r.delivered()) {
      throw new IOException(
          "Stream answered HTTP " + r.httpStatus() + " to a credentials check: " + r.error());
    }
  }
}
