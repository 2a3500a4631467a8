package io.chatkitmigrate.runners;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chatkitmigrate.pipelines.cli.ChatkitMigrate;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** With Flink's runner in the jar, its options are one --help=NAME away from migrate's own help. */
class FlinkOptionsHelpTest {
  @Test
  void flinkPipelineOptionsAreListedByName() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exit =
        ChatkitMigrate.run(
            new String[] {"migrate", "--help=FlinkPipelineOptions"},
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    String help = out.toString(StandardCharsets.UTF_8);
    assertEquals(0, exit, err.toString(StandardCharsets.UTF_8));
    assertTrue(help.contains("--flinkMaster"), help);
    assertTrue(help.contains("--parallelism"), help);
  }
}
