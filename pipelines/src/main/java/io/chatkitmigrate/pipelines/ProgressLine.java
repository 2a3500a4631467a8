package io.chatkitmigrate.pipelines;

import io.chatkitmigrate.transforms.Progress;
import java.io.PrintStream;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Every few seconds of a run, one line on stderr: records read per entity, items written per type,
 * the read rate and the time so far, so a long migration never looks hung.
 */
final class ProgressLine implements AutoCloseable {
  private final PrintStream out;
  private final long started = System.nanoTime();
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "chatkit-migrate-progress");
            t.setDaemon(true);
            return t;
          });
  private long lastRead;
  private long lastNanos = started;

  /**
   * The progress line of a run: from the cluster's REST API when the job runs on a remote Flink,
   * else from the tallies of this JVM, where the Direct runner's and an embedded Flink's workers
   * count.
   */
  static AutoCloseable of(MigrateOptions options, PrintStream out, long periodSeconds) {
    if (options.getRunner().getSimpleName().equals("FlinkRunner")) {
      Optional<String> rest =
          ClusterProgressLine.restAddress(options.as(RemoteFlinkOptions.class).getFlinkMaster());
      if (rest.isPresent()) {
        return new ClusterProgressLine(out, rest.get(), options.getJobName(), periodSeconds);
      }
    }
    return new ProgressLine(out, periodSeconds);
  }

  ProgressLine(PrintStream out, long periodSeconds) {
    this.out = out;
    Progress.reset();
    timer.scheduleAtFixedRate(this::print, periodSeconds, periodSeconds, TimeUnit.SECONDS);
  }

  private void print() {
    out.println(line(Progress.snapshot(), System.nanoTime()));
  }

  String line(Map<String, Long> tallies, long now) {
    long read = reads(tallies);
    double seconds = Math.max(1e-9, (now - lastNanos) / 1e9);
    long rate = Math.round((read - lastRead) / seconds);
    lastRead = read;
    lastNanos = now;
    long elapsed = (now - started) / 1_000_000_000L;
    return String.format(
        "chatkit-migrate: %d:%02d %s", elapsed / 60, elapsed % 60, figures(tallies, rate));
  }

  /** Records read: the sum of the "read ENTITY" tallies. */
  static long reads(Map<String, Long> tallies) {
    return tallies.entrySet().stream()
        .filter(e -> e.getKey().startsWith("read "))
        .mapToLong(Map.Entry::getValue)
        .sum();
  }

  /**
   * "read N records (per entity) at R/s; written (per item type)", from tallies named as {@link
   * Progress}'s.
   */
  static String figures(Map<String, Long> tallies, long rate) {
    StringJoiner reads = new StringJoiner(", ");
    StringJoiner items = new StringJoiner(", ");
    for (Map.Entry<String, Long> e : new TreeMap<>(tallies).entrySet()) {
      if (e.getValue() == 0) {
        continue;
      }
      String[] kind = e.getKey().split(" ", 2);
      (kind[0].equals("read") ? reads : items).add(String.format("%s %,d", kind[1], e.getValue()));
    }
    return String.format(
        "read %,d records (%s) at %,d/s; written %s",
        reads(tallies),
        reads.length() == 0 ? "none yet" : reads,
        rate,
        items.length() == 0 ? "no items yet" : items);
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
