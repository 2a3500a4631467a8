package io.chatkitmigrate.pipelines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The example the README's first command converts gives the figures examples/README.md promises.
 */
class MigrateExampleTest {
  @TempDir Path tmp;

  @Test
  void theProjectsExampleConvertsAsItsReadmeSays() throws Exception {
    Runs run = Runs.migrate(Path.of("..", "examples", "small-export"), tmp.resolve("out"));
    assertEquals(0, run.exit, run.toString());
    FindingLines.assertEveryCountHasItsLines(run.output);
    JsonNode entities = run.report().at("/accounting/entities");
    Map<String, List<Long>> books = new TreeMap<>();
    entities
        .fields()
        .forEachRemaining(
            e ->
                books.put(
                    e.getKey(),
                    List.of(
                        e.getValue().get("read").asLong(),
                        e.getValue().get("written").asLong(),
                        e.getValue().get("merged").asLong(),
                        e.getValue().get("rejected").asLong())));
    assertEquals(
        Map.of(
            "user_roles", List.of(2L, 2L, 0L, 0L),
            "users", List.of(7L, 5L, 1L, 1L),
            "rooms", List.of(4L, 3L, 0L, 1L),
            "messages", List.of(15L, 9L, 3L, 3L),
            "cursors", List.of(6L, 5L, 0L, 1L),
            "roles", List.of(3L, 3L, 0L, 0L)),
        books);

    JsonNode kickoff =
        run.items("message").stream()
            .filter(m -> m.get("id").asText().equals("general-14"))
            .findFirst()
            .orElseThrow();
    assertEquals(
        "Here is the recording of the kick-off\nSlides follow tomorrow",
        kickoff.get("text").asText());
    assertEquals("video", kickoff.at("/attachments/0/type").asText());
    JsonNode edited =
        run.items("message").stream()
            .filter(m -> m.get("id").asText().equals("general-11"))
            .findFirst()
            .orElseThrow();
    assertEquals("Hello, all!", edited.get("text").asText());
    JsonNode onCall =
        run.items("member").stream()
            .filter(
                m ->
                    m.get("channel_id").asText().equals("17")
                        && m.get("user_id").asText().startsWith("zo"))
            .findFirst()
            .orElseThrow();
    assertEquals("channel_moderator", onCall.get("channel_role").asText());
    assertTrue(
        run.findings("warnings").stream()
            .anyMatch(f -> f.get("reason").asText().equals("insecure_url")));
    assertEquals(0, run.report().at("/read_state/mismatched_members").asLong());
  }
}
