package io.chatkitmigrate.pipelines.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chatkitmigrate.schemas.Json;
import io.chatkitmigrate.schemas.Timestamps;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The comparison of one channel, without a server: each kind of difference, and what is not one.
 */
class ChannelCheckTest {
  static ObjectNode json(String s) {
    return (ObjectNode) Json.tree(s);
  }

  /**
   * messaging:c, created by a; members a (no last_read) and b (read up to 00:00:02); m1..m3 a
   * second apart, m3 deleted.
   */
  static ChannelExpectation files() {
    ChannelExpectation c = new ChannelExpectation("messaging:c");
    c.add(
        "channel",
        json(
            """
            {"id":"c","type":"messaging","created_by":"a","name":"C","topic":{"x":1}}\
            """));
    c.add(
        "member", json("{\"channel_type\":\"messaging\",\"channel_id\":\"c\",\"user_id\":\"a\"}"));
    c.add(
        "member",
        json(
            """
            {"channel_type":"messaging","channel_id":"c","user_id":"b",\
            "channel_role":"channel_moderator","last_read":"2020-01-01T00:00:02Z"}\
            """));
    for (int i = 1; i <= 3; i++) {
      c.add(
          "message",
          json(
              "{\"id\":\"m"
                  + i
                  + "\",\"channel_type\":\"messaging\",\"channel_id\":\"c\",\"user\":\"a\","
                  + "\"text\":\"t"
                  + i
                  + "\",\"created_at\":\"2020-01-01T00:00:0"
                  + i
                  + "Z\""
                  + (i == 3 ? ",\"type\":\"deleted\",\"deleted_at\":\"2020-01-02T00:00:00Z\"" : "")
                  + "}"));
    }
    return c.seal();
  }

  static ObjectNode streamMessage(String id, String text, String createdAt, boolean deleted) {
    ObjectNode m =
        json(
            "{\"id\":\""
                + id
                + "\",\"user\":{\"id\":\"a\"},\"text\":\""
                + text
                + "\",\"attachments\":[],"
                + "\"created_at\":\""
                + createdAt
                + "\",\"type\":\""
                + (deleted ? "deleted" : "regular")
                + "\"}");
    if (deleted) {
      m.put("deleted_at", "2020-01-02T00:00:00Z");
    }
    return m;
  }

  /** A user's read state as Stream returns it with a channel. */
  static ObjectNode readState(String user, String lastRead, int unread) {
    return json(
        """
        {"user":{"id":"%s"},"last_read":"%s","unread_messages":%s}\
        """
            .formatted(user, lastRead, unread));
  }

  static ArrayNode page(JsonNode... messages) {
    ArrayNode a = Json.MAPPER.createArrayNode();
    for (JsonNode m : messages) {
      a.add(m);
    }
    return a;
  }

  /**
   * Stream as an import leaves it: exact times, b's read entry, channel with custom fields flat.
   */
  static ChannelCheck importedClean(ChannelCheck check) {
    check.channel(
        json(
            """
            {"id":"c","type":"messaging","cid":"messaging:c","created_by":{"id":"a"},"name":"C",\
            "topic":{"x":1.0},"member_count":2,"updated_at":"2024-01-01T00:00:00Z"}\
            """));
    check.member(json("{\"user_id\":\"a\",\"channel_role\":\"channel_member\"}"));
    check.member(json("{\"user_id\":\"b\",\"channel_role\":\"channel_moderator\"}"));
    check.read(readState("a", "2020-01-01T00:00:00Z", 0));
    check.read(readState("b", "2020-01-01T00:00:02.000Z", 0));
    return check;
  }

  @Test
  void anExactCopyHasNoDifferenceWhateverStreamAddsAndHowItWritesNumbersAndTimes() {
    ChannelCheck check = importedClean(new ChannelCheck(files(), false));
    check.messages(
        page(
            streamMessage("m1", "t1", "2020-01-01T00:00:01.000000Z", false),
            streamMessage("m2", "t2", "2020-01-01T00:00:02Z", false),
            streamMessage("m3", "t3", "2020-01-01T00:00:03Z", true)));
    assertEquals(List.of(), check.finish());
    assertEquals(3L, check.checked.get("messages"));
    assertEquals(2L, check.checked.get("read_states"));
  }

  @Test
  void pagesComeNewestFirstAndAMessageSeenTwiceIsOneDuplicate() {
    ChannelCheck check = importedClean(new ChannelCheck(files(), false));
    check.messages(
        page(
            streamMessage("m2", "t2", "2020-01-01T00:00:02Z", false),
            streamMessage("m3", "t3", "2020-01-01T00:00:03Z", true)));
    check.messages(
        page(
            streamMessage("m1", "t1", "2020-01-01T00:00:01Z", false),
            streamMessage("m2", "t2", "2020-01-01T00:00:02Z", false)));
    check.messages(page(streamMessage("m2", "t2", "2020-01-01T00:00:02Z", false)));
    List<Difference> found = check.finish();
    assertEquals(1, found.size(), found.toString());
    assertEquals("duplicate_message", found.get(0).kind());
    assertEquals("m2", found.get(0).ids().path("message").asText());
  }

  @Test
  void aWrongTimeTextOrDeletedStateIsOneMessageDifferenceNamingItsFields() {
    ChannelCheck check = importedClean(new ChannelCheck(files(), false));
    check.messages(
        page(
            streamMessage("m1", "t1", "2020-01-01T00:00:01Z", false),
            streamMessage("m2", "changed", "2020-01-01T00:00:02.5Z", false),
            streamMessage("m3", "t3", "2020-01-01T00:00:03Z", false)));
    List<Difference> found = check.finish();
    assertEquals(2, found.size(), found.toString());
    // Newest first, as the pages are read.
    assertEquals("m3", found.get(0).ids().path("message").asText());
    assertEquals(List.of("deleted"), found.get(0).fields());
    assertEquals("m2", found.get(1).ids().path("message").asText());
    assertEquals(List.of("text", "created_at"), found.get(1).fields());
  }

  @Test
  void afterTheRestSinkOnlyTheOrderCountsAndADeletedMessageIsNotExpected() {
    ChannelCheck check = new ChannelCheck(files(), true);
    check.channel(
        json(
            """
            {"cid":"messaging:c","created_by":{"id":"a"},"name":"C","topic":{"x":1},\
            "created_at":"2026-01-01T00:00:00Z"}\
            """));
    check.member(json("{\"user_id\":\"a\"}"));
    check.member(json("{\"user_id\":\"b\",\"channel_role\":\"channel_moderator\"}"));
    check.read(readState("a", "2026-01-01T00:00:09Z", 0));
    // b read up to 00:00:02: m2 is the message marked; of the sent messages none is after it.
    check.read(readState("b", "2026-01-01T00:00:08Z", 0).put("last_read_message_id", "m2"));
    check.messages(
        page(
            streamMessage("m2", "t2", "2026-01-01T00:00:07Z", false),
            streamMessage("m1", "t1", "2026-01-01T00:00:08Z", false)));
    List<Difference> found = check.finish();
    assertEquals(1, found.size(), found.toString());
    assertEquals("message_differs", found.get(0).kind());
    assertEquals(List.of("order"), found.get(0).fields());
    assertEquals(1L, check.checked.get("messages_not_sendable_by_rest"));
  }

  @Test
  void membersMissingExtraOrInAnotherRoleAndAWrongUnreadCount() {
    ChannelCheck check = new ChannelCheck(files(), false);
    check.channel(
        json(
            """
            {"cid":"messaging:c","created_by":{"id":"z"},"name":"C","topic":{"x":1}}\
            """));
    check.member(json("{\"user_id\":\"b\",\"channel_role\":\"channel_member\"}"));
    check.member(json("{\"user_id\":\"x\"}"));
    check.read(readState("b", "2020-01-01T00:00:02Z", 1));
    check.messages(
        page(
            streamMessage("m1", "t1", "2020-01-01T00:00:01Z", false),
            streamMessage("m2", "t2", "2020-01-01T00:00:02Z", false),
            streamMessage("m3", "t3", "2020-01-01T00:00:03Z", true)));
    List<String> kinds =
        check.finish().stream().map(d -> d.kind() + ":" + d.ids().toString()).toList();
    assertEquals(
        List.of(
            "channel_differs:{\"cid\":\"messaging:c\"}",
            "missing_member:{\"cid\":\"messaging:c\",\"user\":\"a\"}",
            "role_differs:{\"cid\":\"messaging:c\",\"user\":\"b\"}",
            "read_state_differs:{\"cid\":\"messaging:c\",\"user\":\"b\"}",
            "extra_member:{\"cid\":\"messaging:c\",\"user\":\"x\"}"),
        kinds);
  }

  @Test
  void aMissingChannelIsOneDifferenceNotOneForEachOfItsMembersAndMessages() {
    ChannelCheck check = new ChannelCheck(files(), false);
    check.channel(null);
    List<Difference> found = check.finish();
    assertEquals(1, found.size());
    assertEquals("missing_channel", found.get(0).kind());
  }

  @Test
  void unreadIsTheMessagesCreatedAfterLastReadDeletedOnesAsideAndNoneWithoutOne() {
    ChannelExpectation c = files();
    assertEquals(0, c.unread(null));
    assertEquals(
        0,
        c.unread(Timestamps.parseMicros("2020-01-01T00:00:02Z")),
        "the deleted m3 is after it, and deleted messages are not unread (the report's"
            + " definition)");
    assertEquals(2, c.unread(0L));
    assertEquals("m2", c.readUpTo(Timestamps.parseMicros("2020-01-01T00:00:05Z")));
  }

  @Test
  void aSampleIsTheSameChannelsForTheSameSeedAndAboutTheShareAsked() {
    int chosen = 0;
    for (int i = 0; i < 10_000; i++) {
      boolean a = Verifier.chosen("messaging:room-" + i, 7, 0.1);
      assertEquals(a, Verifier.chosen("messaging:room-" + i, 7, 0.1));
      chosen += a ? 1 : 0;
    }
    assertTrue(chosen > 900 && chosen < 1100, chosen + " of 10000");
  }
}
