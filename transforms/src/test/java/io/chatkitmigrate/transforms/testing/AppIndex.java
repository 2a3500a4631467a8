package io.chatkitmigrate.transforms.testing;

import com.fasterxml.jackson.databind.JsonNode;
import io.chatkitmigrate.schemas.Timestamps;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;

/**
 * The emulator's app state ordered as Stream's read calls see it: each channel's messages by {@code
 * created_at} (then id), each channel's members by user id with the order they were added in.
 * Callers hold its monitor; the emulator keeps it beside its maps whenever it stores or removes.
 */
final class AppIndex {
  /** A message's place in its channel. */
  record Key(long micros, String id) {}

  static final Comparator<Key> ORDER = Comparator.comparingLong(Key::micros).thenComparing(Key::id);

  private final Map<String, NavigableMap<Key, String>> messagesByChannel = new HashMap<>();
  private final Map<String, Key> messageKeys = new HashMap<>();
  private final Map<String, String> messageChannel = new HashMap<>();
  private final Map<String, NavigableMap<String, Long>> membersByChannel = new HashMap<>();
  private final Map<String, long[]> sortedMicros = new HashMap<>();

  /** Deleted messages are in a channel's pages but not in its unread counts. */
  private final Set<String> deletedMessages = new HashSet<>();

  private long added;

  static String channelOf(JsonNode message) {
    return message.hasNonNull("cid")
        ? message.get("cid").asText()
        : message.path("channel_type").asText() + ":" + message.path("channel_id").asText();
  }

  void stored(String kind, String key, JsonNode value) {
    if (kind.equals("message")) {
      removed(kind, key);
      String cid = channelOf(value);
      Long micros = Timestamps.parseMicros(value.path("created_at").asText(""));
      Key k = new Key(micros == null ? 0 : micros, key);
      messagesByChannel.computeIfAbsent(cid, c -> new TreeMap<>(ORDER)).put(k, key);
      messageKeys.put(key, k);
      messageChannel.put(key, cid);
      if (value.path("type").asText().equals("deleted") || value.hasNonNull("deleted_at")) {
        deletedMessages.add(key);
      }
      sortedMicros.remove(cid);
    } else if (kind.equals("member")) {
      int slash = key.indexOf('/');
      membersByChannel
          .computeIfAbsent(key.substring(0, slash), c -> new TreeMap<>())
          .putIfAbsent(key.substring(slash + 1), added++);
    }
  }

  void removed(String kind, String key) {
    if (kind.equals("message")) {
      Key k = messageKeys.remove(key);
      String cid = messageChannel.remove(key);
      deletedMessages.remove(key);
      if (k != null) {
        messagesByChannel.get(cid).remove(k);
        sortedMicros.remove(cid);
      }
    } else if (kind.equals("member")) {
      int slash = key.indexOf('/');
      NavigableMap<String, Long> m = membersByChannel.get(key.substring(0, slash));
      if (m != null) {
        m.remove(key.substring(slash + 1));
      }
    }
  }

  /** Lists a message a second time in its channel's pages, as a faulty import might. */
  void showTwice(String messageId) {
    Key k = messageKeys.get(messageId);
    messagesByChannel
        .get(messageChannel.get(messageId))
        .put(new Key(k.micros(), messageId + "#again"), messageId);
  }

  Key key(String messageId) {
    return messageKeys.get(messageId);
  }

  String channel(String messageId) {
    return messageChannel.get(messageId);
  }

  /**
   * The ids of the channel's messages before {@code before} (all when null), the last {@code
   * limit}, oldest first.
   */
  List<String> messagesBefore(String cid, Key before, int limit) {
    NavigableMap<Key, String> all = messagesByChannel.getOrDefault(cid, new TreeMap<>(ORDER));
    NavigableMap<Key, String> older = before == null ? all : all.headMap(before, false);
    List<String> ids = new ArrayList<>(limit);
    for (String id : older.descendingMap().values()) {
      if (ids.size() == limit) {
        break;
      }
      ids.add(id);
    }
    Collections.reverse(ids);
    return ids;
  }

  /** Messages of the channel created after the instant. */
  long countAfter(String cid, long micros) {
    // A message listed twice (see showTwice) is still one message to count.
    long[] sorted =
        sortedMicros.computeIfAbsent(
            cid,
            c ->
                messagesByChannel.getOrDefault(c, new TreeMap<>(ORDER)).entrySet().stream()
                    .filter(e -> e.getKey().id().equals(e.getValue()))
                    .filter(e -> !deletedMessages.contains(e.getValue()))
                    .mapToLong(e -> e.getKey().micros())
                    .toArray());
    int i = Arrays.binarySearch(sorted, micros);
    if (i < 0) {
      return sorted.length - (-i - 1);
    }
    while (i + 1 < sorted.length && sorted[i + 1] == micros) {
      i++;
    }
    return sorted.length - (i + 1);
  }

  /** The channel's member user ids by user id. */
  NavigableMap<String, Long> members(String cid) {
    return membersByChannel.getOrDefault(cid, new TreeMap<>());
  }

  /** The user ids of the channel's most recently added members, at most {@code limit}. */
  List<String> latestMembers(String cid, int limit) {
    return members(cid).entrySet().stream()
        .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
        .limit(limit)
        .map(Map.Entry::getKey)
        .toList();
  }
}
