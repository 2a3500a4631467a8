package io.chatkitmigrate.pipelines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.chatkitmigrate.schemas.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Flink's REST answers, written by hand in the format of Flink 1.19's REST API reference, read into
 * progress.
 */
class FlinkJobStatusTest {
  static JsonNode sample(String name) throws IOException {
    try (InputStream in = FlinkJobStatusTest.class.getResourceAsStream("/flink-rest/" + name)) {
      return Json.tree(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
  }

  @Test
  void findsTheJobByItsBeamJobName() throws IOException {
    JsonNode overview = sample("jobs-overview.json");
    assertEquals(
        Optional.of("7e3f9c2d5b8a4e6f9d1c3b5a7e9f1d3c"),
        FlinkJobStatus.jobId(overview, "chatkitmigrate-root-1206081500-9f8e7d6c"));
    assertEquals(
        Optional.empty(), FlinkJobStatus.jobId(overview, "chatkitmigrate-root-not-submitted-yet"));
    assertEquals(Optional.empty(), FlinkJobStatus.jobId(Json.tree("{\"jobs\":[]}"), "x"));
  }

  @Test
  void readsTheJobsStateAndSteps() throws IOException {
    FlinkJobStatus status = FlinkJobStatus.of(sample("job-running.json"));
    // Records each step wrote to the next, added up: 12 + 612,345 + 590,000 + 0.
    assertEquals(new FlinkJobStatus("RUNNING", 4, 1, 1_202_357), status);
    assertFalse(status.ended());
    assertTrue(new FlinkJobStatus("FAILED", 4, 2, 0).ended());
  }

  @Test
  void findsTheItemsTheJobsValidationChecked() throws IOException {
    String checked = "ValidateParts_CheckRanges_ParMultiDo_CheckRange_.validation.checked_items";
    JsonNode ids = Json.MAPPER.readTree("[{\"id\":\"numRecordsIn\"},{\"id\":\"" + checked + "\"}]");
    assertEquals(Map.of(checked, "checked items"), FlinkJobStatus.counters(ids));
  }

  @Test
  void findsTheRunsCountersAmongAStepsMetricsAndAddsUpTheirSums() throws IOException {
    Map<String, String> counters = FlinkJobStatus.counters(sample("vertex-metrics.json"));
    String read =
        "ReadExport_ReadRanges_ParMultiDo_ReadRangeFn_"
            + ".io.chatkitmigrate.transforms.read.ReadExport.";
    assertEquals(
        Map.of(
            read + "read_messages",
            "read messages",
            read + "read_users",
            "read users",
            read + "read_user_roles",
            "read user_roles",
            "ConvertUsers_ConvertUsers.accounting.items_user",
            "items user",
            "ConvertMessages_MergeAndConvert.accounting.items_message",
            "items message"),
        counters);
    Map<String, Long> tallies = new TreeMap<>(Map.of("read messages", 12L));
    FlinkJobStatus.addSums(sample("vertex-metric-sums.json"), counters, tallies);
    assertEquals(
        Map.of(
            "read messages",
            600_012L,
            "read users",
            5_000L,
            "read user_roles",
            0L,
            "items user",
            4_990L),
        tallies);
    // A finished job's metrics leave the REST API: what was counted stays.
    assertEquals(
        Map.of("read messages", 600_012L, "items user", 5_000L),
        FlinkJobStatus.atLeast(
            Map.of("read messages", 600_012L, "items user", 4_990L), Map.of("items user", 5_000L)));
  }

  @Test
  void theLineHasRealFiguresAndTheRateAndSaysOnceWhenThereAreNone() throws Exception {
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    try (ClusterProgressLine progress =
        new ClusterProgressLine(new PrintStream(printed), "http://127.0.0.1:9", "job", 3600)) {
      long t0 = progress.started;
      assertEquals(
          "Flink job INITIALIZING; the cluster reports no records read yet",
          after(progress.line(new FlinkJobStatus("INITIALIZING", 0, 0, 0), Map.of(), t0)));
      FlinkJobStatus running = new FlinkJobStatus("RUNNING", 50, 3, 0);
      assertEquals(
          "Flink job RUNNING, 3 of 50 steps finished; the cluster reports no records read yet",
          after(progress.line(running, Map.of(), t0)));
      assertEquals(
          Optional.empty(),
          progress.line(running, Map.of("read users", 0L), t0 + 5_000_000_000L),
          "said once, not every 5 s");

      assertEquals(
          "Flink job RUNNING, 10 of 50 steps finished: 200,000 records passed between steps at"
              + " 20,000/s (the run's own counts are not in the cluster's metrics yet)",
          after(
              progress.line(
                  new FlinkJobStatus("RUNNING", 50, 10, 200_000), Map.of(), t0 + 10_000_000_000L)));
      Map<String, Long> counted =
          Map.of("read messages", 600_000L, "read users", 5_000L, "items user", 4_990L);
      assertEquals(
          "Flink job RUNNING, 26 of 50 steps finished: read 605,000 records (messages 600,000,"
              + " users 5,000) at 60,500/s; written user 4,990",
          after(
              progress.line(
                  new FlinkJobStatus("RUNNING", 50, 26, 900_000), counted, t0 + 10_000_000_000L)));
      Map<String, Long> done =
          Map.of(
              "read messages",
              1_000_000L,
              "read users",
              5_000L,
              "items user",
              4_990L,
              "items message",
              999_000L);
      FlinkJobStatus finished = new FlinkJobStatus("FINISHED", 50, 50, 2_000_000);
      assertEquals(
          "Flink job FINISHED, 50 of 50 steps finished: read 1,005,000 records (messages 1,000,000,"
              + " users 5,000) at 80,000/s; written message 999,000, user 4,990",
          after(progress.line(finished, done, t0 + 15_000_000_000L)));
      assertEquals(
          Optional.empty(),
          progress.line(finished, done, t0 + 15_000_000_000L),
          "the same line twice");
    }
    assertEquals(
        "", printed.toString(StandardCharsets.UTF_8), "nothing printed before the first poll");
  }

  static String after(Optional<String> line) {
    assertTrue(line.isPresent());
    assertTrue(line.get().matches("chatkit-migrate: \\d+:\\d\\d .*"), line.get());
    return line.get().substring(line.get().indexOf("Flink job"));
  }

  @Test
  void onlyARemoteMasterIsPolled() {
    assertEquals(
        Optional.of("http://127.0.0.1:8081"), ClusterProgressLine.restAddress("127.0.0.1:8081"));
    assertEquals(
        Optional.of("https://flink.example.com"),
        ClusterProgressLine.restAddress("https://flink.example.com"));
    assertEquals(Optional.empty(), ClusterProgressLine.restAddress("[local]"));
    assertEquals(Optional.empty(), ClusterProgressLine.restAddress("[auto]"));
    assertEquals(Optional.empty(), ClusterProgressLine.restAddress(null));
  }

  @Test
  void autoUnderFlinksRunCommandIsTheClusterItsConfigurationNames(@TempDir Path conf)
      throws IOException {
    Files.writeString(
        conf.resolve("flink-conf.yaml"),
        "jobmanager.rpc.address: 127.0.0.1\nrest.address: 127.0.0.1\nrest.port: 18931\n");
    assertEquals(
        Optional.of("http://127.0.0.1:18931"),
        ClusterProgressLine.restAddress("[auto]", Map.of("FLINK_CONF_DIR", conf.toString())));
    // Without Flink's run command, [auto] is an embedded cluster in this JVM.
    assertEquals(Optional.empty(), ClusterProgressLine.restAddress("[auto]", Map.of()));
    assertEquals(
        Optional.empty(),
        ClusterProgressLine.restAddress(
            "[auto]", Map.of("FLINK_CONF_DIR", conf.resolve("nothing").toString())));
  }
}
