package io.chatkitmigrate.runners;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.chatkitmigrate.pipelines.generate.ExpectedCounts;
import io.chatkitmigrate.pipelines.generate.ExportGenerator;
import io.chatkitmigrate.pipelines.generate.GeneratorSettings;
import io.chatkitmigrate.schemas.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The contract's determinism across engines: one export and one set of options give the same
 * multiset of import items, rejected records and warnings on the Direct runner and on an embedded
 * Flink with parallelism 2 (where bundles, object reuse and grouping order all differ), and both
 * match the counts the generator wrote down. The export has a hot room, so Flink iterates a large
 * group.
 */
class DirectAndFlinkAgreeTest {
  @TempDir static Path tmp;
  static Path export;
  static JsonNode expected;

  @BeforeAll
  static void generate() throws IOException {
    Path generated = tmp.resolve("generated");
    new ExportGenerator(
            GeneratorSettings.of(4000, 21).withHotRoom(2000).withRates(0.01, 0.03, 0.05))
        .generate(generated, n -> {});
    export = generated.resolve("export");
    expected = Json.tree(Files.readString(generated.resolve("expected.json")));
  }

  @Test
  void directAndEmbeddedFlinkWriteTheSameItemsAndFindings() throws IOException {
    Path direct = Migrations.migrate(export, tmp.resolve("direct"), "--runner=DirectRunner");
    Path flink =
        Migrations.migrate(
            export,
            tmp.resolve("flink"),
            "--runner=FlinkRunner",
            "--flinkMaster=[local]",
            "--parallelism=2");

    List<String> directItems = Migrations.sortedLines(direct.resolve("import"));
    assertTrue(directItems.size() > 4000, "items: " + directItems.size());
    assertEquals(directItems, Migrations.sortedLines(flink.resolve("import")));
    assertEquals(
        Migrations.sortedLines(direct.resolve("rejected")),
        Migrations.sortedLines(flink.resolve("rejected")));
    assertEquals(
        Migrations.sortedLines(direct.resolve("warnings")),
        Migrations.sortedLines(flink.resolve("warnings")));
    assertEquals(
        Files.readString(direct.resolve("id-map.ndjson")),
        Files.readString(flink.resolve("id-map.ndjson")));

    for (Path run : List.of(direct, flink)) {
      JsonNode report = Json.tree(Files.readString(run.resolve("report.json")));
      assertEquals(List.of(), ExpectedCounts.differences(expected, report), run.toString());
    }
  }
}
