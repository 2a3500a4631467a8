package io.chatkitmigrate.pipelines.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The Flink configuration of an embedded run, written to a folder of its own because Beam reads
 * Flink's settings only from a configuration folder. Without it the embedded cluster ran the workers
 * of each step one after the other, and gave the reading step a single worker because its input (a
 * few file ranges) is tiny in bytes. With one slot per core and automatic parallelism off, 1,000,000
 * messages took 54 s against 61 s on average over four alternating pairs (docs/benchmarks.md).
 */
final class EmbeddedFlink {
  private EmbeddedFlink() {}

  static String configuration(int cores) {
    return String.join("\n",
        "# Written by chatkit-migrate for one embedded run.",
        "taskmanager.numberOfTaskSlots: " + cores,
        "execution.batch.adaptive.auto-parallelism.enabled: false",
        "");
  }

  /** A fresh folder holding {@code flink-conf.yaml}, removed when the JVM exits. */
  static Path confDir(int cores) {
    try {
      Path dir = Files.createTempDirectory("chatkit-migrate-flink-");
      // Deleted in the reverse order of registration: the file, then its folder.
      dir.toFile().deleteOnExit();
      Path file = Files.writeString(dir.resolve("flink-conf.yaml"), configuration(cores));
      file.toFile().deleteOnExit();
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the embedded Flink configuration", e);
    }
  }
}
