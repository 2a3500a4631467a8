package io.chatkitmigrate.pipelines.cli;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Which engine runs a migration when the user does not say. The Direct runner pays about 8 ms per
 * distinct key of every shuffle and checks every element, which is right for tests and small
 * exports; past {@link #FLINK_FROM_BYTES} of input an embedded Flink mini-cluster on all cores is
 * several times faster, so large inputs go there, on Flink's DataStream translation for batch.
 */
final class RunnerChoice {
  static final long FLINK_FROM_BYTES = 48L << 20;

  /**
   * Input from which a migration on Flink validates its parts in the job, on the workers, rather
   * than in the launcher after it: below it the job's extra steps cost more than the launcher's
   * reading, above it less (docs/benchmarks.md, eleventh sitting).
   */
  static final long JOB_VALIDATION_FROM_BYTES = 2L << 30;

  static final String FLINK_RUNNER_CLASS = "org.apache.beam.runners.flink.FlinkRunner";

  private RunnerChoice() {}

  /** The arguments with the runner defaults added; what the user gave always wins. */
  static String[] withDefaults(String[] args, long inputBytes, int cores) {
    List<String> out = new ArrayList<>(Arrays.asList(args));
    String runner = value(args, "runner");
    if (runner == null) {
      runner = inputBytes >= FLINK_FROM_BYTES && flinkAvailable() ? "FlinkRunner" : "DirectRunner";
      out.add("--runner=" + runner);
    }
    if (runner.equals("FlinkRunner") || runner.endsWith(".FlinkRunner")) {
      String master = value(args, "flinkMaster");
      addIfAbsent(out, args, "flinkMaster", "[local]");
      if ((master == null || master.equals("[local]")) && value(args, "flinkConfDir") == null) {
        out.add("--flinkConfDir=" + EmbeddedFlink.confDir(cores));
      }
      addIfAbsent(out, args, "parallelism", Integer.toString(cores));
      // Each element is handed on once, never mutated after: Flink may skip its defensive copies.
      addIfAbsent(out, args, "objectReuse", "true");
      // For the same reason the copies Flink makes of every element between operators can go.
      addIfAbsent(out, args, "fasterCopy", "true");
      // Flink's DataStream translation hands a step's extra outputs on as side outputs; the DataSet
      // one re-reads the step's whole output once per output tag. No step reads a large side input,
      // so nothing is held in memory while one is computed.
      addIfAbsent(out, args, "useDataStreamForBatch", "true");
    } else if (runner.equals("DirectRunner") || runner.endsWith(".DirectRunner")) {
      // The checks that every DoFn behaves cost ~20% and prove nothing the tests have not.
      addIfAbsent(out, args, "enforceImmutability", "false");
      addIfAbsent(out, args, "enforceEncodability", "false");
      addIfAbsent(out, args, "targetParallelism", Integer.toString(Math.max(2, cores)));
    }
    return out.toArray(String[]::new);
  }

  /**
   * A migration's arguments with where it validates added: in the job on Flink from {@link
   * #JOB_VALIDATION_FROM_BYTES} of input; otherwise left to {@code --validateIn=auto}, which also
   * picks the job on a remote cluster. What the user gave always wins.
   */
  static String[] withValidation(String[] args, long inputBytes) {
    String runner = value(args, "runner");
    boolean flink = runner != null && runner.endsWith("FlinkRunner");
    if (!flink || inputBytes < JOB_VALIDATION_FROM_BYTES || value(args, "validateIn") != null) {
      return args;
    }
    String[] out = Arrays.copyOf(args, args.length + 1);
    out[args.length] = "--validateIn=job";
    return out;
  }

  static String describe(String[] args) {
    String runner = value(args, "runner");
    if (runner != null && runner.endsWith("FlinkRunner")) {
      String master = value(args, "flinkMaster");
      return "[local]".equals(master)
          ? "Flink, embedded, parallelism " + value(args, "parallelism")
          : "Flink cluster at " + master;
    }
    return runner == null ? "DirectRunner" : runner;
  }

  static boolean flinkAvailable() {
    try {
      Class.forName(FLINK_RUNNER_CLASS, false, RunnerChoice.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException e) {
      return false;
    }
  }

  static String value(String[] args, String name) {
    String prefix = "--" + name + "=";
    String found = null;
    for (String arg : args) {
      if (arg.startsWith(prefix)) {
        found = arg.substring(prefix.length());
      }
    }
    return found;
  }

  private static void addIfAbsent(List<String> out, String[] args, String name, String value) {
    if (value(args, name) == null) {
      out.add("--" + name + "=" + value);
    }
  }
}
