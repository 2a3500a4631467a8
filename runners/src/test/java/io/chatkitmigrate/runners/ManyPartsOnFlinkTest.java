package io.chatkitmigrate.runners;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.chatkitmigrate.pipelines.generate.ExportGenerator;
import io.chatkitmigrate.pipelines.generate.GeneratorSettings;
import io.chatkitmigrate.schemas.Json;
import io.chatkitmigrate.schemas.stream.ImportItem;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * On embedded Flink with two workers, a small --maxPartBytes gives parts written by the workers
 * that hold the Direct runner's items in Stream's type order, each part under the bound and
 * described exactly by the manifest, and validate.
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
        Migrations.migrate(
            export,
            tmp.resolve("flink"),
            "--runner=FlinkRunner",
            "--flinkMaster=[local]",
            "--parallelism=2",
            "--maxPartBytes=" + MAX);

    JsonNode manifest = Json.tree(Files.readString(flink.resolve("manifest.json")));
    JsonNode parts = manifest.path("parts");
    assertTrue(parts.size() > 10, parts.size() + " parts");
    List<String> sequence = new ArrayList<>();
    for (int i = 0; i < parts.size(); i++) {
      JsonNode part = parts.get(i);
      assertEquals(String.format("import/part-%05d.jsonl", i + 1), part.path("name").asText());
      byte[] bytes = Files.readAllBytes(flink.resolve(part.path("name").asText()));
      assertTrue(bytes.length <= MAX, part.toString());
      assertEquals(bytes.length, part.path("bytes").asLong());
      assertEquals(
          HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)),
          part.path("sha256").asText());
      List<String> lines = new String(bytes, StandardCharsets.UTF_8).lines().toList();
      long counted = 0;
      for (var type : (Iterable<String>) part.path("counts")::fieldNames) {
        counted += part.path("counts").path(type).asLong();
      }
      assertEquals(lines.size(), counted, part.toString());
      sequence.addAll(lines);
    }
    List<Integer> ranks =
        sequence.stream()
            .map(l -> ImportItem.TYPE_ORDER.indexOf(Json.tree(l).path("type").asText()))
            .toList();
    assertEquals(ranks.stream().sorted().toList(), ranks, "types in Stream's order");
    assertEquals(
        Migrations.sortedLines(direct.resolve("import")),
        sequence.stream().sorted().toList(),
        "the Direct runner's items, each once");
    JsonNode report = Json.tree(Files.readString(flink.resolve("report.json")));
    assertTrue(
        report.path("validation").path("ok").asBoolean(), report.path("validation").toString());
  }
}
