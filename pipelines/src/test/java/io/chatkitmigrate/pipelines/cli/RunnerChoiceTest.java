package io.chatkitmigrate.pipelines.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The engine a run gets when the user does not choose, and that a user's choice always wins. */
class RunnerChoiceTest {
  private static final String[] INPUT = {"migrate", "--input=in", "--output=out"};

  @Test
  void smallInputsStayOnDirectWithItsChecksOff() {
    String[] args = RunnerChoice.withDefaults(INPUT, RunnerChoice.FLINK_FROM_BYTES - 1, 4);
    assertEquals("DirectRunner", RunnerChoice.value(args, "runner"));
    assertEquals("false", RunnerChoice.value(args, "enforceImmutability"));
    assertEquals("4", RunnerChoice.value(args, "targetParallelism"));
    assertNull(RunnerChoice.value(args, "objectReuse"));
  }

  @Test
  void largeInputsStayOnDirectWhenFlinkIsNotOnTheClassPath() {
    // This module's class path has no Flink runner (runners/ bundles it): the launcher must not
    // pick it.
    assertFalse(RunnerChoice.flinkAvailable());
    String[] args = RunnerChoice.withDefaults(INPUT, 10L * RunnerChoice.FLINK_FROM_BYTES, 4);
    assertEquals("DirectRunner", RunnerChoice.value(args, "runner"));
  }

  @Test
  void flinkRunsEmbeddedOnEveryCoreWithoutDefensiveCopies() throws Exception {
    String[] given = {"migrate", "--input=in", "--runner=FlinkRunner"};
    String[] args = RunnerChoice.withDefaults(given, 1, 6);
    assertEquals("[local]", RunnerChoice.value(args, "flinkMaster"));
    assertEquals("6", RunnerChoice.value(args, "parallelism"));
    assertEquals("true", RunnerChoice.value(args, "objectReuse"));
    assertEquals("true", RunnerChoice.value(args, "fasterCopy"));
    assertEquals("true", RunnerChoice.value(args, "useDataStreamForBatch"));
    String conf =
        Files.readString(Path.of(RunnerChoice.value(args, "flinkConfDir"), "flink-conf.yaml"));
    assertTrue(conf.contains("taskmanager.numberOfTaskSlots: 6\n"), conf);
    assertTrue(conf.contains("execution.batch.adaptive.auto-parallelism.enabled: false\n"), conf);
    assertTrue(conf.contains("taskmanager.memory.managed.size: "), conf);
    assertEquals("Flink, embedded, parallelism 6", RunnerChoice.describe(args));
  }

  @Test
  void flinksSortsGetATenthOfTheMachineWithinBounds() {
    assertEquals(EmbeddedFlink.MIN_MANAGED, EmbeddedFlink.managedBytes(0));
    assertEquals(EmbeddedFlink.MIN_MANAGED, EmbeddedFlink.managedBytes(1L << 30));
    assertEquals((16L << 30) / 10, EmbeddedFlink.managedBytes(16L << 30));
    assertEquals(EmbeddedFlink.MAX_MANAGED, EmbeddedFlink.managedBytes(24L << 30));
    assertTrue(
        EmbeddedFlink.configuration(2, 24L << 30)
            .contains("taskmanager.memory.managed.size: 2048m\n"));
  }

  @Test
  void anEmbeddedRunKeepsTheUsersOwnFlinkConfiguration() {
    String[] given = {"migrate", "--runner=FlinkRunner", "--flinkConfDir=/etc/flink"};
    String[] args = RunnerChoice.withDefaults(given, 1, 2);
    assertEquals("/etc/flink", RunnerChoice.value(args, "flinkConfDir"));
  }

  @Test
  void whatTheUserGaveWins() {
    String[] given = {
      "migrate",
      "--runner=FlinkRunner",
      "--flinkMaster=host:8081",
      "--parallelism=16",
      "--objectReuse=false",
      "--useDataStreamForBatch=false"
    };
    String[] args = RunnerChoice.withDefaults(given, 1, 2);
    assertEquals("host:8081", RunnerChoice.value(args, "flinkMaster"));
    assertEquals("16", RunnerChoice.value(args, "parallelism"));
    assertEquals("false", RunnerChoice.value(args, "objectReuse"));
    assertEquals("false", RunnerChoice.value(args, "useDataStreamForBatch"));
    // A cluster has its own configuration; the embedded one is not imposed on it.
    assertNull(RunnerChoice.value(args, "flinkConfDir"));
    assertEquals("true", RunnerChoice.value(args, "fasterCopy"));
    assertEquals("Flink cluster at host:8081", RunnerChoice.describe(args));
  }

  @Test
  void largeRunsOnFlinkValidateInTheJobUnlessTheUserSaysWhere() {
    long large = RunnerChoice.JOB_VALIDATION_FROM_BYTES;
    String[] flink = {"migrate", "--runner=FlinkRunner"};
    assertEquals(
        "job", RunnerChoice.value(RunnerChoice.withValidation(flink, large), "validateIn"));
    // Smaller runs, and runs on Direct, are left to auto; the user's choice stands.
    assertNull(RunnerChoice.value(RunnerChoice.withValidation(flink, large - 1), "validateIn"));
    String[] direct = {"migrate", "--runner=DirectRunner"};
    assertNull(RunnerChoice.value(RunnerChoice.withValidation(direct, large), "validateIn"));
    String[] chosen = {"migrate", "--runner=FlinkRunner", "--validateIn=launcher"};
    assertEquals(
        "launcher", RunnerChoice.value(RunnerChoice.withValidation(chosen, large), "validateIn"));
  }
}
