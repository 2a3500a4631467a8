package io.chatkitmigrate.runners;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The suite runs on Java 17, the oldest supported; the launcher must also run the example on the
 * newest JDK of the machine (Direct and embedded Flink, the same items), and refuse a Java it
 * cannot run on.
 */
class NewestJdkIT {
  private static final Path EXAMPLE = Launcher.ROOT.resolve("examples/small-export");

  @TempDir static Path tmp;
  private static List<String> itemsOnJava17;

  @BeforeAll
  static void migrateOnThisJava() throws IOException {
    itemsOnJava17 =
        Migrations.sortedLines(
            Migrations.migrate(EXAMPLE, tmp.resolve("java17"), "--runner=DirectRunner")
                .resolve("import"));
  }

  @Test
  void theExampleMigratesOnTheNewestJdkOnDirectAndEmbeddedFlink() throws Exception {
    Path newest = newestJdk().orElse(null);
    Assumptions.assumeTrue(
        newest != null && feature(newest) > Runtime.version().feature(),
        "no JDK newer than this one under /usr/lib/jvm or in CHATKIT_NEWEST_JAVA_HOME");
    for (String runner : List.of("--runner=DirectRunner", "--runner=FlinkRunner")) {
      Path out = tmp.resolve("newest-" + runner.substring("--runner=".length()));
      Launcher.Result run =
          Launcher.run(
              Map.of("JAVA_HOME", newest.toString(), "CHATKIT_MIGRATE_JAVA_OPTS", "-Xshare:auto"),
              "migrate",
              "--input=" + EXAMPLE,
              "--output=" + out,
              runner);
      assertEquals(0, run.exit(), "Java " + feature(newest) + " " + runner + ": " + run.output());
      assertEquals(itemsOnJava17, Migrations.sortedLines(out.resolve("import")), runner);
    }
  }

  @Test
  void onJava25OrNewerTheLauncherRunsWithAnAheadOfTimeCacheItTrainedItself() throws Exception {
    Path newest = newestJdk().orElse(null);
    Assumptions.assumeTrue(
        newest != null && feature(newest) >= 25,
        "no JDK 25 or newer under /usr/lib/jvm or in CHATKIT_NEWEST_JAVA_HOME");
    Path out = tmp.resolve("newest-aot");
    Launcher.Result run =
        Launcher.run(
            Map.of("JAVA_HOME", newest.toString(), "CHATKIT_MIGRATE_JAVA_OPTS", "-Xlog:aot=info"),
            "migrate",
            "--input=" + EXAMPLE,
            "--output=" + out,
            "--runner=DirectRunner");
    assertEquals(0, run.exit(), run.output());
    assertTrue(run.output().contains("Opened AOT cache"), run.output());
    assertEquals(itemsOnJava17, Migrations.sortedLines(out.resolve("import")));

    // The same options spaced otherwise are the same cache, not a second training.
    Launcher.Result again =
        Launcher.run(
            Map.of(
                "JAVA_HOME", newest.toString(), "CHATKIT_MIGRATE_JAVA_OPTS", "  -Xlog:aot=info \t"),
            "migrate",
            "--input=" + EXAMPLE,
            "--output=" + tmp.resolve("newest-aot-again"),
            "--runner=DirectRunner");
    assertEquals(0, again.exit(), again.output());
    assertTrue(again.output().contains("Opened AOT cache"), again.output());
    assertFalse(again.output().contains("preparing a start-up archive"), again.output());

    // The cache's own warnings go to stderr: stdout holds only what the tool prints.
    Launcher.Result help =
        Launcher.stdout(
            Map.of("JAVA_HOME", newest.toString(), "CHATKIT_MIGRATE_JAVA_OPTS", ""), "--help");
    assertEquals(0, help.exit(), help.output());
    String stdout = help.output();
    assertTrue(stdout.startsWith("Usage: chatkit-migrate"), stdout);
  }

  @Test
  void aMissingJavaIsRefusedWithOneClearLine() throws Exception {
    Launcher.Result run =
        Launcher.run(Map.of("JAVA_HOME", tmp.resolve("no-jdk-here").toString()), "--help");
    assertEquals(2, run.exit(), run.output());
    assertTrue(run.output().contains("no Java found"), run.output());
  }

  @Test
  void aJavaOlderThan17IsRefusedWithOneClearLine() throws Exception {
    // No JDK older than 17 is packaged for these machines: a java that reports 11 as the JVM would.
    Path old = tmp.resolve("jdk-11/bin/java");
    Files.createDirectories(old.getParent());
    Files.writeString(old, "#!/bin/sh\necho '    java.specification.version = 11' >&2\n");
    old.toFile().setExecutable(true);
    Launcher.Result run =
        Launcher.run(Map.of("JAVA_HOME", old.getParent().getParent().toString()), "--help");
    assertEquals(2, run.exit(), run.output());
    assertTrue(
        run.output().contains("needs Java 17 or newer") && run.output().contains("Java 11"),
        run.output());
  }

  /**
   * The JDK with the highest feature version: CHATKIT_NEWEST_JAVA_HOME, or the newest under
   * /usr/lib/jvm.
   */
  private static Optional<Path> newestJdk() throws IOException {
    String named = System.getenv("CHATKIT_NEWEST_JAVA_HOME");
    if (named != null && !named.isBlank()) {
      return Optional.of(Path.of(named));
    }
    Path jvms = Path.of("/usr/lib/jvm");
    if (!Files.isDirectory(jvms)) {
      return Optional.empty();
    }
    try (Stream<Path> homes = Files.list(jvms)) {
      return homes
          .filter(
              h ->
                  Files.isExecutable(h.resolve("bin/java"))
                      && Files.isRegularFile(h.resolve("release")))
          .max(Comparator.comparingInt(NewestJdkIT::feature));
    }
  }

  private static final Pattern JAVA_VERSION = Pattern.compile("JAVA_VERSION=\"(\\d+)");

  private static int feature(Path home) {
    try {
      Matcher m = JAVA_VERSION.matcher(Files.readString(home.resolve("release")));
      return m.find() ? Integer.parseInt(m.group(1)) : 0;
    } catch (IOException e) {
      return 0;
    }
  }
}
