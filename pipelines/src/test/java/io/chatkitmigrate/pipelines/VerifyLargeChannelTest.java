package io.chatkitmigrate.pipelines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chatkitmigrate.schemas.Json;
import io.chatkitmigrate.transforms.testing.StreamEmulator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One channel larger than every page: 250 members (three member pages, and 150 read states beyond
 * the 100 a channel query returns) and 700 messages (three message pages). Verified clean at
 * exactly the fewest calls, then with a role and a read state changed past the first page, each
 * found once.
 */
class VerifyLargeChannelTest {
  @TempDir Path dir;

  static ObjectNode item(String type, String data) {
    ObjectNode item = Json.MAPPER.createObjectNode().put("type", type);
    item.set("data", Json.tree(data));
    return item;
  }

  @Test
  void aChannelBeyondEveryPageIsReadCompletelyAtTheFewestCalls() throws IOException {
    List<ObjectNode> items = new ArrayList<>();
    for (int u = 0; u < 250; u++) {
      items.add(item("user", String.format("{\"id\":\"u%03d\",\"name\":\"User %d\"}", u, u)));
    }
    items.add(
        item(
            "channel",
            "{\"id\":\"big\",\"type\":\"messaging\",\"created_by\":\"u000\",\"name\":\"Big\"}"));
    for (int u = 0; u < 250; u++) {
      String lastRead =
          u % 2 == 0
              ? String.format(",\"last_read\":\"2020-01-01T00:%02d:%02dZ\"", u / 60, u % 60)
              : "";
      items.add(
          item(
              "member",
              String.format(
                  "{\"channel_type\":\"messaging\",\"channel_id\":\"big\",\"user_id\":\"u%03d\"%s}",
                  u, lastRead)));
    }
    for (int m = 0; m < 700; m++) {
      items.add(
          item(
              "message",
              String.format(
                  """
                  {"id":"m%04d","channel_type":"messaging","channel_id":"big","user":"u%03d",\
                  "text":"hello %d","created_at":"2020-01-01T00:%02d:%02dZ"}\
                  """,
                  m, m % 250, m, m / 60, m % 60)));
    }
    Files.createDirectories(dir.resolve("import"));
    List<String> lines = items.stream().map(Json::write).toList();
    Files.write(dir.resolve("import/part-00001.jsonl"), lines);
    // Verify takes a finished migration that passed its checks: its manifest and its report say so.
    Files.writeString(
        dir.resolve("manifest.json"), "{\"parts\": [{\"name\": \"part-00001.jsonl\"}]}");
    Files.writeString(dir.resolve("report.json"), "{\"ok\": true}");
    Files.writeString(dir.resolve("secret"), "big-secret");

    try (StreamEmulator stream = StreamEmulator.start("k", "big-secret")) {
      for (ObjectNode i : items) {
        stream.put(i.get("type").asText(), (ObjectNode) i.get("data").deepCopy());
      }
      String[] args = {
        "verify",
        "--output=" + dir,
        "--streamApiKey=k",
        "--streamApiSecretFile=" + dir.resolve("secret"),
        "--streamBaseUrl=" + stream.baseUrl(),
        "--verifyAs=import-api"
      };
      Runs clean = Runs.cli(dir, args);
      assertEquals(0, clean.exit, clean.toString());
      JsonNode report = Json.tree(Files.readString(dir.resolve("verify/report.json")));
      assertEquals(250, report.at("/checked/read_states").asLong());
      assertEquals(700, report.at("/checked/messages").asLong());
      // 3 user pages + 1 channel query + 2 older message pages + 3 member pages + 150 read queries.
      assertEquals(159, report.at("/calls/total").asLong(), report.get("calls").toString());
      assertEquals(
          report.at("/calls/fewest_possible").asLong(), report.at("/calls/total").asLong());

      JsonNode late = items.get(250 + 1 + 180).get("data");
      stream.put("member", ((ObjectNode) late.deepCopy()).put("channel_role", "channel_moderator"));
      JsonNode reader = items.get(250 + 1 + 200).get("data");
      stream.put(
          "member", ((ObjectNode) reader.deepCopy()).put("last_read", "2020-01-01T00:00:00Z"));
      Files.walk(dir.resolve("verify"))
          .sorted(Comparator.reverseOrder())
          .forEach(p -> p.toFile().delete());
      Runs changed = Runs.cli(dir, args);
      assertEquals(1, changed.exit, changed.toString());
      List<String> found = new ArrayList<>();
      for (String line : Files.readAllLines(dir.resolve("verify/differences.ndjson"))) {
        JsonNode d = Json.tree(line);
        found.add(d.get("kind").asText() + " " + d.at("/ids/user").asText());
      }
      assertEquals(List.of("role_differs u180", "read_state_differs u200"), found);
      assertTrue(Runs.cli(dir, "verify", "--help").exit == 0);
    }
  }
}
