package io.chatkitmigrate.runners;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.chatkitmigrate.pipelines.cli.ChatkitMigrate;
import io.chatkitmigrate.pipelines.generate.ExpectedCounts;
import io.chatkitmigrate.pipelines.generate.ExportGenerator;
import io.chatkitmigrate.pipelines.generate.GeneratorSettings;
import io.chatkitmigrate.schemas.Json;
import io.chatkitmigrate.transforms.testing.StreamEmulator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Flink 1.19 session cluster (runners/flink-cluster/start, on free ports of 127.0.0.1, two
 * TaskManagers of one slot each, so the work crosses processes) migrates a generated export with a
 * 50,000-message hot room and every fault the generator makes, submitted both by the FlinkRunner
 * and by Flink's own {@code run} command; both give the same items as the Direct runner and the
 * embedded Flink, and the books add up. The cluster is stopped whatever happens.
 */
class FlinkClusterIT {
  static final Path CLUSTER = Path.of("flink-cluster").toAbsolutePath();
  static final Path LEAN_JAR =
      Path.of("target", "chatkit-migrate-flink-cluster.jar").toAbsolutePath();

  @TempDir static Path tmp;
  static Path export;
  static JsonNode expected;
  static Map<String, String> env;
  static int restPort;

  @BeforeAll
  static void startClusterAndGenerate() throws Exception {
    Path generated = tmp.resolve("generated");
    new ExportGenerator(
            GeneratorSettings.of(60_000, 31).withHotRoom(50_000).withRates(0.01, 0.03, 0.05))
        .generate(generated, n -> {});
    export = generated.resolve("export");
    expected = Json.tree(Files.readString(generated.resolve("expected.json")));
    restPort = freePort();
    env =
        Map.of(
            "FLINK_REST_PORT",
            Integer.toString(restPort),
            "FLINK_RPC_PORT",
            Integer.toString(freePort()),
            "FLINK_CLUSTER_STATE",
            tmp.resolve("flink-state").toString(),
            "FLINK_TM_MEMORY",
            "2g",
            "FLINK_TASK_MANAGERS",
            "2",
            "FLINK_TM_SLOTS",
            "1");
    assertEquals(0, script("start"), "the cluster did not start");
  }

  @AfterAll
  static void stopCluster() throws Exception {
    assertEquals(0, script("stop"));
    assertFalse(listening(restPort), "the cluster's REST port is still open after stop");
    assertFalse(Files.exists(tmp.resolve("flink-state").resolve("jobmanager.pid")));
  }

  static int script(String name) throws Exception {
    ProcessBuilder pb = new ProcessBuilder(CLUSTER.resolve(name).toString()).inheritIO();
    pb.environment().putAll(env);
    Process p = pb.start();
    assertTrue(p.waitFor(5, TimeUnit.MINUTES), name + " hung");
    return p.exitValue();
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  static boolean listening(int port) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 500);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** Flink's own command line, as an operator would submit the lean jar to a production cluster. */
  static Path migrateWithFlinkRun(String name) throws Exception {
    Path out = tmp.resolve(name);
    ProcessBuilder pb =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                CLUSTER.resolve("target/lib") + "/*",
                "org.apache.flink.client.cli.CliFrontend",
                "run",
                "-c",
                ChatkitMigrate.class.getName(),
                LEAN_JAR.toString(),
                "migrate",
                "--input=" + export,
                "--output=" + out,
                "--runner=FlinkRunner",
                "--flinkMaster=[auto]")
            .redirectErrorStream(true);
    pb.environment().put("FLINK_CONF_DIR", tmp.resolve("flink-state").resolve("conf").toString());
    Process p = pb.start();
    String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(10, TimeUnit.MINUTES));
    assertEquals(0, p.exitValue(), log);
    // [auto] under Flink's run command: the progress comes from the cluster its configuration
    // names.
    assertTrue(log.contains("; its web UI: http://127.0.0.1:"), log);
    assertFalse(log.contains("(none yet)"), "zeros instead of figures: " + log);
    return out;
  }

  @Test
  void theClusterTheEmbeddedFlinkAndDirectAgreeItemForItem() throws Exception {
    Path direct = Migrations.migrate(export, tmp.resolve("direct"), "--runner=DirectRunner");
    Path local = Migrations.migrateOnEmbeddedFlink(export, tmp.resolve("local"));
    Path cluster = tmp.resolve("cluster");
    String progress = migrateOnCluster(cluster);
    Path flinkRun = migrateWithFlinkRun("flink-run");

    List<String> items = Migrations.sortedLines(direct.resolve("import"));
    assertTrue(items.size() > 60_000, "items: " + items.size());
    for (Path run : List.of(local, cluster, flinkRun)) {
      assertEquals(
          items,
          Migrations.sortedLines(run.resolve("import")),
          run + " differs from the Direct run");
      assertEquals(
          Migrations.sortedLines(direct.resolve("rejected")),
          Migrations.sortedLines(run.resolve("rejected")),
          run.toString());
    }
    for (Path run : List.of(direct, local, cluster, flinkRun)) {
      JsonNode report = Json.tree(Files.readString(run.resolve("report.json")));
      assertTrue(report.get("ok").asBoolean(), run + ": " + report.get("accounting"));
      assertEquals(List.of(), ExpectedCounts.differences(expected, report), run.toString());
    }
    theProgressCameFromTheCluster(
        progress, Json.tree(Files.readString(cluster.resolve("report.json"))));
  }

  @Test
  void manyPartsWrittenByTheWorkersUploadAndValidateLikeOne() throws Exception {
    long max = 2_000_000;
    Path cluster = tmp.resolve("cluster-parts");
    migrateOnCluster(cluster, "--maxPartBytes=" + max);
    Path whole = tmp.resolve("cluster-whole");
    migrateOnCluster(whole);

    int parts = WorkerParts.count(cluster);
    assertTrue(parts > 5, parts + " parts");
    List<String> sequence = WorkerParts.inOrder(cluster, max);
    assertEquals(
        Migrations.sortedLines(whole.resolve("import")),
        sequence.stream().sorted().toList(),
        "the items of the run in one part, each once");
    assertEquals(0, cli("validate", "--input=" + cluster), "validate");

    Path secret = tmp.resolve("secret");
    Files.writeString(secret, "cluster-secret\n");
    try (StreamEmulator stream = StreamEmulator.start("cluster-key", "cluster-secret")) {
      stream.withImportStepMillis(20);
      int exit =
          cli(
              "upload",
              "--output=" + cluster,
              "--streamApiKey=cluster-key",
              "--streamApiSecretFile=" + secret,
              "--streamBaseUrl=" + stream.baseUrl(),
              "--importPollMillis=20",
              "--streamBackoffMillis=10");
      assertEquals(0, exit, "upload");
      List<String> tasks = stream.taskPaths();
      assertEquals(parts, tasks.size(), "a task per part: " + tasks);
      for (int i = 0; i < parts; i++) {
        assertTrue(
            tasks.get(i).endsWith(String.format("part-%05d.jsonl", i + 1)), tasks.toString());
      }
      assertEquals(
          sequence.stream().filter(l -> l.startsWith("{\"type\":\"message\"")).count(),
          stream.messages.size());
    }
  }

  /** The command line in this JVM; its exit code, with what it printed when it failed. */
  static int cli(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int exit =
        ChatkitMigrate.run(
            args,
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(out, true, StandardCharsets.UTF_8));
    if (exit != 0) {
      System.err.println(out.toString(StandardCharsets.UTF_8));
    }
    return exit;
  }

  /**
   * A migration submitted by the FlinkRunner, with {@code more} options; what it said on stderr.
   */
  static String migrateOnCluster(Path out, String... more) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "migrate",
                "--input=" + export,
                "--output=" + out,
                "--runner=FlinkRunner",
                "--flinkMaster=127.0.0.1:" + restPort,
                "--parallelism=2",
                "--filesToStage=" + LEAN_JAR));
    args.addAll(List.of(more));
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exit =
        ChatkitMigrate.run(
            args.toArray(String[]::new),
            new PrintStream(new ByteArrayOutputStream()),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    String said = err.toString(StandardCharsets.UTF_8);
    assertEquals(0, exit, said);
    return said;
  }

  /**
   * The progress lines of the cluster run: the job's id and web UI once, real figures from Flink's
   * REST API (never a stream of zeros), and at the end every record the books say was read.
   */
  static void theProgressCameFromTheCluster(String progress, JsonNode report) {
    List<String> lines = progress.lines().filter(l -> l.startsWith("chatkit-migrate: ")).toList();
    Matcher job =
        Pattern.compile(
                "Flink job ([0-9a-f]{32}) \\(.+\\); its web UI: http://127\\.0\\.0\\.1:"
                    + restPort
                    + "/#/job/running/\\1/overview")
            .matcher(progress);
    assertTrue(job.find(), progress);
    assertFalse(job.find(), "the job's id is said once: " + progress);
    assertEquals(
        List.of(),
        lines.stream().filter(l -> l.contains("read 0 records")).toList(),
        "zeros instead of figures");
    // Each figure line: the run's own counters once the cluster's metrics have them, else Flink's
    // count of records passed between steps (a short job's steps can finish before the metrics are
    // fetched).
    Matcher figures =
        Pattern.compile(
                "Flink job (\\w+), \\d+ of \\d+ steps finished: (?:read ([\\d,]+) records \\(.*\\)"
                    + " at [\\d,]+/s; written (.*)|([\\d,]+) records passed between steps at"
                    + " [\\d,]+/s .*)")
            .matcher(progress);
    List<String> states = new ArrayList<>();
    long lastRead = -1;
    String lastWritten = null;
    boolean endedWithCounters = false;
    while (figures.find()) {
      states.add(figures.group(1));
      endedWithCounters = figures.group(2) != null;
      if (figures.group(2) != null) {
        lastRead = Long.parseLong(figures.group(2).replace(",", ""));
        lastWritten = figures.group(3);
        assertTrue(lastRead > 0, progress);
      } else {
        assertTrue(Long.parseLong(figures.group(4).replace(",", "")) > 0, progress);
      }
    }
    assertFalse(states.isEmpty(), "no figures from the cluster: " + progress);
    assertEquals("FINISHED", states.get(states.size() - 1), progress);
    if (endedWithCounters) {
      long booksRead = 0;
      for (JsonNode entity : report.path("accounting").path("entities")) {
        booksRead += entity.path("read").asLong();
      }
      assertEquals(booksRead, lastRead, "records read, as the books have them: " + progress);
      assertTrue(
          lastWritten.contains(
              String.format(
                  "message %,d", report.path("accounting").path("items").path("message").asLong())),
          "messages written, as the books have them: " + progress);
    }
  }
}
