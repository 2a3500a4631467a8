package io.chatkitmigrate.pipelines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.chatkitmigrate.pipelines.generate.ExportGenerator;
import io.chatkitmigrate.pipelines.generate.GeneratorSettings;
import io.chatkitmigrate.schemas.Json;
import io.chatkitmigrate.schemas.stream.ImportItem;
import io.chatkitmigrate.transforms.testing.Fixtures;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A small --maxPartBytes gives many parts, written by the workers and named by the launcher: in
 * manifest order they hold the same items as one part does, in Stream's type order, each part under
 * the bound and described exactly by the manifest, and they validate.
 */
class MigrateManyPartsTest {
  static final long MAX = 20_000;

  @TempDir Path tmp;

  @Test
  void manyPartsHoldTheItemsOfOneInTypeOrderAndValidate() throws Exception {
    Path generated = tmp.resolve("generated");
    new ExportGenerator(GeneratorSettings.of(1500, 25).withRates(0.01, 0.03, 0.05))
        .generate(generated, n -> {});
    Path export = generated.resolve("export");
    Runs one = Runs.migrate(export, tmp.resolve("one"));
    assertEquals(0, one.exit, one.toString());
    Runs many = Runs.migrate(export, tmp.resolve("many"), "--maxPartBytes=" + MAX);
    assertEquals(0, many.exit, many.toString());
    assertTrue(many.report().path("validation").path("ok").asBoolean(), many.toString());

    JsonNode manifest = Json.tree(Files.readString(many.output.resolve("manifest.json")));
    JsonNode parts = manifest.path("parts");
    try (Stream<Path> named = Files.list(many.output.resolve("import"))) {
      assertEquals(parts.size(), named.count(), "every part in the manifest, nothing else");
    }
    assertTrue(parts.size() > 10, parts.size() + " parts");
    assertEquals(parts.size(), manifest.at("/totals/parts").asInt());

    List<String> sequence = new ArrayList<>();
    Map<String, Long> totals = new LinkedHashMap<>();
    for (int i = 0; i < parts.size(); i++) {
      JsonNode part = parts.get(i);
      assertEquals(String.format("import/part-%05d.jsonl", i + 1), part.path("name").asText());
      byte[] bytes = Files.readAllBytes(many.output.resolve(part.path("name").asText()));
      assertTrue(bytes.length <= MAX && bytes[bytes.length - 1] == '\n', part.toString());
      assertEquals(bytes.length, part.path("bytes").asLong());
      assertEquals(
          HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)),
          part.path("sha256").asText());
      Map<String, Long> counts = new LinkedHashMap<>();
      for (String line : new String(bytes, StandardCharsets.UTF_8).lines().toList()) {
        sequence.add(line);
        counts.merge(Json.tree(line).path("type").asText(), 1L, Long::sum);
      }
      assertEquals(counts, counts(part.path("counts")));
      counts.forEach((type, n) -> totals.merge(type, n, Long::sum));
    }
    assertEquals(totals, counts(manifest.at("/totals/items")));

    // Stream's type order across the whole sequence.
    List<Integer> ranks =
        sequence.stream()
            .map(l -> ImportItem.TYPE_ORDER.indexOf(Json.tree(l).path("type").asText()))
            .toList();
    assertEquals(ranks.stream().sorted().toList(), ranks, "types in Stream's order");
    // The same items as the run whose items all fit in one part, type by type.
    assertEquals(1, one.report().path("parts").size());
    assertEquals(byType(one.importLines()), byType(sequence));

    // Each run written side by side costs at most one part beyond packing the sequence in one.
    assertTrue(
        parts.size()
            <= packedInOne(sequence)
                + MigratePipeline.partRuns(PipelineOptionsFactory.create())
                - 1,
        parts.size() + " parts against " + packedInOne(sequence) + " packed in one");

    Runs validated = Runs.cli(many.output, "validate", "--input=" + many.output);
    assertEquals(0, validated.exit, validated.toString());
  }

  private static Map<String, Long> counts(JsonNode node) {
    Map<String, Long> counts = new LinkedHashMap<>();
    node.fields().forEachRemaining(e -> counts.put(e.getKey(), e.getValue().asLong()));
    return counts;
  }

  /** Each type's items, sorted: which item comes first within a type depends on the shards. */
  private static Map<String, List<String>> byType(List<String> lines) {
    Map<String, List<String>> byType = new LinkedHashMap<>();
    for (String line : lines) {
      byType
          .computeIfAbsent(Json.tree(line).path("type").asText(), t -> new ArrayList<>())
          .add(line);
    }
    byType.values().forEach(l -> l.sort(null));
    return byType;
  }

  @Test
  void aPartSizeStreamCannotTakeIsAUsageErrorAndAnItemOverItFailsTheRunSayingWhy()
      throws Exception {
    Path export = Fixtures.pusherSample();
    for (String bad : List.of("0", "-5", "300000001")) {
      Runs refused = Runs.migrate(export, tmp.resolve("refused" + bad), "--maxPartBytes=" + bad);
      assertEquals(2, refused.exit, refused.toString());
      assertTrue(
          refused.err.contains("--maxPartBytes must be 1 to 300000000, not " + bad),
          refused.toString());
    }
    Runs tooSmall = Runs.migrate(export, tmp.resolve("too-small"), "--maxPartBytes=100");
    assertEquals(1, tooSmall.exit, tooSmall.toString());
    assertTrue(
        tooSmall.err.contains("more than a whole part may hold (--maxPartBytes=100)"),
        tooSmall.toString());
  }

  /** How many parts these lines fill when packed in this order, each cut only when full. */
  private static int packedInOne(List<String> lines) {
    int parts = 0;
    long bytes = MAX;
    for (String line : lines) {
      long needed = line.getBytes(StandardCharsets.UTF_8).length + 1L;
      if (bytes + needed > MAX) {
        parts++;
        bytes = 0;
      }
      bytes += needed;
    }
    return parts;
  }
}
