package io.chatkitmigrate.transforms.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chatkitmigrate.transforms.stream.StreamClient;
import io.chatkitmigrate.transforms.stream.StreamCredentials;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The read calls of spec §4 against one app state that imports and REST calls both write. */
class StreamEmulatorReadsTest {
  static final ObjectMapper JSON = new ObjectMapper();
  StreamEmulator stream;
  StreamClient client;

  @BeforeEach
  void start() throws IOException {
    stream = StreamEmulator.start("key", "secret").withImportStepMillis(5);
    client =
        new StreamClient(
            new StreamCredentials("key", "secret", stream.baseUrl()),
            3,
            Duration.ofMillis(5),
            Duration.ofSeconds(5));
  }

  @AfterEach
  void stop() {
    stream.close();
  }

  static String payload(Object o) throws IOException {
    return URLEncoder.encode(JSON.writeValueAsString(o), StandardCharsets.UTF_8);
  }

  /**
   * An import file of one channel with {@code n} messages a second apart, and members a, b (b read
   * up to the 10th).
   */
  static String importFile(int n) {
    StringBuilder f = new StringBuilder();
    f.append(
        """
        {"type":"user","data":{"id":"a","name":"Ann"}}
        {"type":"user","data":{"id":"b","role":"admin","deactivated_at":"2020-01-01T00:00:00Z"}}
        {"type":"channel","data":{"id":"c","type":"messaging","created_by":"a","name":"C"}}
        {"type":"member","data":{"channel_type":"messaging","channel_id":"c","user_id":"a"}}
        {"type":"member","data":{"channel_type":"messaging","channel_id":"c","user_id":"b",\
        "channel_role":"channel_moderator","last_read":"2020-01-01T00:00:10Z"}}
        """);
    for (int i = 1; i <= n; i++) {
      f.append(
          String.format(
              """
              {"type":"message","data":{"id":"m%04d","channel_type":"messaging","channel_id":"c",\
              "user":"a","text":"t%d","created_at":"2020-01-01T00:%02d:%02dZ"}}%n\
              """,
              i, i, i / 60, i % 60));
    }
    return f.toString();
  }

  void importNow(String file) throws Exception {
    JsonNode url = client.post("imports", "/import_urls", Map.of("filename", "f.jsonl")).body();
    HttpResponse<Void> put =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(url.get("upload_url").asText()))
                    .PUT(HttpRequest.BodyPublishers.ofString(file))
                    .build(),
                HttpResponse.BodyHandlers.discarding());
    assertEquals(200, put.statusCode());
    String id =
        client
            .post("imports", "/imports", Map.of("path", url.get("path").asText()))
            .body()
            .path("import_task")
            .path("id")
            .asText();
    for (int i = 0; i < 200; i++) {
      String state =
          client.get("imports", "/imports/" + id).body().path("import_task").path("state").asText();
      if (state.equals("completed")) {
        return;
      }
      assertFalse(state.endsWith("failed"), state);
      Thread.sleep(10);
    }
    throw new AssertionError("import did not complete");
  }

  @Test
  void aCompletedImportIsReadBackPagedWithIdLtAndItsReadStateCountsWhatCameAfterLastRead()
      throws Exception {
    importNow(importFile(650));
    JsonNode channels =
        client
            .post(
                "channels",
                "/channels",
                Map.of(
                    "filter_conditions",
                    Map.of("cid", Map.of("$in", List.of("messaging:c", "messaging:none"))),
                    "limit",
                    30,
                    "message_limit",
                    300,
                    "member_limit",
                    100,
                    "state",
                    true,
                    "watch",
                    false,
                    "presence",
                    false))
            .body()
            .path("channels");
    assertEquals(1, channels.size());
    JsonNode c = channels.get(0);
    assertEquals("a", c.path("channel").path("created_by").path("id").asText());
    assertEquals("C", c.path("channel").path("name").asText());
    assertEquals(2, c.path("channel").path("member_count").asInt());
    assertEquals("channel_moderator", c.path("members").get(1).path("channel_role").asText());
    JsonNode page = c.path("messages");
    assertEquals(300, page.size());
    assertEquals("m0351", page.get(0).path("id").asText());
    assertEquals("m0650", page.get(299).path("id").asText());
    assertEquals("a", page.get(0).path("user").path("id").asText());
    List<String> all = new ArrayList<>();
    page.forEach(m -> all.add(m.path("id").asText()));
    String oldest = page.get(0).path("id").asText();
    while (true) {
      JsonNode older =
          client
              .post(
                  "channel",
                  "/channels/messaging/c/query",
                  Map.of("state", true, "messages", Map.of("limit", 300, "id_lt", oldest)))
              .body()
              .path("messages");
      List<String> ids = new ArrayList<>();
      older.forEach(m -> ids.add(m.path("id").asText()));
      all.addAll(0, ids);
      if (older.size() < 300) {
        break;
      }
      oldest = ids.get(0);
    }
    assertEquals(650, all.size());
    assertEquals("m0001", all.get(0));
    JsonNode readOfB = null;
    for (JsonNode r : c.path("read")) {
      if (r.path("user").path("id").asText().equals("b")) {
        readOfB = r;
      }
    }
    assertEquals(640, readOfB.path("unread_messages").asLong(), readOfB.toString());
    assertEquals(Map.of("query_channels", 1L, "channel", 2L), stream.readCalls());
  }

  @Test
  void pagesBeyondTheMaximaAreRefusedAsStreamDoes() throws Exception {
    importNow(importFile(3));
    StreamClient.Result users =
        client.get("users", "/users?payload=" + payload(Map.of("limit", 101)));
    assertEquals(400, users.httpStatus());
    assertTrue(users.error().contains("limit"), users.error());
    assertEquals(
        400,
        client
            .get("users", "/users?payload=" + payload(Map.of("limit", 10, "offset", 1001)))
            .httpStatus());
    assertEquals(400, client.post("channels", "/channels", Map.of("limit", 31)).httpStatus());
    assertEquals(
        400,
        client
            .post("channels", "/channels", Map.of("limit", 30, "message_limit", 301))
            .httpStatus());
    assertEquals(
        400,
        client
            .post("channels", "/channels", Map.of("limit", 30, "member_limit", 101))
            .httpStatus());
    assertEquals(
        400,
        client
            .post(
                "channel", "/channels/messaging/c/query", Map.of("messages", Map.of("limit", 301)))
            .httpStatus());
    assertEquals(
        400,
        client
            .get(
                "members",
                "/members?payload=" + payload(Map.of("type", "messaging", "id", "c", "limit", 101)))
            .httpStatus());
    assertEquals(
        400,
        client
            .get(
                "m",
                "/channels/messaging/c/messages?ids="
                    + String.join(",", Collections.nCopies(51, "m0001")))
            .httpStatus());
    assertEquals(
        2,
        client
            .get("m", "/channels/messaging/c/messages?ids=m0001,m0003,zzz")
            .body()
            .path("messages")
            .size());
  }

  @Test
  void aChannelQueryReadsWithoutDataAndCreatesWithIt() throws Exception {
    importNow(importFile(1));
    StreamClient.Result read =
        client.post("channel", "/channels/messaging/new/query", Map.of("state", true));
    assertEquals(404, read.httpStatus());
    assertFalse(stream.channels.containsKey("messaging:new"), "a read never creates");
    assertTrue(
        client
            .post(
                "channel",
                "/channels/messaging/new/query",
                Map.of("data", Map.of("created_by_id", "a")))
            .delivered());
    assertTrue(stream.channels.containsKey("messaging:new"), "with data it is get-or-create");
  }

  @Test
  void usersAndMembersPageByIdAndDeactivatedUsersOnlyWhenAskedFor() throws Exception {
    importNow(importFile(1));
    JsonNode active =
        client
            .get(
                "users",
                "/users?payload="
                    + payload(
                        Map.of(
                            "filter_conditions",
                            Map.of("id", Map.of("$in", List.of("a", "b"))),
                            "limit",
                            100)))
            .body()
            .path("users");
    assertEquals(1, active.size());
    JsonNode all =
        client
            .get(
                "users",
                "/users?payload="
                    + payload(
                        Map.of(
                            "filter_conditions",
                            Map.of("id", Map.of("$in", List.of("a", "b"))),
                            "limit",
                            100,
                            "include_deactivated_users",
                            true)))
            .body()
            .path("users");
    assertEquals(2, all.size());
    assertEquals("Ann", all.get(0).path("name").asText());
    assertEquals("admin", all.get(1).path("role").asText());
    JsonNode after =
        client
            .get(
                "members",
                "/members?payload="
                    + payload(
                        Map.of("type", "messaging", "id", "c", "limit", 1, "user_id_gt", "a")))
            .body()
            .path("members");
    assertEquals(1, after.size());
    assertEquals("b", after.get(0).path("user_id").asText());
  }

  @Test
  void restMessagesTakeTheServersClockAndAReadCursorCountsWhatCameAfterIt() throws Exception {
    assertTrue(
        client
            .post(
                "users",
                "/users",
                Map.of("users", Map.of("u", Map.of("id", "u"), "v", Map.of("id", "v"))))
            .delivered());
    assertTrue(
        client
            .post(
                "channel",
                "/channels/messaging/r/query",
                Map.of(
                    "data",
                    Map.of(
                        "created_by_id",
                        "u",
                        "members",
                        List.of(Map.of("user_id", "u"), Map.of("user_id", "v")))))
            .delivered());
    for (String id : List.of("x1", "x2", "x3")) {
      assertTrue(
          client
              .post(
                  "message",
                  "/channels/messaging/r/message",
                  Map.of("message", Map.of("id", id, "user_id", "u")))
              .delivered());
    }
    assertTrue(
        client
            .post("read", "/channels/messaging/r/read", Map.of("user_id", "v", "message_id", "x1"))
            .delivered());
    JsonNode state =
        client
            .post(
                "channel", "/channels/messaging/r/query", Map.of("messages", Map.of("limit", 300)))
            .body();
    List<String> order = new ArrayList<>();
    state.path("messages").forEach(m -> order.add(m.path("id").asText()));
    assertEquals(List.of("x1", "x2", "x3"), order);
    for (JsonNode r : state.path("read")) {
      if (r.path("user").path("id").asText().equals("v")) {
        assertEquals(2, r.path("unread_messages").asInt());
        assertEquals("x1", r.path("last_read_message_id").asText());
        return;
      }
    }
    throw new AssertionError("no read entry for v: " + state);
  }

  @Test
  void stateChangedBehindAClientsBackShowsInTheReads() throws Exception {
    importNow(importFile(5));
    stream.remove("message", "m0002");
    ObjectNode extra =
        JSON.createObjectNode()
            .put("id", "zz")
            .put("channel_type", "messaging")
            .put("channel_id", "c")
            .put("user", "a")
            .put("created_at", "2020-01-01T00:00:03Z");
    stream.put("message", extra);
    JsonNode page =
        client
            .post(
                "channel", "/channels/messaging/c/query", Map.of("messages", Map.of("limit", 300)))
            .body()
            .path("messages");
    List<String> ids = new ArrayList<>();
    page.forEach(m -> ids.add(m.path("id").asText()));
    assertEquals(List.of("m0001", "m0003", "zz", "m0004", "m0005"), ids);
  }
}
