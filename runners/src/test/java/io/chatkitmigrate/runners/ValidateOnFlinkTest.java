package io.chatkitmigrate.runners;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.chatkitmigrate.pipelines.cli.ChatkitMigrate;
import io.chatkitmigrate.schemas.Json;
import io.chatkitmigrate.schemas.stream.validate.ValidationReport;
import io.chatkitmigrate.transforms.validate.BrokenImports;
import io.chatkitmigrate.transforms.validate.Sequential;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `validate` on an embedded Flink with two workers, where bundles and grouping order differ from
 * the Direct runner's, reports exactly what the sequential validator reports.
 */
class ValidateOnFlinkTest {
  @TempDir Path tmp;

  @Test
  void embeddedFlinkReportsWhatTheSequentialValidatorReports() throws IOException {
    Path dir = BrokenImports.named("mixed-errors-across-parts").write(tmp);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exit =
        ChatkitMigrate.run(
            new String[] {
              "validate",
              "--input=" + dir,
              "--runner=FlinkRunner",
              "--flinkMaster=[local]",
              "--parallelism=2"
            },
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    assertEquals(1, exit, err.toString(StandardCharsets.UTF_8));
    ValidationReport sequential =
        Sequential.validate(dir + "/part-*.jsonl", 5000, 300_000_000L, 1000);
    assertEquals(
        Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(sequential.toJson()),
        out.toString(StandardCharsets.UTF_8).strip());
  }
}
