package io.chatkitmigrate.transforms;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.MetricName;

/**
 * Live tallies for the progress line of a long run. Beam's metrics only reach the launcher when the
 * job ends on the Direct and the embedded Flink runners, but their workers share the launcher's
 * JVM, so a counter that also adds to a process-wide tally can be watched while the job runs. On a
 * remote cluster the tallies stay in the TaskManagers, and the launcher asks the cluster's REST API
 * instead.
 */
public final class Progress {
  private static final Map<String, LongAdder> TALLIES = new ConcurrentHashMap<>();

  private Progress() {}

  /** {@code counter}, which also adds to the tally {@code name}. */
  public static Counter tallied(Counter counter, String name) {
    LongAdder tally = TALLIES.computeIfAbsent(name, k -> new LongAdder());
    return new Counter() {
      @Override
      public void inc() {
        counter.inc();
        tally.increment();
      }

      @Override
      public void inc(long n) {
        counter.inc(n);
        tally.add(n);
      }

      @Override
      public void dec() {
        inc(-1);
      }

      @Override
      public void dec(long n) {
        inc(-n);
      }

      @Override
      public MetricName getName() {
        return counter.getName();
      }
    };
  }

  public static Map<String, Long> snapshot() {
    Map<String, Long> copy = new TreeMap<>();
    TALLIES.forEach((k, v) -> copy.put(k, v.sum()));
    return copy;
  }

  /** A new run in the same JVM (tests) starts from zero. */
  public static void reset() {
    TALLIES.values().forEach(LongAdder::reset);
  }
}
