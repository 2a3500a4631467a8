package io.chatkitmigrate.transforms.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chatkitmigrate.schemas.Json;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class RestRequestsTest {
  static JsonNode json(String s) {
    return Json.tree(s);
  }

  static JsonNode message(String id, String createdAt) {
    return json(
        """
        {"id":"%s","channel_type":"messaging","channel_id":"c","user":"ann","type":"regular",\
        "text":"hi","created_at":"%s","mood":"good"}\
        """
            .formatted(id, createdAt));
  }

  @Test
  void usersGoAsAMapByIdWithoutTheTimesTheServerSets() {
    ObjectNode body =
        RestRequests.users(
            List.of(
                json(
                    """
                    {"id":"ann","name":"Ann","created_at":"2020-01-01T00:00:00Z","team":"a"}\
                    """)));
    assertEquals(
        json("{\"users\":{\"ann\":{\"id\":\"ann\",\"name\":\"Ann\",\"team\":\"a\"}}}"), body);
  }

  @Test
  void aChannelIsCreatedByItsCreatorWithItsFirstMembersAndCustomData() {
    JsonNode channel =
        json(
            """
            {"id":"c","type":"messaging","created_by":"ann","name":"C",\
            "created_at":"2020-01-01T00:00:00Z","topic":"x"}\
            """);
    JsonNode member =
        json(
            """
            {"channel_type":"messaging","channel_id":"c","user_id":"bob",\
            "channel_role":"channel_moderator","last_read":"2020-01-01T00:00:00Z"}\
            """);
    assertEquals(
        json(
            """
            {"data":{"name":"C","topic":"x","created_by_id":"ann",\
            "members":[{"user_id":"bob","channel_role":"channel_moderator"}]}}\
            """),
        RestRequests.createChannel(channel, List.of(member)));
  }

  @Test
  void aMessageKeepsItsIdAndCustomFieldsAndIsSentWithoutPush() {
    ObjectNode body = RestRequests.message(message("c-1", "2020-01-01T00:00:00Z"));
    assertEquals(
        json(
            """
            {"message":{"id":"c-1","text":"hi","mood":"good","user_id":"ann"},"skip_push":true}\
            """),
        body);
    assertFalse(body.get("message").has("created_at"), "the REST API refuses created_at");
  }

  @Test
  void messagesGoInTheirInstantsOrderNotTheirTextsOrder() {
    // As text, "...00Z" sorts after "...00.000001Z"; as instants it comes first.
    List<JsonNode> ordered =
        RestRequests.inOrder(
            List.of(
                message("c-2", "2020-01-01T00:00:00.000001Z"),
                message("c-1", "2020-01-01T00:00:00Z"),
                message("c-3", "2020-01-01T00:00:01Z")));
    assertEquals(
        List.of("c-1", "c-2", "c-3"), ordered.stream().map(m -> m.get("id").asText()).toList());
  }

  @Test
  void aMemberIsMarkedReadAtTheLastMessageAtOrBeforeTheirLastRead() {
    List<JsonNode> messages =
        RestRequests.inOrder(
            List.of(
                message("c-1", "2020-01-01T00:00:00Z"),
                message("c-2", "2020-01-01T00:00:00.000001Z"),
                message("c-3", "2020-01-01T00:00:05Z")));
    assertEquals(
        "c-2",
        RestRequests.readUpTo(json("{\"last_read\":\"2020-01-01T00:00:00.000001Z\"}"), messages));
    assertEquals(
        "c-2", RestRequests.readUpTo(json("{\"last_read\":\"2020-01-01T00:00:04Z\"}"), messages));
    assertEquals(
        "c-3", RestRequests.readUpTo(json("{\"last_read\":\"2021-01-01T00:00:00Z\"}"), messages));
    assertNull(
        RestRequests.readUpTo(json("{\"last_read\":\"2019-12-31T23:59:59Z\"}"), messages),
        "read nothing");
    assertNull(RestRequests.readUpTo(json("{\"user_id\":\"x\"}"), messages), "no read state");
  }

  @Test
  void aMemberWithoutReadStateIsMarkedReadAtTheLastMessageAsAnImportWouldHaveIt() {
    List<JsonNode> messages =
        RestRequests.inOrder(
            List.of(
                message("c-1", "2020-01-01T00:00:00Z"), message("c-3", "2020-01-01T00:00:05Z")));
    assertEquals("c-3", RestRequests.readMark(json("{\"user_id\":\"x\"}"), messages));
    assertEquals(
        "c-1", RestRequests.readMark(json("{\"last_read\":\"2020-01-01T00:00:01Z\"}"), messages));
    assertNull(
        RestRequests.readMark(json("{\"last_read\":\"2019-12-31T23:59:59Z\"}"), messages),
        "read nothing: no mark");
    assertNull(RestRequests.readMark(json("{\"user_id\":\"x\"}"), List.of()), "nothing sent");
  }

  @Test
  void batchesAreAtMostTheLimit() {
    List<List<Integer>> b = RestRequests.batches(IntStream.range(0, 250).boxed().toList(), 100);
    assertEquals(List.of(100, 100, 50), b.stream().map(List::size).toList());
    assertTrue(RestRequests.batches(List.of(), 100).isEmpty());
  }
}
