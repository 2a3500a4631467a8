package io.chatkitmigrate.pipelines;

import com.fasterxml.jackson.databind.JsonNode;
import io.chatkitmigrate.schemas.Json;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.commons.lang3.concurrent.BasicThreadFactory;

/**
 * The progress line of a job on a remote Flink cluster, whose workers count in their own JVMs: the
 * job's state and the run's own counters (records read per entity, items written per type) come
 * from the cluster's REST API, which has them a few seconds late. The job's id and web UI are
 * printed once it is found; while the cluster has no figures the line says so once per job state
 * rather than printing zeros.
 */
final class ClusterProgressLine implements AutoCloseable {
  private final PrintStream out;
  private final String rest;
  private final String jobName;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
  final long started = System.nanoTime();
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(
          new BasicThreadFactory.Builder()
              .namingPattern("chatkit-migrate-cluster-progress-%d")
              .daemon(true)
              .build());
  private String jobId;
  private String saidWithoutFigures;
  private Map<String, Long> tallies = new TreeMap<>();
  private String lastSaid;
  private long lastRead;
  private long lastPassed;
  private long lastPassedNanos = started;
  private long lastNanos = started;

  /**
   * @param rest the REST address, such as {@code http://127.0.0.1:8081}
   */
  ClusterProgressLine(PrintStream out, String rest, String jobName, long periodSeconds) {
    this.out = out;
    this.rest = rest.endsWith("/") ? rest.substring(0, rest.length() - 1) : rest;
    this.jobName = jobName;
    timer.scheduleWithFixedDelay(this::poll, periodSeconds, periodSeconds, TimeUnit.SECONDS);
  }

  /**
   * The REST address of a {@code --flinkMaster} value, or empty when the job runs in this JVM or is
   * found otherwise.
   */
  static Optional<String> restAddress(String flinkMaster) {
    return restAddress(flinkMaster, System.getenv());
  }

  /**
   * As {@link #restAddress(String)}; {@code [auto]} under Flink's {@code run} command, which sets
   * {@code FLINK_CONF_DIR}, means the cluster that configuration names.
   */
  static Optional<String> restAddress(String flinkMaster, Map<String, String> env) {
    if (flinkMaster == null || flinkMaster.isBlank()) {
      return Optional.empty();
    }
    if (flinkMaster.equals("[auto]")) {
      String confDir = env.get("FLINK_CONF_DIR");
      if (confDir == null || confDir.isBlank()) {
        return Optional.empty();
      }
      for (String name : new String[] {"config.yaml", "flink-conf.yaml"}) {
        Path conf = Path.of(confDir, name);
        if (Files.isRegularFile(conf)) {
          try {
            return restOfConfiguration(Files.readAllLines(conf));
          } catch (IOException e) {
            return Optional.empty();
          }
        }
      }
      return Optional.empty();
    }
    if (flinkMaster.startsWith("[")) {
      return Optional.empty();
    }
    return Optional.of(flinkMaster.contains("://") ? flinkMaster : "http://" + flinkMaster);
  }

  /**
   * {@code rest.address} and {@code rest.port} of a Flink configuration's flat {@code key: value}
   * lines.
   */
  static Optional<String> restOfConfiguration(List<String> lines) {
    String address = null;
    String port = "8081";
    for (String line : lines) {
      String[] kv = line.strip().split(":\\s*", 2);
      if (kv.length == 2 && kv[0].equals("rest.address")) {
        address = kv[1].strip();
      } else if (kv.length == 2 && kv[0].equals("rest.port")) {
        port = kv[1].strip();
      }
    }
    return address == null ? Optional.empty() : Optional.of("http://" + address + ":" + port);
  }

  private void poll() {
    try {
      if (jobId == null) {
        Optional<String> found = FlinkJobStatus.jobId(get("/jobs/overview"), jobName);
        if (found.isEmpty()) {
          quiet(
              "SUBMITTING", "the cluster at " + rest + " has not started job " + jobName + " yet");
          return;
        }
        jobId = found.get();
        out.println(
            "chatkit-migrate: Flink job "
                + jobId
                + " ("
                + jobName
                + "); its web UI: "
                + rest
                + "/#/job/running/"
                + jobId
                + "/overview");
      }
      report(System.nanoTime());
    } catch (IOException | RuntimeException e) {
      quiet(
          "UNREACHABLE",
          "the cluster's REST API at "
              + rest
              + " does not answer ("
              + e.getMessage()
              + "); no progress figures until it does");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Reads the job's state and the run's counters from every step that has started, and prints the
   * line.
   */
  private void report(long now) throws IOException, InterruptedException {
    JsonNode job = get("/jobs/" + jobId);
    Map<String, Long> counted = new TreeMap<>();
    for (JsonNode vertex : job.path("vertices")) {
      String status = vertex.path("status").asText();
      if (status.equals("CREATED") || status.equals("SCHEDULED")) {
        continue;
      }
      String metrics =
          "/jobs/" + jobId + "/vertices/" + vertex.path("id").asText() + "/subtasks/metrics";
      Map<String, String> counters = FlinkJobStatus.counters(get(metrics));
      if (!counters.isEmpty()) {
        FlinkJobStatus.addSums(
            get(
                metrics
                    + "?agg=sum&get="
                    + URLEncoder.encode(
                        String.join(",", counters.keySet()), StandardCharsets.UTF_8)),
            counters,
            counted);
      }
    }
    FlinkJobStatus status = FlinkJobStatus.of(job);
    // An ended job's metrics leave the REST API: counts kept from while it ran would be short of
    // its end.
    tallies =
        status.ended() && counted.isEmpty()
            ? new TreeMap<>()
            : FlinkJobStatus.atLeast(tallies, counted);
    line(status, tallies, now).ifPresent(out::println);
  }

  private JsonNode get(String path) throws IOException, InterruptedException {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(URI.create(rest + path))
                .timeout(Duration.ofSeconds(5))
                .GET()
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IOException("GET " + path + " answered " + response.statusCode());
    }
    return Json.tree(response.body());
  }

  /** Says {@code what} once for as long as the state it describes lasts. */
  private void quiet(String state, String what) {
    if (!state.equals(saidWithoutFigures)) {
      saidWithoutFigures = state;
      out.println(prefix(System.nanoTime()) + what);
    }
  }

  /**
   * The line for a status and the run's counters polled at {@code now}; empty when the same lack of
   * figures was already said, or nothing changed since the last line.
   */
  Optional<String> line(FlinkJobStatus status, Map<String, Long> counted, long now) {
    String job =
        status.steps() == 0
            ? "Flink job " + status.state()
            : String.format(
                "Flink job %s, %d of %d steps finished",
                status.state(), status.stepsFinished(), status.steps());
    long read = ProgressLine.reads(counted);
    if (read == 0 && status.passed() == 0) {
      if (status.state().equals(saidWithoutFigures)) {
        return Optional.empty();
      }
      saidWithoutFigures = status.state();
      return Optional.of(prefix(now) + job + "; the cluster reports no records read yet");
    }
    saidWithoutFigures = null;
    String key = job + counted + status.passed();
    if (key.equals(lastSaid)) {
      return Optional.empty();
    }
    lastSaid = key;
    if (read == 0) {
      double seconds = Math.max(1e-9, (now - lastPassedNanos) / 1e9);
      lastPassedNanos = now;
      // The run's counters reach the REST API with the cluster's metrics, every few seconds; a
      // short step can
      // finish before. Flink's own count of records between steps is there from the start.
      long rate = Math.round((status.passed() - lastPassed) / seconds);
      lastPassed = status.passed();
      return Optional.of(
          prefix(now)
              + job
              + String.format(
                  ": %,d records passed between steps at %,d/s (the run's"
                      + " own counts are not in the cluster's metrics yet)",
                  status.passed(), rate));
    }
    double seconds = Math.max(1e-9, (now - lastNanos) / 1e9);
    lastNanos = now;
    long rate = Math.round((read - lastRead) / seconds);
    lastRead = read;
    return Optional.of(prefix(now) + job + ": " + ProgressLine.figures(counted, rate));
  }

  private String prefix(long now) {
    return ProgressLine.prefix(now - started);
  }

  /** The job's last figures, complete now that it has ended. */
  @Override
  public void close() throws InterruptedException {
    timer.shutdownNow();
    timer.awaitTermination(10, TimeUnit.SECONDS);
    if (jobId != null) {
      try {
        // The client hears of the end before the REST API shows it: wait a little for the final
        // state, and say the last line whatever was said before.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!FlinkJobStatus.of(get("/jobs/" + jobId)).ended() && System.nanoTime() < deadline) {
          Thread.sleep(200);
        }
        lastSaid = null;
        saidWithoutFigures = null;
        report(System.nanoTime());
      } catch (IOException | RuntimeException e) {
        out.println(
            prefix(System.nanoTime())
                + "the cluster's REST API did not give the job's last figures ("
                + e.getMessage()
                + ")");
      }
    }
  }
}
