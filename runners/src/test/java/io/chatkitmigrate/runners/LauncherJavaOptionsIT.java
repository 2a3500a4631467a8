package io.chatkitmigrate.runners;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.management.OperatingSystemMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The Java options the launcher adds of its own: the young generation's cap only when the heap is
 * left to Java and large enough for the cap to be one, never over the user's own sizing or
 * collector; a run out of heap ends at once with what to do.
 */
class LauncherJavaOptionsIT {
  private static final String CAP = "-XX:MaxNewSize=805306368";

  @Test
  void aHeapLeftToJavaGetsTheCapWhereItIsOverThreeTimesTheCap() throws Exception {
    long memory =
        ((OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getTotalMemorySize();
    boolean large = memory / 4 > 2304L << 20;
    String flags = flags("");
    assertEquals(large, flags.contains(CAP), flags);
  }

  @Test
  void aHeapSizedByTheUserKeepsJavasOwnYoungGeneration() throws Exception {
    for (String sized : new String[] {"-Xmx4g", "-XX:MaxRAMPercentage=50"}) {
      String flags = flags(sized);
      assertFalse(flags.contains("MaxNewSize"), sized + ": " + flags);
    }
  }

  @Test
  void theUsersOwnYoungGenerationOrCollectorWins() throws Exception {
    String sized = flags("-Xmn512m");
    assertTrue(sized.contains("-XX:MaxNewSize=536870912"), sized);
    assertFalse(sized.contains(CAP), sized);
    String g1 = flags("-XX:+UseG1GC");
    assertTrue(g1.contains("-XX:+UseG1GC"), g1);
    assertFalse(g1.contains("MaxNewSize"), g1);
  }

  @Test
  void aRunOutOfHeapStopsAtOnceAndSaysWhatToDo() throws Exception {
    Launcher.Result run =
        Launcher.run(
            Map.of("CHATKIT_MIGRATE_JAVA_OPTS", "-Xshare:off -Xmx16m"),
            "migrate",
            "--input=" + Launcher.ROOT.resolve("examples/small-export"),
            "--output=" + Files.createTempDirectory("oom").resolve("out"));
    // 3 is Java's exit on its first OutOfMemoryError, before any collecting for minutes.
    assertEquals(3, run.exit(), run.output());
    assertTrue(run.output().contains("chatkit-migrate: Java ran out of heap memory"), run.output());
    assertTrue(run.output().contains("CHATKIT_MIGRATE_JAVA_OPTS=-Xmx"), run.output());
  }

  /** The flags the launcher's Java starts with, as Java prints them, for these user options. */
  private static String flags(String userOptions) throws Exception {
    // No start-up archive: one would be made for every set of options.
    Launcher.Result help =
        Launcher.stdout(
            Map.of(
                "CHATKIT_MIGRATE_JAVA_OPTS",
                "-Xshare:off -XX:+PrintCommandLineFlags " + userOptions),
            "--help");
    assertEquals(0, help.exit(), help.output());
    return help.output().lines().filter(l -> l.startsWith("-XX:")).findFirst().orElse("");
  }
}
