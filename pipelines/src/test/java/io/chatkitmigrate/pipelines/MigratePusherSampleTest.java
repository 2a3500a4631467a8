package io.chatkitmigrate.pipelines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.chatkitmigrate.schemas.Json;
import io.chatkitmigrate.transforms.testing.Fixtures;
import io.chatkitmigrate.transforms.testing.PusherSampleItems;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pusher's own sample export, the only real one in public view, converts to exactly these items.
 */
class MigratePusherSampleTest {
  @Test
  void convertsToTheExactItemsWithNothingRejected(@TempDir Path tmp) throws IOException {
    Runs run = Runs.migrate(Fixtures.pusherSample(), tmp.resolve("out"));
    assertEquals(0, run.exit, run.toString());
    FindingLines.assertEveryCountHasItsLines(run.output);

    List<String> lines = run.importLines();
    Set<String> expected =
        new TreeSet<>(
            List.of(
                PusherSampleItems.ALICE,
                """
                {"type":"user","data":{"id":"bob","role":"user","name":"Bob",\
                "created_at":"2020-03-25T10:52:15Z"}}\
                """,
                """
                {"type":"user","data":{"id":"carol","role":"user","name":"Carol",\
                "created_at":"2020-03-25T10:52:59Z"}}\
                """,
                PusherSampleItems.ALICE_AND_BOB,
                """
                {"type":"channel","data":{"id":"bob_x_carol","type":"messaging",\
                "created_by":"carol","name":"Bob & Carol","created_at":"2020-03-25T10:52:59Z"}}\
                """,
                """
                {"type":"channel","data":{"id":"general","type":"livestream",\
                "created_by":"alice","name":"General","created_at":"2020-03-25T10:52:59Z"}}\
                """,
                member("messaging", "alice_x_bob", "alice"),
                member("messaging", "alice_x_bob", "bob"),
                member("messaging", "bob_x_carol", "bob"),
                member("messaging", "bob_x_carol", "carol"),
                member("livestream", "general", "alice"),
                member("livestream", "general", "bob"),
                member("livestream", "general", "carol"),
                PusherSampleItems.HELLO_BOB,
                """
                {"type":"message","data":{"id":"bob_x_carol-43","channel_type":"messaging",\
                "channel_id":"bob_x_carol","user":"bob","type":"regular","text":"Hello Carol!",\
                "created_at":"2020-03-25T12:52:59Z"}}\
                """,
                """
                {"type":"message","data":{"id":"general-43","channel_type":"livestream",\
                "channel_id":"general","user":"carol","type":"regular","text":"Hello Everyone!",\
                "created_at":"2020-03-25T12:52:59Z"}}\
                """));
    assertEquals(expected, new TreeSet<>(lines));
    assertEquals(expected.size(), lines.size(), "every item exactly once");
    assertEquals(
        List.of(
            "user", "user", "user", "channel", "channel", "channel", "member", "member", "member",
            "member", "member", "member", "member", "message", "message", "message"),
        lines.stream().map(l -> l.substring(9, l.indexOf('"', 9))).toList(),
        "Stream's item order");

    assertEquals(List.of(), run.findings("rejected"));
    JsonNode books = run.report().path("accounting").path("entities");
    assertEquals(3, books.path("messages").path("written").asLong());
    assertTrue(run.report().path("validation").path("ok").asBoolean());
    // The run's time in its two shares, the job's and the launcher's after it: they make the whole.
    double job = run.report().path("job_seconds").asDouble(-1);
    double afterJob = run.report().path("after_job_seconds").asDouble(-1);
    assertTrue(job > 0 && afterJob >= 0, run.report().toString());
    assertEquals(run.report().path("seconds").asDouble(), job + afterJob, 0.2);
    JsonNode manifest = Json.tree(Files.readString(run.output.resolve("manifest.json")));
    assertEquals(
        Files.size(run.output.resolve("import/part-00001.jsonl")),
        manifest.path("parts").get(0).path("bytes").asLong());
    assertEquals(16, manifest.path("parts").get(0).path("counts").path("member").asLong() + 9);
    assertTrue(Files.readString(run.output.resolve("report.html")).contains("Accounting"));
  }

  static String member(String type, String channel, String user) {
    return "{\"type\":\"member\",\"data\":{\"channel_type\":\""
        + type
        + "\",\"channel_id\":\""
        + channel
        + "\",\"user_id\":\""
        + user
        + "\",\"channel_role\":\"channel_member\",\"created_at\":\"2020-03-25T10:52:59Z\"}}";
  }
}
