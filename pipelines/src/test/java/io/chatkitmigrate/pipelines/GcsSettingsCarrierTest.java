package io.chatkitmigrate.pipelines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chatkitmigrate.transforms.testing.FakeGcs;
import java.io.IOException;
import java.nio.channels.Channels;
import java.nio.channels.ReadableByteChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.apache.beam.sdk.extensions.gcp.options.GcsOptions;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Beam's Flink runner registers default options JVM-wide whenever a task deserialises an Impulse
 * source; gs:// must still reach the storage, with the credentials, that the run named. Without
 * {@link GcsSettingsCarrier} these reads go to storage.googleapis.com (and time out here).
 */
class GcsSettingsCarrierTest {
  private static final Duration PATIENCE = Duration.ofSeconds(30);
  static FakeGcs runs;
  static FakeGcs other;

  @BeforeAll
  static void start() throws IOException {
    runs = FakeGcs.start();
    other = FakeGcs.start();
    runs.put("tenant", "a.txt", "the run's".getBytes(StandardCharsets.UTF_8), "text/plain");
    other.put("tenant", "a.txt", "the other's".getBytes(StandardCharsets.UTF_8), "text/plain");
  }

  @AfterAll
  static void stop() {
    runs.close();
    other.close();
  }

  @Test
  void defaultOptionsRegisteredDuringARunStillReachTheRunsStorage() {
    FileSystems.setDefaultPipelineOptions(options(runs));
    // What a Flink task does as it deserialises an Impulse source's options.
    FileSystems.setDefaultPipelineOptions(PipelineOptionsFactory.create());
    int before = runs.requests().size();
    assertEquals("the run's", read("gs://tenant/a.txt"));
    assertTrue(runs.requests().size() > before, "read through the run's endpoint");
  }

  @Test
  void aDefaultBeamFilledInIsNotASettingOfTheOptions() {
    FileSystems.setDefaultPipelineOptions(options(runs));
    PipelineOptions defaults = PipelineOptionsFactory.create();
    // Asked once, Beam caches the default credential factory in the options and ships it with them.
    defaults.as(GcsOptions.class).getCredentialFactoryClass();
    FileSystems.setDefaultPipelineOptions(defaults);
    assertEquals("the run's", read("gs://tenant/a.txt"));
  }

  @Test
  void optionsThatNameTheirOwnStorageKeepIt() {
    FileSystems.setDefaultPipelineOptions(options(runs));
    int before = runs.requests().size();
    FileSystems.setDefaultPipelineOptions(options(other));
    assertEquals("the other's", read("gs://tenant/a.txt"));
    FileSystems.setDefaultPipelineOptions(PipelineOptionsFactory.create());
    assertEquals(
        "the other's", read("gs://tenant/a.txt"), "the defaults take the last settings named");
    assertFalse(runs.requests().size() > before, "nothing went to the first storage");
  }

  private static PipelineOptions options(FakeGcs gcs) {
    return PipelineOptionsFactory.fromArgs(gcs.beamArgs().toArray(String[]::new)).create();
  }

  private static String read(String path) {
    return assertTimeoutPreemptively(
        PATIENCE,
        () -> {
          try (ReadableByteChannel in =
              FileSystems.open(FileSystems.matchNewResource(path, false))) {
            return new String(Channels.newInputStream(in).readAllBytes(), StandardCharsets.UTF_8);
          }
        });
  }
}
