package io.chatkitmigrate.runners;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.chatkitmigrate.pipelines.cli.ChatkitMigrate;
import io.chatkitmigrate.pipelines.generate.ExpectedCounts;
import io.chatkitmigrate.pipelines.generate.ExportGenerator;
import io.chatkitmigrate.pipelines.generate.GeneratorSettings;
import io.chatkitmigrate.schemas.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The contract's determinism across engines: one export and one set of options give the same multiset of
 * import items, rejected records and warnings on the Direct runner and on an embedded Flink with
 * parallelism 2 (where bundles, object reuse and grouping order all differ), and both match the counts the
 * generator wrote down. The export has a hot room, so Flink iterates a large group.
 */
class DirectAndFlinkAgreeTest {
  @TempDir static Path tmp;
  static Path export;
  static JsonNode expected;

  @BeforeAll
  static void generate() throws IOException {
    Path generated = tmp.resolve("generated");
    new ExportGenerator(GeneratorSettings.of(4000, 21).withHotRoom(2000).withRates(0.01, 0.03, 0.05))
        .generate(generated, n -> {});
    export = generated.resolve("export");
    expected = Json.tree(Files.readString(generated.resolve("expected.json")));
  }

  private static Path migrate(String name, String... runner) {
    Path out = tmp.resolve(name);
    List<String> args = new ArrayList<>(List.of("migrate", "--input=" + export, "--output=" + out));
    args.addAll(List.of(runner));
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exit = ChatkitMigrate.run(args.toArray(String[]::new), new PrintStream(new ByteArrayOutputStream()),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    assertEquals(0, exit, err.toString(StandardCharsets.UTF_8));
    return out;
  }

  /** Every line of every file below {@code folder}, sorted: the multiset of what a run wrote there. */
  private static List<String> sortedLines(Path folder) throws IOException {
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

  @Test
  void directAndEmbeddedFlinkWriteTheSameItemsAndFindings() throws IOException {
    Path direct = migrate("direct", "--runner=DirectRunner");
    Path flink = migrate("flink", "--runner=FlinkRunner", "--flinkMaster=[local]", "--parallelism=2");

    List<String> directItems = sortedLines(direct.resolve("import"));
    assertTrue(directItems.size() > 4000, "items: " + directItems.size());
    assertEquals(directItems, sortedLines(flink.resolve("import")));
    assertEquals(sortedLines(direct.resolve("rejected")), sortedLines(flink.resolve("rejected")));
    assertEquals(sortedLines(direct.resolve("warnings")), sortedLines(flink.resolve("warnings")));
    assertEquals(Files.readString(direct.resolve("id-map.ndjson")), Files.readString(flink.resolve("id-map.ndjson")));

    for (Path run : List.of(direct, flink)) {
      JsonNode report = Json.tree(Files.readString(run.resolve("report.json")));
      assertEquals(List.of(), ExpectedCounts.differences(expected, report), run.toString());
    }
  }
}
