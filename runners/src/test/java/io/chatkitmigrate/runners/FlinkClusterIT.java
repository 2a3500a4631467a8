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
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Flink 1.19 session cluster (runners/flink-cluster/start, on free ports of 127.0.0.1) migrates a
 * generated export with a 50,000-message hot room and every fault the generator makes, submitted both by
 * the FlinkRunner and by Flink's own {@code run} command; both give the same items as the Direct runner
 * and the embedded Flink, and the books add up. The cluster is stopped whatever happens.
 */
class FlinkClusterIT {
  static final Path CLUSTER = Path.of("flink-cluster").toAbsolutePath();
  static final Path LEAN_JAR = Path.of("target", "chatkit-migrate-flink-cluster.jar").toAbsolutePath();

  @TempDir static Path tmp;
  static Path export;
  static JsonNode expected;
  static Map<String, String> env;
  static int restPort;

  @BeforeAll
  static void startClusterAndGenerate() throws Exception {
    Path generated = tmp.resolve("generated");
    new ExportGenerator(GeneratorSettings.of(60_000, 31).withHotRoom(50_000).withRates(0.01, 0.03, 0.05))
        .generate(generated, n -> {});
    export = generated.resolve("export");
    expected = Json.tree(Files.readString(generated.resolve("expected.json")));
    restPort = freePort();
    env = Map.of("FLINK_REST_PORT", Integer.toString(restPort), "FLINK_RPC_PORT", Integer.toString(freePort()),
        "FLINK_CLUSTER_STATE", tmp.resolve("flink-state").toString(), "FLINK_TM_MEMORY", "2g");
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
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
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
    ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", CLUSTER.resolve("target/lib") + "/*", "org.apache.flink.client.cli.CliFrontend", "run",
        "-c", ChatkitMigrate.class.getName(), LEAN_JAR.toString(),
        "migrate", "--input=" + export, "--output=" + out, "--runner=FlinkRunner", "--flinkMaster=[auto]")
        .redirectErrorStream(true);
    pb.environment().put("FLINK_CONF_DIR", tmp.resolve("flink-state").resolve("conf").toString());
    Process p = pb.start();
    String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(10, TimeUnit.MINUTES));
    assertEquals(0, p.exitValue(), log);
    return out;
  }

  @Test
  void theClusterTheEmbeddedFlinkAndDirectAgreeItemForItem() throws Exception {
    Path direct = Migrations.migrate(export, tmp.resolve("direct"), "--runner=DirectRunner");
    Path local = Migrations.migrate(export, tmp.resolve("local"), "--runner=FlinkRunner", "--flinkMaster=[local]", "--parallelism=2");
    Path cluster = Migrations.migrate(export, tmp.resolve("cluster"), "--runner=FlinkRunner", "--flinkMaster=127.0.0.1:" + restPort,
        "--parallelism=2", "--filesToStage=" + LEAN_JAR);
    Path flinkRun = migrateWithFlinkRun("flink-run");

    List<String> items = Migrations.sortedLines(direct.resolve("import"));
    assertTrue(items.size() > 60_000, "items: " + items.size());
    for (Path run : List.of(local, cluster, flinkRun)) {
      assertEquals(items, Migrations.sortedLines(run.resolve("import")), run + " differs from the Direct run");
      assertEquals(Migrations.sortedLines(direct.resolve("rejected")), Migrations.sortedLines(run.resolve("rejected")), run.toString());
    }
    for (Path run : List.of(direct, local, cluster, flinkRun)) {
      JsonNode report = Json.tree(Files.readString(run.resolve("report.json")));
      assertTrue(report.get("ok").asBoolean(), run + ": " + report.get("accounting"));
      assertEquals(List.of(), ExpectedCounts.differences(expected, report), run.toString());
    }
  }
}
