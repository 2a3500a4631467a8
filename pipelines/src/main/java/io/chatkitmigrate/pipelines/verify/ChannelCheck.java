package io.chatkitmigrate.pipelines.verify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chatkitmigrate.schemas.Json;
import io.chatkitmigrate.schemas.Timestamps;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Compares one channel of the files with what Stream answered for it, fed as the reads arrive: the
 * channel, its members, its message pages (newest page first, each oldest first) and its members'
 * read entries. Pure: no I/O, so every kind of difference is unit-tested without a server.
 */
final class ChannelCheck {
  private static final Set<String> CHANNEL_SKIP =
      Set.of("id", "type", "created_by", "cid", "member_ids");

  private final ChannelExpectation files;
  private final boolean restSink;
  private final List<Difference> differences = new ArrayList<>();
  private final Map<String, JsonNode> streamMembers = new TreeMap<>();
  private final Map<String, JsonNode> reads = new HashMap<>();
  private final Set<String> seen = new HashSet<>();
  private final Set<String> duplicates = new HashSet<>();
  private int previousOrder = Integer.MAX_VALUE;
  private boolean present;
  final Map<String, Long> checked = new TreeMap<>();

  ChannelCheck(ChannelExpectation files, boolean restSink) {
    this.files = files;
    this.restSink = restSink;
  }

  /**
   * The channel object of a channel query's answer, or null when Stream does not have the channel.
   */
  void channel(JsonNode stream) {
    count("channels");
    if (stream == null) {
      differences.add(
          new Difference(
              "missing_channel", Difference.ids("cid", files.cid), files.channel, null, null));
      return;
    }
    present = true;
    List<String> differ = Compare.fields(files.channel, stream, CHANNEL_SKIP, restSink);
    if (!files
        .channel
        .path("created_by")
        .asText()
        .equals(stream.path("created_by").path("id").asText())) {
      differ.add(0, "created_by");
    }
    if (!differ.isEmpty()) {
      ObjectNode streamSide = Compare.pick(stream, differ);
      if (differ.contains("created_by")) {
        streamSide.set("created_by", stream.path("created_by").path("id"));
      }
      differences.add(
          new Difference(
              "channel_differs",
              Difference.ids("cid", files.cid),
              Compare.pick(files.channel, differ),
              streamSide,
              differ));
    }
  }

  boolean present() {
    return present;
  }

  void member(JsonNode stream) {
    streamMembers.put(
        stream.path("user_id").asText(stream.path("user").path("id").asText()), stream);
  }

  /** A read entry ({@code {"user":{"id"},"last_read","unread_messages",...}}). */
  void read(JsonNode entry) {
    reads.put(entry.path("user").path("id").asText(), entry);
  }

  /** The members Stream holds whose read entry has not been seen yet. */
  List<String> membersWithoutReadEntry() {
    return files.members.keySet().stream()
        .filter(streamMembers::containsKey)
        .filter(u -> !reads.containsKey(u))
        .toList();
  }

  /** One page of messages, oldest first; pages come newest first. */
  void messages(JsonNode page) {
    for (int i = page.size() - 1; i >= 0; i--) {
      JsonNode m = page.get(i);
      String id = m.path("id").asText();
      if (!seen.add(id)) {
        if (duplicates.add(id)) {
          differences.add(
              new Difference(
                  "duplicate_message",
                  Difference.ids("cid", files.cid, "message", id),
                  null,
                  streamSide(m),
                  null));
        }
        continue;
      }
      ChannelExpectation.Message expected = files.messages().get(id);
      if (expected == null) {
        differences.add(
            new Difference(
                "extra_message",
                Difference.ids("cid", files.cid, "message", id),
                null,
                streamSide(m),
                null));
        continue;
      }
      count("messages");
      List<String> differ = new ArrayList<>();
      if (!expected.user().equals(m.path("user").path("id").asText())) {
        differ.add("user");
      }
      if (!expected.text().equals(m.path("text").asText(""))) {
        differ.add("text");
      }
      if (expected.attachments() != m.path("attachments").size()) {
        differ.add("attachments");
      }
      boolean deleted = m.hasNonNull("deleted_at") || m.path("type").asText().equals("deleted");
      if (expected.deleted() != deleted) {
        differ.add("deleted");
      }
      if (restSink) {
        // The REST API stamps its own time: only the order can be held to the files.
        if (expected.order() > previousOrder) {
          differ.add("order");
        }
        previousOrder = Math.min(previousOrder, expected.order());
      } else {
        Long micros = Timestamps.parseMicros(m.path("created_at").asText(null));
        if (micros == null || micros != expected.micros()) {
          differ.add("created_at");
        }
      }
      if (!differ.isEmpty()) {
        differences.add(
            new Difference(
                "message_differs",
                Difference.ids("cid", files.cid, "message", id),
                filesSide(expected),
                streamSide(m),
                differ));
      }
    }
  }

  /** Everything still unexplained once all reads of the channel are in. */
  List<Difference> finish() {
    if (!present) {
      return differences;
    }
    for (Map.Entry<String, ObjectNode> e : files.members.entrySet()) {
      String user = e.getKey();
      JsonNode stream = streamMembers.get(user);
      count("members");
      if (stream == null) {
        differences.add(
            new Difference(
                "missing_member",
                Difference.ids("cid", files.cid, "user", user),
                e.getValue(),
                null,
                null));
        continue;
      }
      String role = e.getValue().path("channel_role").asText("channel_member");
      String streamRole = stream.path("channel_role").asText("channel_member");
      if (!role.equals(streamRole)) {
        differences.add(
            new Difference(
                "role_differs",
                Difference.ids("cid", files.cid, "user", user),
                Json.MAPPER.createObjectNode().put("channel_role", role),
                Json.MAPPER.createObjectNode().put("channel_role", streamRole),
                List.of("channel_role")));
      }
      readState(user, e.getValue());
    }
    for (Map.Entry<String, JsonNode> e : streamMembers.entrySet()) {
      if (!files.members.containsKey(e.getKey())) {
        differences.add(
            new Difference(
                "extra_member",
                Difference.ids("cid", files.cid, "user", e.getKey()),
                null,
                e.getValue(),
                null));
      }
    }
    for (ChannelExpectation.Message m : files.messages().values()) {
      if (seen.contains(m.id())) {
        continue;
      }
      if (restSink && m.deleted()) {
        count("messages_not_sendable_by_rest"); // the REST API cannot create a deleted message
        continue;
      }
      count("messages");
      differences.add(
          new Difference(
              "missing_message",
              Difference.ids("cid", files.cid, "message", m.id()),
              filesSide(m),
              null,
              null));
    }
    return differences;
  }

  private void readState(String user, JsonNode member) {
    JsonNode entry = reads.get(user);
    count("read_states");
    Long lastRead = Timestamps.parseMicros(member.path("last_read").asText(null));
    long unread = files.unread(lastRead);
    ObjectNode filesSide = Json.MAPPER.createObjectNode();
    filesSide.set(
        "last_read",
        member.path("last_read").isMissingNode() ? filesSide.nullNode() : member.get("last_read"));
    filesSide.put("unread", unread);
    List<String> differ = new ArrayList<>();
    if (entry == null) {
      differ.add("read_entry");
    } else {
      if (entry.path("unread_messages").asLong(-1) != unread) {
        differ.add("unread");
      }
      if (lastRead != null
          && !restSink
          && !lastRead.equals(Timestamps.parseMicros(entry.path("last_read").asText(null)))) {
        differ.add("last_read");
      }
      String upTo = restSink ? files.readUpTo(lastRead) : null;
      if (upTo != null) {
        filesSide.put("last_read_message_id", upTo);
        if (!upTo.equals(entry.path("last_read_message_id").asText(null))) {
          differ.add("last_read_message_id");
        }
      }
    }
    if (!differ.isEmpty()) {
      ObjectNode streamSide = null;
      if (entry != null) {
        streamSide = Json.MAPPER.createObjectNode();
        streamSide.set("last_read", entry.path("last_read"));
        streamSide.set("unread", entry.path("unread_messages"));
        if (entry.has("last_read_message_id")) {
          streamSide.set("last_read_message_id", entry.get("last_read_message_id"));
        }
      }
      differences.add(
          new Difference(
              "read_state_differs",
              Difference.ids("cid", files.cid, "user", user),
              filesSide,
              streamSide,
              differ));
    }
  }

  private void count(String what) {
    checked.merge(what, 1L, Long::sum);
  }

  private static ObjectNode filesSide(ChannelExpectation.Message m) {
    ObjectNode n = Json.MAPPER.createObjectNode();
    n.put("user", m.user())
        .put("text", m.text())
        .put("attachments", m.attachments())
        .put("deleted", m.deleted())
        .put("created_at", Timestamps.format(m.micros()))
        .put("position", m.order());
    return n;
  }

  private static ObjectNode streamSide(JsonNode m) {
    ObjectNode n = Json.MAPPER.createObjectNode();
    n.set("user", m.path("user").path("id"));
    n.set("text", m.path("text"));
    n.put("attachments", m.path("attachments").size());
    n.put("deleted", m.hasNonNull("deleted_at") || m.path("type").asText().equals("deleted"));
    n.set("created_at", m.path("created_at"));
    return n;
  }
}
