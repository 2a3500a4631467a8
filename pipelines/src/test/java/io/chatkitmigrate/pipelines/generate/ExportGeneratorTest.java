package io.chatkitmigrate.pipelines.generate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.chatkitmigrate.schemas.Json;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The generator's promises: the same bytes for a seed, and the shapes and faults it claims to
 * write.
 */
class ExportGeneratorTest {
  @TempDir Path tmp;

  private Path generate(String name, GeneratorSettings settings) throws IOException {
    Path out = tmp.resolve(name);
    new ExportGenerator(settings).generate(out, n -> {});
    return out;
  }

  private static Map<String, String> digests(Path folder) throws Exception {
    Map<String, String> digests = new HashMap<>();
    try (Stream<Path> files = Files.walk(folder)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        byte[] hash = MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(f));
        digests.put(folder.relativize(f).toString(), HexFormat.of().formatHex(hash));
      }
    }
    return digests;
  }

  /** Every line of every file of one entity, gz or not. */
  private static List<String> lines(Path export, String entity) throws IOException {
    List<String> lines = new ArrayList<>();
    try (Stream<Path> files = Files.list(export)) {
      for (Path f :
          files
              .filter(p -> p.getFileName().toString().startsWith(entity + "-"))
              .sorted()
              .toList()) {
        try (InputStream in =
            f.toString().endsWith(".gz")
                ? new GZIPInputStream(Files.newInputStream(f))
                : Files.newInputStream(f)) {
          lines.addAll(new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList());
        }
      }
    }
    return lines;
  }

  @Test
  void theSameSeedWritesTheSameBytesAndAnotherSeedDoesNot() throws Exception {
    GeneratorSettings settings = GeneratorSettings.of(3000, 7);
    Map<String, String> first = digests(generate("a", settings));
    Map<String, String> again = digests(generate("b", settings));
    Map<String, String> other = digests(generate("c", GeneratorSettings.of(3000, 8)));
    assertEquals(first, again);
    assertFalse(
        first
            .get("export/messages-00001-of-00004.ndjson")
            .equals(other.get("export/messages-00001-of-00004.ndjson")));
  }

  @Test
  void writesEveryMessageShapeFragmentsAcrossShardsAndBadLines() throws IOException {
    Path export =
        generate("g", GeneratorSettings.of(20_000, 1).withRates(0.01, 0.02, 0.05))
            .resolve("export");
    int exportShape = 0;
    int apiShape = 0;
    int legacy = 0;
    int bad = 0;
    Map<String, List<Integer>> fragmentFiles = new HashMap<>();
    int lineNo = 0;
    for (String line : lines(export, "messages")) {
      lineNo++;
      JsonNode m;
      try {
        m = Json.MAPPER.readTree(line);
      } catch (IOException e) {
        bad++;
        continue;
      }
      if (m.has("sender_id")) {
        exportShape++;
      } else if (m.has("parts")) {
        apiShape++;
      } else if (m.has("text")) {
        legacy++;
      }
      if (m.has("part_index")) {
        fragmentFiles
            .computeIfAbsent(
                m.get("room_id").asText() + "/" + m.get("id").asLong(), k -> new ArrayList<>())
            .add(lineNo);
      }
    }
    assertTrue(
        exportShape > apiShape && apiShape > legacy && legacy > 0,
        exportShape + " export, " + apiShape + " API, " + legacy + " legacy");
    JsonNode expected = Json.tree(Files.readString(export.resolveSibling("expected.json")));
    long allBad =
        bad
            + countBad(export, "users")
            + countBad(export, "rooms")
            + countBad(export, "cursors")
            + countBad(export, "user_roles");
    assertEquals(expected.at("/rejected_by_reason/malformed_json").asLong(), allBad);
    assertTrue(bad > 100, "bad lines: " + bad);
    assertTrue(fragmentFiles.size() > 100, "fragmented messages: " + fragmentFiles.size());
    assertTrue(fragmentFiles.values().stream().allMatch(l -> l.size() >= 2));
  }

  private static long countBad(Path export, String entity) throws IOException {
    return lines(export, entity).stream()
        .filter(
            l -> {
              try {
                Json.MAPPER.readTree(l);
                return false;
              } catch (IOException e) {
                return true;
              }
            })
        .count();
  }

  @Test
  void idsStreamRefusesAndOldIntegerRoomIdsAreThere() throws IOException {
    Path export = generate("ids", GeneratorSettings.of(5000, 1)).resolve("export");
    List<String> rooms = lines(export, "rooms");
    assertTrue(rooms.stream().anyMatch(l -> l.contains("\"id\":1003,")), "an integer room id");
    assertTrue(
        rooms.stream().anyMatch(l -> l.contains("ünïcode")), "a room id with non-ASCII letters");
    assertTrue(lines(export, "users").stream().anyMatch(l -> l.contains("\"id\":\"user:7:zoë\"")));
    assertTrue(rooms.stream().anyMatch(l -> l.contains("\"deleted_at\"")), "a deleted room");
    assertTrue(
        rooms.stream().anyMatch(l -> l.contains("member_user_ids")),
        "the server API's member list name");
  }

  @Test
  void aHotRoomHoldsItsMessagesAndArraysAreValidJson() throws IOException {
    Path out =
        generate(
            "hot",
            GeneratorSettings.of(10_000, 3)
                .withHotRoom(6_000)
                .withFormat(true, true, 2)
                .withRates(0, 0, 0));
    Path export = out.resolve("export");
    String first =
        new String(
            new GZIPInputStream(
                    Files.newInputStream(export.resolve("messages-00001-of-00002.json.gz")))
                .readAllBytes(),
            StandardCharsets.UTF_8);
    JsonNode array = Json.MAPPER.readTree(first);
    assertTrue(array.isArray());
    long inHotRoom = 0;
    for (String f : List.of("messages-00001-of-00002.json.gz", "messages-00002-of-00002.json.gz")) {
      JsonNode all =
          Json.MAPPER.readTree(new GZIPInputStream(Files.newInputStream(export.resolve(f))));
      for (JsonNode m : all) {
        if (m.get("room_id").asText().equals("room-0")) {
          inHotRoom++;
        }
      }
    }
    assertEquals(6_000, inHotRoom);
    JsonNode expected = Json.tree(Files.readString(out.resolve("expected.json")));
    assertEquals(10_000, expected.at("/entities/messages/read").asLong());
  }

  /**
   * What the peer converter (Sendbird's pusher_to_sendbird.py) relies on, record by record: any key
   * it reads that is missing, or a room_id that is not a room's id, stops it.
   */
  @Test
  void thePusherShapeIsWhatThePeerConverterReads() throws IOException {
    Path out =
        generate(
            "pusher",
            GeneratorSettings.of(8_000, 5)
                .withHotRoom(2_000)
                .withFormat(true, false, 1)
                .withRates(0, 0, 0)
                .withShape(GeneratorSettings.Shape.PUSHER));
    Path export = out.resolve("export");
    try (Stream<Path> files = Files.list(export)) {
      assertEquals(
          List.of(
              "messages-00001-of-00001.json",
              "rooms-00001-of-00001.json",
              "users-00001-of-00001.json"),
          files.map(f -> f.getFileName().toString()).sorted().toList());
    }
    JsonNode expected = Json.tree(Files.readString(out.resolve("expected.json")));

    JsonNode users = Json.MAPPER.readTree(export.resolve("users-00001-of-00001.json").toFile());
    Set<String> userIds = new HashSet<>();
    for (JsonNode u : users) {
      assertTrue(u.path("id").isTextual() && u.path("name").isTextual(), u.toString());
      assertTrue(userIds.add(u.get("id").asText()), "one record per user: " + u);
    }
    assertEquals(expected.at("/items/user").asLong(), users.size());
    assertEquals(expected.at("/entities/users/read").asLong(), users.size());

    JsonNode rooms = Json.MAPPER.readTree(export.resolve("rooms-00001-of-00001.json").toFile());
    Set<String> roomIds = new HashSet<>();
    for (JsonNode r : rooms) {
      assertTrue(r.path("id").isTextual(), "string room ids only: " + r);
      assertTrue(r.path("name").isTextual() && r.path("private").isBoolean(), r.toString());
      assertTrue(r.path("member_ids").isArray() && !r.get("member_ids").isEmpty(), r.toString());
      r.get("member_ids").forEach(m -> assertTrue(userIds.contains(m.asText()), r.toString()));
      Instant.parse(r.path("created_at").asText());
      assertFalse(r.has("member_user_ids") || r.has("deleted_at"), r.toString());
      assertTrue(roomIds.add(r.get("id").asText()), "one record per room: " + r);
    }
    assertEquals(expected.at("/items/channel").asLong(), rooms.size());
    assertEquals(expected.at("/entities/rooms/read").asLong(), rooms.size());

    JsonNode messages =
        Json.MAPPER.readTree(export.resolve("messages-00001-of-00001.json").toFile());
    Map<String, Integer> parts = new TreeMap<>();
    int multiPart = 0;
    for (JsonNode m : messages) {
      assertTrue(m.path("id").isIntegralNumber(), m.toString());
      assertTrue(m.path("sender_id").isTextual(), m.toString());
      assertTrue(
          m.path("room_id").isTextual() && roomIds.contains(m.get("room_id").asText()),
          "room_id as one of the rooms' ids, and of the same JSON type: " + m);
      Instant.parse(m.path("created_at").asText());
      for (String legacy : List.of("user_id", "text", "attachment", "deleted_at", "part_index")) {
        assertFalse(m.has(legacy), legacy + " in " + m);
      }
      assertTrue(m.path("parts").isArray() && !m.get("parts").isEmpty(), m.toString());
      multiPart += m.get("parts").size() > 1 ? 1 : 0;
      for (JsonNode part : m.get("parts")) {
        String kind = part.path("part_type").asText();
        JsonNode payload = part.path("payload");
        List<String> keys =
            switch (kind) {
              case "inline" -> List.of("type", "content");
              case "url" -> List.of("type", "url");
              case "attachment" -> List.of("type", "name", "download_url");
              default -> throw new AssertionError("part_type " + kind + " in " + m);
            };
        keys.forEach(k -> assertTrue(payload.path(k).isTextual(), k + " in " + m));
        if (kind.equals("attachment")) {
          assertTrue(payload.path("size").isIntegralNumber(), m.toString());
          assertTrue(payload.path("custom_data").isObject(), "custom_data in " + m);
        }
        parts.merge(kind, 1, Integer::sum);
      }
    }
    assertEquals(8_000, messages.size());
    assertEquals(expected.at("/items/message").asLong(), messages.size());
    assertEquals(expected.at("/entities/messages/read").asLong(), messages.size());
    assertTrue(expected.path("rejected_by_reason").isEmpty(), expected.toString());
    // Every kind of part occurs, so the peer's FILE path is exercised too.
    assertEquals(Set.of("attachment", "inline", "url"), parts.keySet(), parts.toString());
    assertTrue(multiPart > 100 && parts.get("attachment") > 100, multiPart + " " + parts);
  }

  @Test
  void tenTimesTheMessagesFitTheSameSmallHeap() throws Exception {
    // 300,000 messages are ~120 MB of records: a generator that kept them would not fit in 64 MB of
    // heap.
    Path out = tmp.resolve("small-heap");
    Process p =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx64m",
                "-cp",
                System.getProperty("java.class.path"),
                "io.chatkitmigrate.pipelines.cli.ChatkitMigrate",
                "generate",
                "--output=" + out,
                "--messages=300000",
                "--users=2000",
                "--rooms=50")
            .redirectErrorStream(true)
            .start();
    String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, p.waitFor(), log);
    JsonNode expected = Json.tree(Files.readString(out.resolve("expected.json")));
    assertTrue(expected.at("/entities/messages/read").asLong() > 300_000, expected.toString());
  }
}
