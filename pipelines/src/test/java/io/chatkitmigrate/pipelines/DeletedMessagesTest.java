package io.chatkitmigrate.pipelines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Deleted messages are written (as {@code type: deleted}), so everything they reference must be in
 * the import too: the placeholder channel of a room that only they name, its creator, creation time
 * and members (conversion.md §7, §8), while read state still counts only the other messages (§14).
 */
class DeletedMessagesTest {
  @TempDir static Path dir;
  static Runs run;

  private static String message(int id, String room, String sender, String at, boolean deleted) {
    return """
    {"id":%s,"room_id":"%s","sender_id":"%s","created_at":"%s",\
    "parts":[{"part_type":"inline","payload":{"type":"text/plain","content":"m%s"}}]%s}\
    """
        .formatted(
            id, room, sender, at, id, deleted ? ",\"deleted_at\":\"2020-03-26T00:00:00Z\"" : "");
  }

  @BeforeAll
  static void migrate() throws IOException {
    Path export = Files.createDirectories(dir.resolve("export"));
    Files.write(
        export.resolve("users.ndjson"),
        List.of(
            "{\"id\":\"alice\",\"name\":\"Alice\",\"created_at\":\"2020-01-01T00:00:00Z\"}",
            "{\"id\":\"bob\",\"name\":\"Bob\",\"created_at\":\"2020-01-01T00:00:00Z\"}",
            "{\"id\":\"carol\",\"name\":\"Carol\",\"created_at\":\"2020-01-01T00:00:00Z\"}"));
    Files.write(
        export.resolve("rooms.ndjson"),
        List.of(
            "{\"id\":\"kept\",\"created_by_id\":\"alice\",\"name\":\"Kept\",\"private\":true,"
                + "\"member_ids\":[\"alice\",\"bob\"],\"created_at\":\"2020-03-25T12:00:00Z\"}"));
    Files.write(
        export.resolve("messages.ndjson"),
        List.of(
            // "silent" is in no rooms file and all its messages are deleted; ghost is in no users
            // file.
            message(1, "silent", "bob", "2020-03-25T10:00:00Z", true),
            message(2, "silent", "ghost", "2020-03-25T10:00:05Z", true),
            // "mixed" is in no rooms file; its earliest message is deleted, the later ones are not.
            message(1, "mixed", "carol", "2020-03-25T09:00:00Z", true),
            message(2, "mixed", "alice", "2020-03-25T12:00:00Z", false),
            message(3, "mixed", "bob", "2020-03-25T12:00:00Z", false),
            // bob's only message in "kept" is deleted and older than the room's record says it is.
            message(1, "kept", "bob", "2020-03-25T11:00:00Z", true),
            message(2, "kept", "alice", "2020-03-25T12:30:00Z", false)));
    Files.write(
        export.resolve("cursors.ndjson"),
        List.of(
            "{\"cursor_type\":0,\"room_id\":\"silent\",\"user_id\":\"bob\",\"position\":2}",
            "{\"cursor_type\":0,\"room_id\":\"mixed\",\"user_id\":\"alice\",\"position\":2}",
            "{\"cursor_type\":0,\"room_id\":\"kept\",\"user_id\":\"bob\",\"position\":1}"));
    Files.write(
        export.resolve("roles.ndjson"),
        List.of("{\"name\":\"mod\",\"scope\":\"room\",\"permissions\":[\"room:members:add\"]}"));
    Files.write(
        export.resolve("user_roles.ndjson"),
        List.of(
            """
            {"user_id":"bob","role_name":"mod","scope":"room","room_id":"silent"}\
            """));
    run = Runs.migrate(export, dir.resolve("out"));
  }

  @Test
  void theRunSucceedsValidatesAndEveryCountHasItsLines() throws IOException {
    assertEquals(0, run.exit, run.toString());
    assertTrue(
        run.report().path("validation").path("ok").asBoolean(),
        run.report().path("validation").toString());
    FindingLines.assertEveryCountHasItsLines(run.output);
    assertEquals(List.of(), run.findings("rejected"));
    JsonNode messages = run.report().path("accounting").path("entities").path("messages");
    assertEquals(7, messages.path("written").asLong(), messages.toString());
  }

  @Test
  void aPlaceholderRoomWithOnlyDeletedMessagesBecomesAChannelWithItsWriters() throws IOException {
    JsonNode silent = channel("silent");
    assertEquals("bob", silent.path("created_by").asText(), silent.toString());
    assertEquals("2020-03-25T10:00:00Z", silent.path("created_at").asText());
    assertEquals("messaging", silent.path("type").asText());
    assertTrue(silent.path("chatkit_placeholder").asBoolean());
    // A placeholder's members are members since it was created, at its first message (§8).
    assertEquals(
        Map.of("bob", "2020-03-25T10:00:00Z", "ghost", "2020-03-25T10:00:00Z"),
        memberSince("silent"));
    assertEquals(Map.of("silent-1", "deleted", "silent-2", "deleted"), messageTypes("silent"));
    // A sender whose only message is deleted is still referenced, so still a placeholder user.
    assertTrue(
        run.items("user").stream()
            .anyMatch(
                u ->
                    u.path("id").asText().equals("ghost")
                        && u.path("chatkit_placeholder").asBoolean()));
    // No message counts for read state: no last_read, nothing unread; bob's cursor is his, not an
    // unknown room's.
    assertTrue(members("silent").stream().noneMatch(m -> m.has("last_read")));
    assertFalse(
        run.findings("warnings").stream()
            .anyMatch(f -> f.path("reason").asText().equals("cursor_unknown_room")));
    assertEquals(
        3,
        run.report().path("accounting").path("entities").path("cursors").path("written").asLong());
    // And bob's room role is his there, not one of an unknown room.
    assertEquals(
        Map.of("bob", "channel_moderator", "ghost", "channel_member"),
        members("silent").stream()
            .collect(
                Collectors.toMap(
                    m -> m.path("user_id").asText(), m -> m.path("channel_role").asText())));
    assertEquals(
        1,
        run.report()
            .path("accounting")
            .path("entities")
            .path("user_roles")
            .path("written")
            .asLong());
  }

  @Test
  void aPlaceholderIsCreatedByItsEarliestSenderEvenWhenThatMessageIsDeleted() throws IOException {
    JsonNode mixed = channel("mixed");
    assertEquals("carol", mixed.path("created_by").asText(), mixed.toString());
    assertEquals("2020-03-25T09:00:00Z", mixed.path("created_at").asText());
    assertEquals(
        Map.of(
            "alice",
            "2020-03-25T09:00:00Z",
            "bob",
            "2020-03-25T09:00:00Z",
            "carol",
            "2020-03-25T09:00:00Z"),
        memberSince("mixed"));
    assertEquals(
        Map.of("mixed-1", "deleted", "mixed-2", "regular", "mixed-3", "regular"),
        messageTypes("mixed"));
  }

  @Test
  void readStateStillCountsOnlyMessagesThatAreNotDeleted() throws IOException {
    // Nothing read is 1 µs before the first message that is not deleted, not before carol's deleted
    // one.
    assertEquals(
        Map.of(
            "alice",
            "2020-03-25T12:00:00Z",
            "bob",
            "2020-03-25T11:59:59.999999Z",
            "carol",
            "2020-03-25T11:59:59.999999Z"),
        lastRead("mixed"));
    // bob's cursor is at his deleted message, the only one at or before it: he has read nothing.
    assertEquals(
        Map.of("alice", "2020-03-25T12:29:59.999999Z", "bob", "2020-03-25T12:29:59.999999Z"),
        lastRead("kept"));
    JsonNode readState = run.report().path("read_state");
    assertEquals(0, readState.path("mismatched_members").asLong(), readState.toString());
    assertEquals(
        Map.of("messaging:mixed", 5L, "messaging:kept", 2L, "messaging:silent", 0L),
        perChannel(readState.path("channels"), "chatkit_unread"));
  }

  @Test
  void aMemberIsAMemberSinceTheirFirstMessageEvenADeletedOne() throws IOException {
    assertEquals(
        Map.of("alice", "2020-03-25T12:00:00Z", "bob", "2020-03-25T11:00:00Z"),
        memberSince("kept"));
  }

  @Test
  void theLargestChannelsCountTheDeletedMessagesTheyHold() throws IOException {
    assertEquals(
        Map.of("messaging:mixed", 3L, "messaging:kept", 2L, "messaging:silent", 2L),
        perChannel(run.report().path("read_state").path("largest_channels"), "messages"));
  }

  private static JsonNode channel(String id) throws IOException {
    return run.items("channel").stream()
        .filter(c -> c.path("id").asText().equals(id))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no channel " + id + "\n" + run));
  }

  private static List<JsonNode> members(String channel) throws IOException {
    return run.items("member").stream()
        .filter(m -> m.path("channel_id").asText().equals(channel))
        .toList();
  }

  private static Map<String, String> memberSince(String channel) throws IOException {
    return members(channel).stream()
        .collect(
            Collectors.toMap(
                m -> m.path("user_id").asText(),
                m -> m.path("created_at").asText(),
                (a, b) -> a + "," + b,
                TreeMap::new));
  }

  private static Map<String, String> lastRead(String channel) throws IOException {
    return members(channel).stream()
        .collect(
            Collectors.toMap(
                m -> m.path("user_id").asText(),
                m -> m.path("last_read").asText(),
                (a, b) -> a + "," + b,
                TreeMap::new));
  }

  private static Map<String, String> messageTypes(String channel) throws IOException {
    return run.items("message").stream()
        .filter(m -> m.path("channel_id").asText().equals(channel))
        .collect(
            Collectors.toMap(
                m -> m.path("id").asText(),
                m -> m.path("type").asText(),
                (a, b) -> a + "," + b,
                TreeMap::new));
  }

  private static Map<String, Long> perChannel(JsonNode list, String field) {
    return StreamSupport.stream(list.spliterator(), false)
        .collect(
            Collectors.toMap(
                c -> c.path("cid").asText(), c -> c.path(field).asLong(), Long::sum, TreeMap::new));
  }
}
