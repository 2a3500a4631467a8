package io.chatkitmigrate.pipelines.verify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chatkitmigrate.schemas.Timestamps;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One channel as the import parts hold it: the channel item, its members, its messages in Stream's
 * order.
 */
final class ChannelExpectation {
  /** What verify compares of a message, kept small: a channel's messages can be many. */
  record Message(
      String id,
      String user,
      String text,
      int attachments,
      boolean deleted,
      long micros,
      int order) {}

  final String cid;
  ObjectNode channel;
  final Map<String, ObjectNode> members = new TreeMap<>();
  private final List<Message> unordered = new ArrayList<>();
  private Map<String, Message> byId;
  private long[] deliveredMicros;
  private List<Message> delivered;

  ChannelExpectation(String cid) {
    this.cid = cid;
  }

  static String cidOf(JsonNode data, String type) {
    return type.equals("channel")
        ? data.path("type").asText() + ":" + data.path("id").asText()
        : data.path("channel_type").asText() + ":" + data.path("channel_id").asText();
  }

  /** Adds an item of this channel ({@code channel}, {@code member} or {@code message}). */
  void add(String type, ObjectNode data) {
    switch (type) {
      case "channel" -> channel = data;
      case "member" -> members.put(data.path("user_id").asText(), data);
      case "message" -> {
        Long micros = Timestamps.parseMicros(data.path("created_at").asText(null));
        unordered.add(
            new Message(
                data.path("id").asText(),
                data.path("user").asText(),
                data.path("text").asText(""),
                data.path("attachments").size(),
                data.hasNonNull("deleted_at") || data.path("type").asText().equals("deleted"),
                micros == null ? 0 : micros,
                -1));
      }
      default -> throw new IllegalArgumentException(type);
    }
  }

  /** Sorts the messages into Stream's order (by created_at, then id) once all are added. */
  ChannelExpectation seal() {
    unordered.sort(Comparator.comparingLong(Message::micros).thenComparing(Message::id));
    byId = new HashMap<>(unordered.size() * 2);
    delivered = new ArrayList<>();
    for (int i = 0; i < unordered.size(); i++) {
      Message m = unordered.get(i);
      Message placed =
          new Message(m.id(), m.user(), m.text(), m.attachments(), m.deleted(), m.micros(), i);
      byId.put(m.id(), placed);
      if (!m.deleted()) {
        delivered.add(placed);
      }
    }
    deliveredMicros = delivered.stream().mapToLong(Message::micros).toArray();
    unordered.clear();
    return this;
  }

  Map<String, Message> messages() {
    return byId;
  }

  /**
   * The one definition of unread, the report's too ({@code RoomTimeline.streamUnread}): the
   * channel's messages created after the member's {@code last_read}, deleted ones aside; none
   * without one.
   */
  long unread(Long lastReadMicros) {
    if (lastReadMicros == null) {
      return 0;
    }
    long[] sorted = deliveredMicros;
    int i = Arrays.binarySearch(sorted, lastReadMicros);
    if (i < 0) {
      return sorted.length - (-i - 1);
    }
    while (i + 1 < sorted.length && sorted[i + 1] == lastReadMicros) {
      i++;
    }
    return sorted.length - (i + 1);
  }

  /**
   * After the REST sink: the message the sink marked read for a member ({@code
   * RestRequests.readUpTo}), or null.
   */
  String readUpTo(Long lastReadMicros) {
    if (lastReadMicros == null) {
      return null;
    }
    String found = null;
    for (Message m : delivered) {
      if (m.micros() > lastReadMicros) {
        break;
      }
      found = m.id();
    }
    return found;
  }
}
