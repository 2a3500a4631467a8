package io.chatkitmigrate.runners;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.chatkitmigrate.pipelines.PartsValidation;
import io.chatkitmigrate.pipelines.generate.ExportGenerator;
import io.chatkitmigrate.pipelines.generate.GeneratorSettings;
import io.chatkitmigrate.schemas.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * On embedded Flink with two workers, a small --maxPartBytes gives parts written by the workers
 * that hold the Direct runner's items in Stream's type order, each part under the bound and
 * described exactly by the manifest, and validated in the job as the launcher would validate them.
 */
class ManyPartsOnFlinkTest {
  static final long MAX = 20_000;

  @TempDir Path tmp;

  @Test
  void workersWriteManyPartsThatHoldTheItemsInOrder() throws Exception {
    Path generated = tmp.resolve("generated");
    new ExportGenerator(GeneratorSettings.of(1500, 26).withRates(0.01, 0.03, 0.05))
        .generate(generated, n -> {});
    Path export = generated.resolve("export");
    Path direct = Migrations.migrate(export, tmp.resolve("direct"), "--runner=DirectRunner");
    Path flink =
        Migrations.migrateOnEmbeddedFlink(
            export, tmp.resolve("flink"), "--validateIn=job", "--maxPartBytes=" + MAX);

    assertTrue(WorkerParts.count(flink) > 10, WorkerParts.count(flink) + " parts");
    List<String> sequence = WorkerParts.inOrder(flink, MAX);
    assertEquals(
        Migrations.sortedLines(direct.resolve("import")),
        sequence.stream().sorted().toList(),
        "the Direct runner's items, each once");
    JsonNode report = Json.tree(Files.readString(flink.resolve("report.json")));
    assertTrue(
        report.path("validation").path("ok").asBoolean(), report.path("validation").toString());
    // The job validated its parts before the launcher named them: the report is the one the
    // launcher's validator makes of the named parts, which it names within the run's folder.
    assertEquals(
        PartsValidation.validate(
                flink.resolve("import") + "/part-*.jsonl",
                report.path("options").path("maxMessageLength").asInt(),
                MAX)
            .toJson()
            .toString()
            .replace(flink + "/", ""),
        report.path("validation").toString());
  }
}
