package io.chatkitmigrate.pipelines.cli;

import com.sun.management.OperatingSystemMXBean;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The Flink configuration of an embedded run, written to a folder of its own because Beam reads
 * Flink's settings only from a configuration folder. One slot per core and automatic parallelism
 * off, so that a step's workers run at once and the reading step is not given one worker for its
 * few, small file ranges; a tenth of the machine's memory (at most 2 GB) as managed memory, so that
 * grouping steps sort in memory rather than through the disk. Measurements: docs/benchmarks.md,
 * "Launcher defaults".
 */
final class EmbeddedFlink {
  private EmbeddedFlink() {}

  static final long MIN_MANAGED = 128L << 20;
  static final long MAX_MANAGED = 2L << 30;

  static String configuration(int cores, long physicalBytes) {
    return String.join(
        "\n",
        "# Written by chatkit-migrate for one embedded run.",
        "taskmanager.numberOfTaskSlots: " + cores,
        "execution.batch.adaptive.auto-parallelism.enabled: false",
        "taskmanager.memory.managed.size: " + (managedBytes(physicalBytes) >> 20) + "m",
        "");
  }

  /** Memory for Flink's sorts, outside the Java heap: a tenth of the machine, within bounds. */
  static long managedBytes(long physicalBytes) {
    return Math.max(MIN_MANAGED, Math.min(MAX_MANAGED, physicalBytes / 10));
  }

  private static long physicalMemory() {
    return ManagementFactory.getOperatingSystemMXBean() instanceof OperatingSystemMXBean os
        ? os.getTotalMemorySize()
        : 0;
  }

  /** A fresh folder holding {@code flink-conf.yaml}, removed when the JVM exits. */
  static Path confDir(int cores) {
    try {
      Path dir = Files.createTempDirectory("chatkit-migrate-flink-");
      // Deleted in the reverse order of registration: the file, then its folder.
      dir.toFile().deleteOnExit();
      Path file =
          Files.writeString(dir.resolve("flink-conf.yaml"), configuration(cores, physicalMemory()));
      file.toFile().deleteOnExit();
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the embedded Flink configuration", e);
    }
  }
}
