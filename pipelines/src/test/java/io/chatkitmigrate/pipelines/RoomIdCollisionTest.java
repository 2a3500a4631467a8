package io.chatkitmigrate.pipelines;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.chatkitmigrate.transforms.rules.IdMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two rooms whose ids become one Stream channel id (docs/conversion.md §3): neither is imported,
 * and their messages, cursors and members go with them to rejected/, each with the reason, while
 * the room that collides with nothing converts as usual.
 */
class RoomIdCollisionTest {
  @TempDir Path dir;

  private static final String T = "2020-03-25T12:00:00Z";

  private static String room(String id) {
    return "{\"id\":\""
        + id
        + "\",\"created_by_id\":\"alice\",\"name\":\""
        + id
        + "\",\"private\":true,"
        + "\"member_ids\":[\"alice\",\"bob\"],\"created_at\":\"2020-03-01T00:00:00Z\"}";
  }

  private static String message(int id, String room) {
    return """
    {"id":%s,"room_id":"%s","sender_id":"alice","created_at":"%s",\
    "parts":[{"part_type":"inline","payload":{"type":"text/plain","content":"m%s"}}]}\
    """
        .formatted(id, room, T, id);
  }

  @Test
  void bothSidesOfARoomCollisionAreRejectedWithWhatBelongsToThem() throws IOException {
    String collider = IdMapper.channelId("team:1");
    Path export = Files.createDirectories(dir.resolve("export"));
    Files.write(
        export.resolve("users.ndjson"),
        List.of(
            "{\"id\":\"alice\",\"name\":\"Alice\",\"created_at\":\"2020-01-01T00:00:00Z\"}",
            "{\"id\":\"bob\",\"name\":\"Bob\",\"created_at\":\"2020-01-01T00:00:00Z\"}"));
    Files.write(
        export.resolve("rooms.ndjson"), List.of(room("team:1"), room(collider), room("calm")));
    Files.write(
        export.resolve("messages.ndjson"),
        List.of(message(1, "team:1"), message(2, collider), message(3, "calm")));
    Files.write(
        export.resolve("cursors.ndjson"),
        List.of(
            "{\"cursor_type\":0,\"room_id\":\"team:1\",\"user_id\":\"bob\",\"position\":1}",
            "{\"cursor_type\":0,\"room_id\":\"calm\",\"user_id\":\"bob\",\"position\":3}"));

    Runs run = Runs.migrate(export, dir.resolve("out"));

    assertEquals(0, run.exit, run.toString());
    FindingLines.assertEveryCountHasItsLines(run.output);
    assertEquals(
        List.of("calm"), run.items("channel").stream().map(c -> c.get("id").asText()).toList());
    assertEquals(
        List.of("calm-3"), run.items("message").stream().map(m -> m.get("id").asText()).toList());
    assertEquals(2, run.items("member").size());

    List<JsonNode> rejected = run.findings("rejected");
    Map<String, Long> byReason =
        rejected.stream()
            .collect(
                Collectors.groupingBy(
                    f -> f.path("entity").asText() + ":" + f.path("reason").asText(),
                    TreeMap::new,
                    Collectors.counting()));
    assertEquals(
        Map.of("rooms:id_collision", 2L, "messages:id_collision", 2L, "cursors:id_collision", 1L),
        byReason);
    assertEquals(
        Set.of("team:1", collider),
        rejected.stream()
            .filter(f -> f.path("entity").asText().equals("rooms"))
            .map(f -> f.path("record").path("id").asText())
            .collect(Collectors.toSet()));
    JsonNode rooms = run.report().path("accounting").path("entities").path("rooms");
    assertEquals(
        List.of(3L, 1L, 0L, 2L),
        List.of(
            rooms.path("read").asLong(),
            rooms.path("written").asLong(),
            rooms.path("merged").asLong(),
            rooms.path("rejected").asLong()));
  }
}
