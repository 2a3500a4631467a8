package io.chatkitmigrate.transforms.stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chatkitmigrate.schemas.Timestamps;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * Import items to the bodies of Stream's REST calls (spec §3). The REST API sets timestamps itself,
 * so {@code created_at} and its kin are left out; everything else of an item goes as it is.
 */
public final class RestRequests {
  public static final int BATCH = 100;
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final Set<String> SERVER_SET =
      Set.of("created_at", "updated_at", "deleted_at", "last_active");

  private RestRequests() {}

  /** {@code POST /users}: a map keyed by id, at most {@link #BATCH}. */
  public static ObjectNode users(List<JsonNode> users) {
    ObjectNode body = NODES.objectNode();
    ObjectNode map = body.putObject("users");
    for (JsonNode u : users) {
      ObjectNode user = u.deepCopy();
      SERVER_SET.forEach(user::remove);
      map.set(user.get("id").asText(), user);
    }
    return body;
  }

  /** {@code POST /channels/{type}/{id}/query}: the channel with its first members. */
  public static ObjectNode createChannel(JsonNode channel, List<JsonNode> firstMembers) {
    ObjectNode data = channel.deepCopy();
    data.remove(List.of("id", "type", "created_by"));
    SERVER_SET.forEach(data::remove);
    data.put("created_by_id", channel.path("created_by").asText());
    ArrayNode members = data.putArray("members");
    firstMembers.forEach(m -> members.add(member(m)));
    ObjectNode body = NODES.objectNode();
    body.set("data", data);
    return body;
  }

  /** {@code POST /channels/{type}/{id}}: more members. */
  public static ObjectNode addMembers(List<JsonNode> members) {
    ObjectNode body = NODES.objectNode();
    ArrayNode list = body.putArray("add_members");
    members.forEach(m -> list.add(member(m)));
    return body;
  }

  private static ObjectNode member(JsonNode m) {
    ObjectNode member = NODES.objectNode().put("user_id", m.path("user_id").asText());
    if (m.hasNonNull("channel_role")) {
      member.put("channel_role", m.get("channel_role").asText());
    }
    return member;
  }

  /** {@code POST /channels/{type}/{id}/message}, without push notifications: history, not news. */
  public static ObjectNode message(JsonNode item) {
    ObjectNode message = item.deepCopy();
    message.remove(List.of("channel_type", "channel_id", "user", "type"));
    SERVER_SET.forEach(message::remove);
    message.put("user_id", item.path("user").asText());
    ObjectNode body = NODES.objectNode();
    body.set("message", message);
    body.put("skip_push", true);
    return body;
  }

  /**
   * A channel's messages in the order they were written in Chatkit: the order the REST API will
   * show.
   */
  public static List<JsonNode> inOrder(List<JsonNode> messages) {
    List<JsonNode> sorted = new ArrayList<>(messages);
    // By instant, not by text: "…53Z" sorts after "…53.000001Z" as text.
    sorted.sort(
        Comparator.comparingLong(
                (JsonNode m) -> Timestamps.parseMicros(m.path("created_at").asText()))
            .thenComparing(m -> m.path("id").asText()));
    return sorted;
  }

  /**
   * The message a member has read up to: the latest of the channel's messages (in order) whose
   * {@code created_at} is at or before the member's {@code last_read}; null when they read none, or
   * the export had no read state for them.
   */
  public static String readUpTo(JsonNode member, List<JsonNode> messagesInOrder) {
    String lastRead = member.path("last_read").asText(null);
    if (lastRead == null) {
      return null;
    }
    long read = Timestamps.parseMicros(lastRead);
    String found = null;
    for (JsonNode m : messagesInOrder) {
      if (Timestamps.parseMicros(m.path("created_at").asText()) > read) {
        break;
      }
      found = m.path("id").asText();
    }
    return found;
  }

  /**
   * The message to mark read for a member after the REST sink sent the channel's messages: with no
   * {@code last_read} the member has read everything, as an import would have it (else Stream
   * counts every message sent after the member joined as unread); otherwise {@link #readUpTo}.
   */
  public static String readMark(JsonNode member, List<JsonNode> messagesInOrder) {
    if (!member.hasNonNull("last_read")) {
      return messagesInOrder.isEmpty()
          ? null
          : messagesInOrder.get(messagesInOrder.size() - 1).path("id").asText();
    }
    return readUpTo(member, messagesInOrder);
  }

  public static <T> List<List<T>> batches(List<T> all, int size) {
    List<List<T>> out = new ArrayList<>();
    for (int i = 0; i < all.size(); i += size) {
      out.add(all.subList(i, Math.min(all.size(), i + size)));
    }
    return out;
  }
}
