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
import java.time.Instant;
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
    Path flink = Migrations.migrateOnEmbeddedFlink(export, tmp.resolve("flink"));

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

  @Test
  void copiesOfAMessageSecondsApartAreOneMessageOnBothEngines() throws IOException {
    Path split = tmp.resolve("split");
    Files.createDirectories(split);
    Files.writeString(
        split.resolve("users.ndjson"),
        "{\"id\":\"alice\",\"name\":\"Alice\",\"created_at\":\"2020-01-01T00:00:00Z\"}\n");
    StringBuilder rooms = new StringBuilder();
    List<StringBuilder> shards =
        List.of(new StringBuilder(), new StringBuilder(), new StringBuilder());
    Instant t0 = Instant.parse("2020-03-25T12:00:00Z");
    int splitMessages = 0;
    for (int r = 0; r < 40; r++) {
      rooms.append(
          """
          {"id":"r%d","name":"R","created_by_id":"alice","private":false,\
          "member_user_ids":["alice"],"created_at":"2020-01-01T00:00:00Z"}
          """
              .formatted(r));
      for (int id = 1; id <= 30; id++) {
        Instant created = t0.plusSeconds(id / 3);
        shards.get(id % 3).append(message(r, id, created, created, "v1"));
        if (id % 5 == 0) {
          // A later copy some seconds on, in another shard: it wins, and moves the message.
          Instant moved = created.plusSeconds(2 + id % 7);
          shards.get((id + 1) % 3).append(message(r, id, moved, moved.plusSeconds(60), "v2"));
          splitMessages++;
        }
      }
    }
    Files.writeString(split.resolve("rooms.ndjson"), rooms);
    for (int i = 0; i < shards.size(); i++) {
      Files.writeString(
          split.resolve("messages-0000%d-of-00003.ndjson".formatted(i)), shards.get(i));
    }

    Path direct = Migrations.migrate(split, tmp.resolve("split-direct"), "--runner=DirectRunner");
    Path flink = Migrations.migrateOnEmbeddedFlink(split, tmp.resolve("split-flink"));
    List<String> items = Migrations.sortedLines(direct.resolve("import"));
    assertEquals(items, Migrations.sortedLines(flink.resolve("import")));
    List<JsonNode> messages =
        items.stream()
            .map(Json::tree)
            .filter(i -> i.path("type").asText().equals("message"))
            .toList();
    assertEquals(40 * 30, messages.size());
    assertEquals(
        40 * 30,
        messages.stream().map(m -> m.path("data").path("id").asText()).distinct().count(),
        "each message once");
    assertEquals(
        splitMessages,
        messages.stream().filter(m -> m.path("data").path("text").asText().equals("v2")).count());
    for (Path run : List.of(direct, flink)) {
      JsonNode books =
          Json.tree(Files.readString(run.resolve("report.json")))
              .path("accounting")
              .path("entities")
              .path("messages");
      assertEquals(splitMessages, books.path("merged").asLong(), run.toString());
      assertEquals(40 * 30, books.path("written").asLong(), run.toString());
    }
  }

  private static String message(int room, int id, Instant created, Instant updated, String text) {
    return """
    {"id":%d,"room_id":"r%d","sender_id":"alice","created_at":"%s","updated_at":"%s",\
    "parts":[{"part_type":"inline","payload":{"type":"text/plain","content":"%s"}}]}
    """
        .formatted(id, room, created, updated, text);
  }
}
