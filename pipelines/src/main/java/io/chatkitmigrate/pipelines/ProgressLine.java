package io.chatkitmigrate.pipelines;

import io.chatkitmigrate.transforms.Progress;
import io.chatkitmigrate.transforms.validate.ValidateParts;
import java.io.PrintStream;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.commons.lang3.concurrent.BasicThreadFactory;

/**
 * Every few seconds of a run, one line on stderr: records read per entity, items written per type,
 * the read rate and the time so far, so a long migration never looks hung.
 */
public final class ProgressLine implements AutoCloseable {
  private final PrintStream out;
  private final long started = System.nanoTime();
  private final ScheduledExecutorService timer;
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
    timer = every(periodSeconds, this::print);
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
    return prefix(now - started) + figures(tallies, rate);
  }

  /** "chatkit-migrate: M:SS ", the start of every progress line. */
  static String prefix(long elapsedNanos) {
    long elapsed = Math.max(0, elapsedNanos / 1_000_000_000L);
    return String.format("chatkit-migrate: %d:%02d ", elapsed / 60, elapsed % 60);
  }

  /**
   * The progress of {@code validate}'s pipeline, every {@code periodSeconds}: the items checked so
   * far, from this JVM's tallies (Direct or embedded Flink; a remote cluster's stay there, and then
   * nothing is printed).
   */
  public static AutoCloseable ofValidation(PrintStream out, long periodSeconds) {
    Progress.reset();
    long started = System.nanoTime();
    ScheduledExecutorService timer =
        every(
            periodSeconds,
            () -> {
              long checked = Progress.snapshot().getOrDefault(ValidateParts.CHECKED_TALLY, 0L);
              if (checked > 0) {
                out.println(validationLine(checked, System.nanoTime() - started));
              }
            });
    return timer::shutdownNow;
  }

  static String validationLine(long checked, long elapsedNanos) {
    return prefix(elapsedNanos) + String.format("validated %,d items", checked);
  }

  /** Runs {@code print} every {@code periodSeconds} on a daemon thread, until shut down. */
  public static ScheduledExecutorService every(long periodSeconds, Runnable print) {
    ScheduledExecutorService timer =
        Executors.newSingleThreadScheduledExecutor(
            new BasicThreadFactory.Builder()
                .namingPattern("chatkit-migrate-progress-%d")
                .daemon(true)
                .build());
    timer.scheduleAtFixedRate(print, periodSeconds, periodSeconds, TimeUnit.SECONDS);
    return timer;
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
   * Progress}'s, then "; validated N of M items" once the job's validation has checked any.
   */
  static String figures(Map<String, Long> tallies, long rate) {
    StringJoiner reads = new StringJoiner(", ");
    StringJoiner items = new StringJoiner(", ");
    long written = 0;
    for (Map.Entry<String, Long> e : new TreeMap<>(tallies).entrySet()) {
      if (e.getValue() == 0 || e.getKey().equals(ValidateParts.CHECKED_TALLY)) {
        continue;
      }
      String[] kind = e.getKey().split(" ", 2);
      if (kind[0].equals("read")) {
        reads.add(String.format("%s %,d", kind[1], e.getValue()));
      } else {
        items.add(String.format("%s %,d", kind[1], e.getValue()));
        written += e.getValue();
      }
    }
    String line =
        String.format(
            "read %,d records (%s) at %,d/s; written %s",
            reads(tallies),
            reads.length() == 0 ? "none yet" : reads,
            rate,
            items.length() == 0 ? "no items yet" : items);
    long checked = tallies.getOrDefault(ValidateParts.CHECKED_TALLY, 0L);
    return checked == 0
        ? line
        : line + String.format("; validated %,d of %,d items", checked, written);
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
