package io.chatkitmigrate.pipelines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.chatkitmigrate.schemas.Timestamps;
import io.chatkitmigrate.transforms.rules.IdMapper;
import io.chatkitmigrate.transforms.testing.StreamEmulator;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The contract's hard cases, end to end on real files: ids Stream refuses and ids that collide, a
 * message split over three shards, copies of a message a few seconds apart, 200 messages in one
 * second, a cursor at a deleted message, a member with no cursor, a non-member's cursor, an http
 * URL, 5,001 code points, 6 KB of custom data, a legacy v2 attachment, a deleted room, a sender no
 * users file holds.
 */
class MigrateEdgeCasesTest {
  @TempDir static Path dir;
  static Runs run;
  static final String T = "2020-03-25T12:00:00Z";
  static final String COLLIDER = IdMapper.userId("a:b");

  static void write(String name, List<String> lines) throws IOException {
    Path file = dir.resolve("export").resolve(name);
    Files.createDirectories(file.getParent());
    byte[] bytes = (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8);
    if (name.endsWith(".gz")) {
      try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
        out.write(bytes);
      }
    } else {
      Files.write(file, bytes);
    }
  }

  static String text(String id, String room, String sender, String content) {
    return """
    {"id":%s,"room_id":"%s","sender_id":"%s","created_at":"%s","updated_at":"%s",\
    "parts":[{"part_type":"inline","payload":{"type":"text/plain","content":"%s"}}]}\
    """
        .formatted(id, room, sender, T, T, content);
  }

  static String fragment(int index, String content) {
    return """
    {"id":201,"room_id":"room:1","sender_id":"alice","created_at":"2020-03-25T12:00:05Z",\
    "part_index":%s,"part_count":3,\
    "parts":[{"part_type":"inline","payload":{"type":"text/plain","content":"%s"}}]}\
    """
        .formatted(index, content);
  }

  @BeforeAll
  static void migrate() throws IOException {
    write(
        "users.ndjson",
        List.of(
            "{\"id\":\"alice\",\"name\":\"Alice\",\"created_at\":\"2020-01-01T00:00:00Z\"}",
            "{\"id\":\"bob\",\"name\":\"Bob\",\"created_at\":\"2020-01-01T00:00:00Z\"}",
            "{\"id\":\"carol\",\"name\":\"Carol\",\"created_at\":\"2020-01-01T00:00:00Z\"}",
            "{\"id\":\"josé:1\",\"name\":\"José\",\"created_at\":\"2020-01-01T00:00:00Z\"}",
            "{\"id\":\"a:b\",\"name\":\"AB\",\"created_at\":\"2020-01-01T00:00:00Z\"}",
            "{\"id\":\""
                + COLLIDER
                + "\",\"name\":\"Collider\",\"created_at\":\"2020-01-01T00:00:00Z\"}",
            """
            {"id":"big","name":"Big","created_at":"2020-01-01T00:00:00Z",\
            "custom_data":{"blob":"%s"}}\
            """
                .formatted("x".repeat(6 * 1024))));
    write(
        "rooms.json",
        List.of(
            "[",
            """
            {"id":"room:1","created_by_id":"alice","name":"One","private":true,\
            "member_ids":["alice","bob","carol","josé:1"],"created_at":"2020-03-01T00:00:00Z"},\
            """,
            """
            {"id":"gone","created_by_id":"alice","name":"Gone","private":true,\
            "member_ids":["alice","bob"],"created_at":"2020-03-01T00:00:00Z",\
            "deleted_at":"2020-03-02T00:00:00Z"},\
            """,
            """
            {"id":"pub","created_by_id":"bob","name":"Pub","private":false,\
            "member_user_ids":["alice","bob"],"created_at":"2020-03-01T00:00:00Z"}\
            """,
            "]"));
    List<String> shard0 = new ArrayList<>();
    for (int id = 1; id <= 200; id++) {
      shard0.add(text(Integer.toString(id), "room:1", id % 2 == 0 ? "bob" : "alice", "m" + id));
    }
    shard0.add(fragment(0, "first"));
    shard0.add(
        """
        {"id":202,"room_id":"room:1","sender_id":"bob","created_at":"2020-03-25T12:00:06Z",\
        "parts":[{"part_type":"url",\
        "payload":{"type":"image/png","url":"http://old.example.com/p.png"}}]}\
        """);
    shard0.add(text("203", "room:1", "carol", "y".repeat(5001)).replace(T, "2020-03-25T12:00:07Z"));
    shard0.add(text("1", "pub", "bob", "original"));
    // Two copies of one message that disagree on the second of created_at (mapping.md §4.1: one
    // message all the same), and a message in the winner's second that must follow it.
    shard0.add(text("2", "pub", "alice", "before"));
    write("messages-00000-of-00003.ndjson", shard0);
    write(
        "messages-00001-of-00003.ndjson",
        List.of(
            fragment(1, "second"),
            """
            {"id":204,"room_id":"room:1","user_id":"josé:1","text":"legacy",\
            "attachment":{"resource_link":"https://x.example.com/v.mp4","type":"video"},\
            "created_at":"2020-03-25T12:00:08Z"}\
            """,
            text("205", "room:1", "ghost", "boo").replace(T, "2020-03-25T12:00:09Z"),
            text("206", "room:1", "alice", "oops")
                .replace(T, "2020-03-25T12:00:10Z")
                .replace("}]}", "}],\"deleted_at\":\"2020-03-26T00:00:00Z\"}"),
            text("1", "gone", "alice", "lost"),
            text("2", "pub", "alice", "after")
                .replace("\"created_at\":\"" + T, "\"created_at\":\"2020-03-25T12:00:07Z")
                .replace("\"updated_at\":\"" + T, "\"updated_at\":\"2020-03-26T00:00:00Z"),
            text("3", "pub", "bob", "next").replace(T, "2020-03-25T12:00:07Z")));
    write(
        "2020-03/messages-00002-of-00003.ndjson.gz",
        List.of(
            fragment(2, "third"),
            text("1", "pub", "bob", "edited")
                .replace("\"updated_at\":\"" + T, "\"updated_at\":\"2020-03-26T00:00:00Z")));
    write(
        "cursors.ndjson",
        List.of(
            """
            {"cursor_type":0,"room_id":"room:1","user_id":"alice","position":150,\
            "updated_at":"2020-03-25T13:00:00Z"}\
            """,
            """
            {"cursor_type":0,"room_id":"room:1","user_id":"bob","position":190,\
            "updated_at":"2020-03-25T13:00:00Z"}\
            """,
            """
            {"cursor_type":0,"room_id":"room:1","user_id":"carol","position":206,\
            "updated_at":"2020-03-25T13:00:00Z"}\
            """,
            """
            {"cursor_type":0,"room_id":"room:1","user_id":"dave","position":3,\
            "updated_at":"2020-03-25T13:00:00Z"}\
            """,
            "{\"cursor_type\":0,\"room_id\":\"gone\",\"user_id\":\"alice\",\"position\":1}",
            "{\"cursor_type\":0,\"room_id\":\"pub\",\"user_id\":\"alice\",\"position\":1}"));
    write(
        "roles.ndjson",
        List.of(
            """
            {"name":"mod","scope":"room","permissions":["room:members:add","message:create"]}\
            """));
    write(
        "user_roles.ndjson",
        List.of(
            "{\"user_id\":\"alice\",\"role_name\":\"admin\",\"scope\":\"global\"}",
            """
            {"user_id":"bob","role_name":"mod","scope":"room","room_id":"room:1"}\
            """));
    run = Runs.migrate(dir.resolve("export"), dir.resolve("out"));
  }

  @Test
  void everyCountInTheBooksHasExactlyItsLines() throws IOException {
    FindingLines.assertEveryCountHasItsLines(run.output);
    // Dave's cursor (no member) is rejected, and its line is where the contract puts it: warnings/.
    JsonNode cursors = run.report().path("accounting").path("entities").path("cursors");
    assertEquals(2, cursors.path("rejected").asLong());
    assertEquals(
        1,
        cursors.path("rejected_in_warnings").path("cursor_non_member").asLong(),
        cursors.toString());
    assertTrue(run.out.contains("(1 of the 2 rejected cursors are in warnings/"), run.out);
  }

  @Test
  void theRunSucceedsAndTheBooksBalancePerEntity() throws IOException {
    assertEquals(0, run.exit, run.toString());
    JsonNode books = run.report().path("accounting").path("entities");
    assertEquals(List.of(7L, 5L, 0L, 2L), line(books, "users"));
    assertEquals(List.of(3L, 2L, 0L, 1L), line(books, "rooms"));
    assertEquals(List.of(214L, 209L, 4L, 1L), line(books, "messages"));
    assertEquals(List.of(6L, 4L, 0L, 2L), line(books, "cursors"));
    assertEquals(List.of(1L, 1L, 0L, 0L), line(books, "roles"));
    assertEquals(List.of(2L, 2L, 0L, 0L), line(books, "user_roles"));
    JsonNode items = run.report().path("accounting").path("items");
    assertEquals(
        7,
        items.path("user").asLong(),
        "5 users, and placeholders for ghost (a sender) and dave (a cursor owner):"
            + " docs/conversion.md §4 counts both as references");
    assertEquals(2, items.path("channel").asLong());
    assertEquals(6, items.path("member").asLong());
    assertEquals(209, items.path("message").asLong());
  }

  static List<Long> line(JsonNode books, String entity) {
    JsonNode l = books.path(entity);
    return List.of(
        l.path("read").asLong(),
        l.path("written").asLong(),
        l.path("merged").asLong(),
        l.path("rejected").asLong());
  }

  @Test
  void idsStreamRefusesAreMappedAndListedAndCollisionsRejectBothSides() throws IOException {
    Set<String> users =
        run.items("user").stream()
            .map(u -> u.get("id").asText())
            .collect(Collectors.toCollection(TreeSet::new));
    assertEquals(
        new TreeSet<>(
            List.of("alice", "bob", "carol", IdMapper.userId("josé:1"), "big", "ghost", "dave")),
        users);
    List<String> idMap = Files.readAllLines(run.output.resolve("id-map.ndjson"));
    assertTrue(
        idMap.contains(
            "{\"kind\":\"user\",\"chatkit_id\":\"josé:1\",\"stream_id\":\""
                + IdMapper.userId("josé:1")
                + "\"}"),
        idMap.toString());
    assertTrue(
        idMap.contains(
            "{\"kind\":\"channel\",\"chatkit_id\":\"room:1\",\"stream_id\":\""
                + IdMapper.channelId("room:1")
                + "\"}"),
        idMap.toString());
    List<JsonNode> collisions =
        run.findings("rejected").stream()
            .filter(f -> f.path("reason").asText().equals("id_collision"))
            .toList();
    assertEquals(
        Set.of("a:b", COLLIDER),
        collisions.stream()
            .map(f -> f.path("record").path("id").asText())
            .collect(Collectors.toSet()));
  }

  @Test
  void aMessageSplitOverThreeShardsIsOneMessage() throws IOException {
    JsonNode m = message(IdMapper.channelId("room:1") + "-201");
    assertEquals("first\nsecond\nthird", m.get("text").asText());
  }

  @Test
  void copiesOfAMessageInDifferentSecondsAreOneMessageTheLatestCopy() throws IOException {
    JsonNode m = message("pub-2");
    assertEquals("after", m.get("text").asText());
    assertEquals("2020-03-25T12:00:07Z", m.get("created_at").asText());
    assertEquals(
        "2020-03-25T12:00:07.000001Z",
        message("pub-3").get("created_at").asText(),
        "the merged message takes its place among the messages of its second");
    assertEquals(
        1, run.items("message").stream().filter(i -> i.get("id").asText().equals("pub-2")).count());
  }

  @Test
  void theRestSinkDeliversTheMergedMessageOnce() throws IOException {
    Path secret = dir.resolve("secret");
    Files.writeString(secret, "edge-s3cret\n");
    try (StreamEmulator stream = StreamEmulator.start("edge-key", "edge-s3cret")) {
      Runs rest =
          Runs.migrate(
              dir.resolve("export"),
              dir.resolve("rest"),
              "--sink=rest",
              "--streamApiKey=edge-key",
              "--streamApiSecretFile=" + secret,
              "--streamBaseUrl=" + stream.baseUrl());
      assertEquals(0, rest.exit, rest.toString());
      // The REST sink does not re-create deleted messages (docs/sinks.md): 206 stays out.
      Set<String> written =
          run.items("message").stream()
              .filter(m -> !m.get("type").asText().equals("deleted"))
              .map(m -> m.get("id").asText())
              .collect(Collectors.toCollection(TreeSet::new));
      written.removeAll(stream.messages.keySet());
      assertEquals(Set.of(), written, "every message line delivered");
      assertEquals("after", stream.messages.get("pub-2").get("text").asText());
      assertEquals(1, stream.stores.get("message:pub-2").get(), stream.stores.keySet().toString());
    }
  }

  @Test
  void twoHundredMessagesInOneSecondKeepTheirIdOrder() throws IOException {
    String channel = IdMapper.channelId("room:1");
    Map<Long, Long> created = new TreeMap<>();
    for (JsonNode m : run.items("message")) {
      String id = m.get("id").asText();
      if (id.startsWith(channel + "-")) {
        created.put(
            Long.parseLong(id.substring(channel.length() + 1)),
            Timestamps.parseMicros(m.get("created_at").asText()));
      }
    }
    long previous = Long.MIN_VALUE;
    for (Map.Entry<Long, Long> e : created.entrySet()) {
      assertTrue(e.getValue() > previous, "created_at strictly increases with id at " + e.getKey());
      previous = e.getValue();
    }
    assertEquals(
        "2020-03-25T12:00:00.000199Z", message(channel + "-200").get("created_at").asText());
  }

  @Test
  void readStateMatchesChatkitForCursorsDeletedMessagesAndMissingCursors() throws IOException {
    String channel = IdMapper.channelId("room:1");
    Map<String, JsonNode> members = new TreeMap<>();
    for (JsonNode m : run.items("member")) {
      if (m.get("channel_id").asText().equals(channel)) {
        members.put(m.get("user_id").asText(), m);
      }
    }
    assertEquals(
        "2020-03-25T12:00:00.000149Z",
        members.get("alice").get("last_read").asText(),
        "message 150");
    assertEquals(
        "2020-03-25T12:00:09Z",
        members.get("carol").get("last_read").asText(),
        "206 is deleted: 205 is the last read");
    assertEquals(
        "2020-03-25T11:59:59.999999Z",
        members.get(IdMapper.userId("josé:1")).get("last_read").asText(),
        "no cursor: nothing read");
    assertEquals("channel_moderator", members.get("bob").get("channel_role").asText());
    assertEquals(0, run.report().path("read_state").path("mismatched_members").asLong());
    assertEquals(6, run.report().path("read_state").path("members_compared").asLong());
  }

  @Test
  void messageRulesHoldEndToEnd() throws IOException {
    String channel = IdMapper.channelId("room:1");
    JsonNode http = message(channel + "-202").get("attachments").get(0);
    assertEquals("http://old.example.com/p.png", http.get("title_link").asText());
    assertEquals(5000, message(channel + "-203").get("text").asText().length());
    JsonNode legacy = message(channel + "-204");
    assertEquals("video", legacy.get("attachments").get(0).get("type").asText());
    assertEquals(IdMapper.userId("josé:1"), legacy.get("user").asText());
    assertEquals("deleted", message(channel + "-206").get("type").asText());
    assertEquals("edited", message("pub-1").get("text").asText(), "the later copy wins");
    assertEquals(
        "admin",
        run.items("user").stream()
            .filter(u -> u.get("id").asText().equals("alice"))
            .findFirst()
            .orElseThrow()
            .get("role")
            .asText());
  }

  @Test
  void everyProblemIsReportedWithItsReason() throws IOException {
    Map<String, Long> rejected =
        run.findings("rejected").stream()
            .collect(
                Collectors.groupingBy(
                    f -> f.path("entity").asText() + ":" + f.path("reason").asText(),
                    TreeMap::new,
                    Collectors.counting()));
    assertEquals(
        Map.of(
            "users:id_collision",
            2L,
            "rooms:deleted_room",
            1L,
            "messages:deleted_room",
            1L,
            "cursors:deleted_room",
            1L),
        rejected);
    Set<String> warnings =
        run.findings("warnings").stream()
            .map(f -> f.path("reason").asText())
            .collect(Collectors.toSet());
    assertEquals(
        Set.of(
            "custom_data_too_large",
            "insecure_url",
            "text_truncated",
            "placeholder_user",
            "cursor_non_member"),
        warnings);
    JsonNode truncated =
        run.findings("warnings").stream()
            .filter(f -> f.path("reason").asText().equals("text_truncated"))
            .findFirst()
            .orElseThrow();
    assertEquals(
        5001,
        truncated
            .path("record")
            .path("parts")
            .get(0)
            .path("payload")
            .path("content")
            .asText()
            .length());
    assertTrue(truncated.path("source").asText().endsWith("messages-00000-of-00003.ndjson"));
    assertEquals(203, truncated.path("line").asLong());
  }

  @Test
  void everyCountByReasonHasExactlyItsLines() throws IOException {
    FindingLines.assertEveryCountHasItsLines(run.output);
  }

  static JsonNode message(String id) throws IOException {
    return run.items("message").stream()
        .filter(m -> m.get("id").asText().equals(id))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no message " + id));
  }
}
