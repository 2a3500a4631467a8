package io.chatkitmigrate.pipelines;

import io.chatkitmigrate.transforms.Progress;
import java.io.PrintStream;
import java.util.Map;
import java.util.StringJoiner;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Every few seconds of a run, one line on stderr: records read per entity, items written per type, the
 * read rate and the time so far, so a long migration never looks hung.
 */
final class ProgressLine implements AutoCloseable {
  private final PrintStream out;
  private final long started = System.nanoTime();
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "chatkit-migrate-progress");
    t.setDaemon(true);
    return t;
  });
  private long lastRead;
  private long lastNanos = started;

  ProgressLine(PrintStream out, long periodSeconds) {
    this.out = out;
    Progress.reset();
    timer.scheduleAtFixedRate(this::print, periodSeconds, periodSeconds, TimeUnit.SECONDS);
  }

  private void print() {
    out.println(line(Progress.snapshot(), System.nanoTime()));
  }

  String line(Map<String, Long> tallies, long now) {
    long read = 0;
    StringJoiner reads = new StringJoiner(", ");
    StringJoiner items = new StringJoiner(", ");
    for (Map.Entry<String, Long> e : tallies.entrySet()) {
      if (e.getValue() == 0) {
        continue;
      }
      String[] kind = e.getKey().split(" ", 2);
      if (kind[0].equals("read")) {
        read += e.getValue();
        reads.add(String.format("%s %,d", kind[1], e.getValue()));
      } else {
        items.add(String.format("%s %,d", kind[1], e.getValue()));
      }
    }
    double seconds = Math.max(1e-9, (now - lastNanos) / 1e9);
    long rate = Math.round((read - lastRead) / seconds);
    lastRead = read;
    lastNanos = now;
    long elapsed = (now - started) / 1_000_000_000L;
    return String.format("chatkit-migrate: %d:%02d read %,d records (%s) at %,d/s; written %s", elapsed / 60,
        elapsed % 60, read, reads.length() == 0 ? "none yet" : reads, rate,
        items.length() == 0 ? "no items yet" : items);
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
