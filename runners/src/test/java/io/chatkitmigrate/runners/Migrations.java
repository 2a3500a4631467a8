package io.chatkitmigrate.runners;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.chatkitmigrate.pipelines.cli.ChatkitMigrate;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Runs a migration in-process on a given engine, and reads what it wrote as comparable multisets.
 */
final class Migrations {
  private Migrations() {}

  /**
   * Migrates {@code export} into {@code out} with the runner arguments given; fails the test unless
   * exit 0.
   */
  static Path migrate(Path export, Path out, String... runner) {
    migrateArgs(export.toString(), out.toString(), runner);
    return out;
  }

  /**
   * The same on an embedded Flink of two parallel tasks, where bundles, object reuse and grouping
   * order all differ from the Direct runner's.
   */
  static Path migrateOnEmbeddedFlink(Path export, Path out, String... extra) {
    List<String> args =
        new ArrayList<>(
            List.of("--runner=FlinkRunner", "--flinkMaster=[local]", "--parallelism=2"));
    args.addAll(List.of(extra));
    return migrate(export, out, args.toArray(String[]::new));
  }

  /** The same for any location Beam's file systems know, such as gs://. */
  static void migrateArgs(String input, String output, String... extra) {
    List<String> args =
        new ArrayList<>(List.of("migrate", "--input=" + input, "--output=" + output));
    args.addAll(List.of(extra));
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exit =
        ChatkitMigrate.run(
            args.toArray(String[]::new),
            new PrintStream(new ByteArrayOutputStream()),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    assertEquals(0, exit, output + ": " + err.toString(StandardCharsets.UTF_8));
  }

  /** Every line of every file in {@code folder}, sorted: the multiset of what a run wrote there. */
  static List<String> sortedLines(Path folder) throws IOException {
    List<String> lines = new ArrayList<>();
    if (!Files.isDirectory(folder)) {
      return lines;
    }
    try (Stream<Path> files = Files.list(folder)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        Files.readAllLines(f).stream().filter(l -> !l.isBlank()).forEach(lines::add);
      }
    }
    lines.sort(null);
    return lines;
  }
}
