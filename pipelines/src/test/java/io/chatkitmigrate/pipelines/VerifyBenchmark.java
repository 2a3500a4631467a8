package io.chatkitmigrate.pipelines;

import com.fasterxml.jackson.databind.JsonNode;
import io.chatkitmigrate.pipelines.cli.ChatkitMigrate;
import io.chatkitmigrate.schemas.Json;
import io.chatkitmigrate.transforms.testing.StreamEmulator;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The verify benchmark of docs/benchmarks.md (run by {@code benchmarks/verify}, not a test): B2
 * (1,000,000 messages) generated and migrated once, imported into the local Stream emulator, then
 * verified in full. Prints wall time, calls by endpoint against the fewest the page sizes allow,
 * the CPU seconds of the emulator's threads and of the verifier's, and how busy the emulator was.
 *
 * <p>Arguments: bench folder (default /tmp/chatkit-bench), messages (1000000), requests in flight
 * (8).
 */
public final class VerifyBenchmark {
  static final String KEY = "bench-key";
  static final String SECRET = "bench-secret";

  public static void main(String[] args) throws Exception {
    Path bench = Path.of(args.length > 0 ? args[0] : "/tmp/chatkit-bench");
    long messages = args.length > 1 ? Long.parseLong(args[1]) : 1_000_000;
    int inFlight = args.length > 2 ? Integer.parseInt(args[2]) : 8;
    Path gen = bench.resolve("verify-" + messages);
    Path out = bench.resolve("verify-" + messages + "-out");
    if (!Files.exists(gen.resolve("expected.json"))) {
      run("generate", "--output=" + gen, "--messages=" + messages);
    }
    if (!Files.exists(out.resolve("manifest.json"))) {
      run("migrate", "--input=" + gen.resolve("export"), "--output=" + out, "--overwrite");
    }
    deleteTree(out.resolve("verify"));
    Files.deleteIfExists(out.resolve("upload-state.json"));
    Path secret = bench.resolve("bench-secret");
    Files.writeString(secret, SECRET);

    CpuSampler cpu = new CpuSampler();
    try (StreamEmulator stream = StreamEmulator.start(KEY, SECRET).withImportStepMillis(10)) {
      String[] sink = {
        "--streamApiKey=" + KEY,
        "--streamApiSecretFile=" + secret,
        "--streamBaseUrl=" + stream.baseUrl(),
        "--importPollMillis=100"
      };
      long t0 = System.nanoTime();
      run(concat(new String[] {"upload", "--output=" + out}, sink));
      double upload = (System.nanoTime() - t0) / 1e9;
      Map<String, Long> busyBefore = stream.busyMillis();
      cpu.start();
      long t1 = System.nanoTime();
      int exit =
          run(
              concat(
                  new String[] {"verify", "--output=" + out, "--maxInFlight=" + inFlight}, sink));
      double verify = (System.nanoTime() - t1) / 1e9;
      Map<String, Double> seconds = cpu.stop();
      JsonNode report = Json.tree(Files.readString(out.resolve("verify/report.json")));
      long busy = 0;
      for (Map.Entry<String, Long> e : stream.busyMillis().entrySet()) {
        if (!e.getKey().equals("imports")
            && !e.getKey().equals("users")
            && !e.getKey().equals("message")) {
          busy += e.getValue() - busyBefore.getOrDefault(e.getKey(), 0L);
        }
      }
      long calls = report.path("calls").path("total").asLong();
      long fewest = report.path("calls").path("fewest_possible").asLong();
      System.out.printf(
          "%n== verify benchmark: %d messages, %d requests in flight, %d cores%n",
          messages, inFlight, Runtime.getRuntime().availableProcessors());
      System.out.printf(
          "upload into the emulator: %.1f s; verify: %.1f s, exit %d%n", upload, verify, exit);
      System.out.printf("checked: %s%n", report.path("checked"));
      System.out.printf("differences: %d%n", report.path("differences").path("total").asLong());
      System.out.printf(
          "calls: %s; %d against the fewest %d (+%.1f %%)%n",
          report.path("calls"), calls, fewest, 100.0 * (calls - fewest) / fewest);
      System.out.printf(
          "emulator CPU answering the read calls: %.1f s in %.1f s of wall time%n",
          busy / 1000.0, verify);
      System.out.printf("CPU seconds by thread group during verify: %s%n", seconds);
    }
  }

  static int run(String... args) {
    System.out.println("chatkit-migrate " + String.join(" ", args));
    int exit = ChatkitMigrate.run(args, System.out, System.err);
    if (exit != 0 && !args[0].equals("verify")) {
      throw new IllegalStateException(args[0] + " exited " + exit);
    }
    return exit;
  }

  static String[] concat(String[] a, String[] b) {
    return Stream.concat(Stream.of(a), Stream.of(b)).toArray(String[]::new);
  }

  static void deleteTree(Path p) throws IOException {
    if (Files.exists(p)) {
      try (Stream<Path> walk = Files.walk(p)) {
        for (Path x : walk.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(x);
        }
      }
    }
  }

  /** Per-thread CPU time, sampled so threads that end before the run does are counted too. */
  static final class CpuSampler {
    private final ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    private final Map<Long, String> names = new HashMap<>();
    private final Map<Long, Long> first = new HashMap<>();
    private final Map<Long, Long> last = new HashMap<>();
    private volatile boolean running;
    private Thread sampler;

    void start() {
      running = true;
      sample();
      sampler =
          new Thread(
              () -> {
                while (running) {
                  sample();
                  try {
                    Thread.sleep(100);
                  } catch (InterruptedException e) {
                    return;
                  }
                }
              },
              "cpu-sampler");
      sampler.setDaemon(true);
      sampler.start();
    }

    private synchronized void sample() {
      for (ThreadInfo t : mx.getThreadInfo(mx.getAllThreadIds())) {
        if (t == null) {
          continue;
        }
        long cpu = mx.getThreadCpuTime(t.getThreadId());
        if (cpu < 0) {
          continue;
        }
        names.put(t.getThreadId(), t.getThreadName());
        first.putIfAbsent(t.getThreadId(), running && !last.isEmpty() ? 0L : cpu);
        last.put(t.getThreadId(), cpu);
      }
    }

    /**
     * CPU seconds by group: the emulator's threads, the verifier's workers, the HTTP client, the
     * launcher.
     */
    Map<String, Double> stop() throws InterruptedException {
      sample();
      running = false;
      sampler.join();
      Map<String, Double> groups = new TreeMap<>();
      synchronized (this) {
        for (Map.Entry<Long, Long> e : last.entrySet()) {
          String name = names.get(e.getKey());
          String group =
              name.startsWith("stream-emulator")
                  ? "emulator"
                  : name.startsWith("verify")
                      ? "verifier workers"
                      : name.startsWith("HTTP-Dispatcher")
                          ? "emulator"
                          : name.startsWith("HttpClient")
                              ? "verifier http client"
                              : name.equals("main") ? "verifier launcher (reading parts)" : "other";
          groups.merge(group, (e.getValue() - first.get(e.getKey())) / 1e9, Double::sum);
        }
      }
      groups.replaceAll((k, v) -> Math.round(v * 10) / 10.0);
      return groups;
    }
  }
}
