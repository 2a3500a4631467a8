package io.chatkitmigrate.pipelines;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chatkitmigrate.schemas.Json;
import io.chatkitmigrate.transforms.write.LineFiles;
import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.OutputStream;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CoderRegistry;
import org.apache.beam.sdk.coders.CustomCoder;
import org.apache.beam.sdk.transforms.Combine;

/**
 * The read-state comparison of the report, summed by the workers from the per-member lines the room
 * stage makes ({@link Fn}): for each member, the unread count Chatkit showed and the one Stream
 * will compute from the written {@code last_read} and {@code created_at}. Keeps totals, the first
 * mismatches by channel and member up to a bound, and per channel its totals, so that the launcher
 * reads one line however many members there are.
 */
public final class ReadStateSummary implements Serializable {
  static final int KEPT = 200;

  long members;
  long membersWithLastRead;
  long membersCompared;
  long mismatches;
  long chatkitUnread;
  long streamUnread;
  // The first mismatches by (channel, member): the same whatever order the rows come in.
  final TreeMap<String, JsonNode> mismatchExamples = new TreeMap<>();
  final Map<String, long[]> channels = new HashMap<>();
  final long[] unreadHistogram = new long[UNREAD_BOUNDS.length + 1];

  /** Upper bounds of the buckets of the report's histograms. */
  static final long[] MEMBER_BOUNDS = {1, 2, 5, 10, 20, 50, 100, 500};

  static final long[] UNREAD_BOUNDS = {0, 1, 5, 20, 100, 1000};
  static final int LARGEST = 20;

  /** The summary as the job wrote it ({@link Fn}), for the report. */
  public record Written(ObjectNode toJson) {
    public long members() {
      return toJson.path("members").asLong();
    }

    public long mismatches() {
      return toJson.path("mismatched_members").asLong();
    }
  }

  /** The summary the job wrote as its one line; an empty one when it wrote none. */
  public static Written read(String glob) throws IOException {
    List<String> lines = new ArrayList<>();
    LineFiles.forEachLine(glob, lines::add);
    if (lines.size() > 1) {
      throw new IOException("the job wrote " + lines.size() + " read-state summaries, not one");
    }
    return new Written(
        lines.isEmpty() ? new ReadStateSummary().toJson() : (ObjectNode) Json.tree(lines.get(0)));
  }

  /** Sums the per-member lines into one summary, as JSON: one line, whatever the members. */
  public static final class Fn extends Combine.CombineFn<String, ReadStateSummary, String> {
    @Override
    public ReadStateSummary createAccumulator() {
      return new ReadStateSummary();
    }

    @Override
    public ReadStateSummary addInput(ReadStateSummary acc, String line) {
      if (!line.isBlank()) {
        acc.add(Json.tree(line));
      }
      return acc;
    }

    @Override
    public ReadStateSummary mergeAccumulators(Iterable<ReadStateSummary> accs) {
      ReadStateSummary merged = new ReadStateSummary();
      accs.forEach(merged::merge);
      return merged;
    }

    @Override
    public String extractOutput(ReadStateSummary acc) {
      return acc.toJson().toString();
    }

    @Override
    public Coder<ReadStateSummary> getAccumulatorCoder(
        CoderRegistry registry, Coder<String> input) {
      return new AccumulatorCoder();
    }
  }

  /**
   * Java serialization, as Beam's SerializableCoder writes it, without its warning on every run
   * that an accumulator has no equals: a sum in progress is never compared.
   */
  static final class AccumulatorCoder extends CustomCoder<ReadStateSummary> {
    @Override
    public void encode(ReadStateSummary summary, OutputStream os) throws IOException {
      ObjectOutputStream out = new ObjectOutputStream(os);
      out.writeObject(summary);
      out.flush();
    }

    @Override
    public ReadStateSummary decode(InputStream is) throws IOException {
      try {
        return (ReadStateSummary) new ObjectInputStream(is).readObject();
      } catch (ClassNotFoundException e) {
        throw new IOException("a read-state summary of an unknown class", e);
      }
    }
  }

  private void merge(ReadStateSummary other) {
    members += other.members;
    membersWithLastRead += other.membersWithLastRead;
    membersCompared += other.membersCompared;
    mismatches += other.mismatches;
    chatkitUnread += other.chatkitUnread;
    streamUnread += other.streamUnread;
    other.mismatchExamples.forEach(this::keepMismatch);
    other.channels.forEach(
        (cid, c) -> {
          long[] mine = channels.computeIfAbsent(cid, k -> new long[5]);
          for (int i = 0; i < 4; i++) {
            mine[i] += c[i];
          }
          mine[4] = Math.max(mine[4], c[4]);
        });
    for (int i = 0; i < unreadHistogram.length; i++) {
      unreadHistogram[i] += other.unreadHistogram[i];
    }
  }

  private void keepMismatch(String key, JsonNode row) {
    mismatchExamples.put(key, row);
    if (mismatchExamples.size() > KEPT) {
      mismatchExamples.pollLastEntry();
    }
  }

  void add(JsonNode row) {
    String cid = row.path("cid").asText();
    boolean compared = row.path("compared").asBoolean();
    long stream = row.path("stream_unread").asLong();
    long chatkit = compared ? row.path("chatkit_unread").asLong() : stream;
    members++;
    if (compared) {
      membersCompared++;
    }
    if (row.hasNonNull("last_read")) {
      membersWithLastRead++;
    }
    chatkitUnread += chatkit;
    streamUnread += stream;
    if (chatkit != stream) {
      mismatches++;
      // Field lengths first, so that no two (channel, member) pairs give the same key.
      keepMismatch(cid.length() + ":" + cid + row.path("user").asText(), row);
    }
    long[] channel = channels.computeIfAbsent(cid, c -> new long[5]);
    channel[0]++;
    channel[1] += chatkit;
    channel[2] += stream;
    channel[3] += chatkit != stream ? 1 : 0;
    channel[4] = Math.max(channel[4], row.path("messages").asLong());
    unreadHistogram[bucket(stream, UNREAD_BOUNDS)]++;
  }

  ObjectNode toJson() {
    ObjectNode node = Json.MAPPER.createObjectNode();
    node.put("members", members);
    node.put("members_with_last_read", membersWithLastRead);
    node.put("members_compared", membersCompared);
    if (members > 0 && membersCompared == 0) {
      node.put(
          "note",
          "the export has no cursor files: no last_read was written, so Stream counts every message"
              + " as read");
    }
    node.put("chatkit_unread_total", chatkitUnread);
    node.put("stream_unread_total", streamUnread);
    node.put("mismatched_members", mismatches);
    ArrayNode examples = node.putArray("mismatches");
    mismatchExamples.values().forEach(examples::add);
    ArrayNode list = node.putArray("channels");
    List<Map.Entry<String, long[]>> sorted = new ArrayList<>(channels.entrySet());
    // Differences first, then the channels with the most unread messages.
    sorted.sort(
        Comparator.<Map.Entry<String, long[]>>comparingLong(e -> -e.getValue()[3])
            .thenComparingLong(e -> -e.getValue()[1])
            .thenComparing(Map.Entry::getKey));
    for (Map.Entry<String, long[]> e : sorted.subList(0, Math.min(KEPT, sorted.size()))) {
      ObjectNode c = list.addObject();
      c.put("cid", e.getKey());
      c.put("members", e.getValue()[0]);
      c.put("chatkit_unread", e.getValue()[1]);
      c.put("stream_unread", e.getValue()[2]);
      c.put("mismatched_members", e.getValue()[3]);
    }
    node.put("channels_total", channels.size());

    // What the report's charts draw: bounded, whatever the number of channels and members.
    long[] memberHistogram = new long[MEMBER_BOUNDS.length + 1];
    channels.values().forEach(c -> memberHistogram[bucket(c[0], MEMBER_BOUNDS)]++);
    node.set("members_per_channel", histogram(memberHistogram, MEMBER_BOUNDS));
    node.set("unread_per_member", histogram(unreadHistogram, UNREAD_BOUNDS));
    ArrayNode largest = node.putArray("largest_channels");
    channels.entrySet().stream()
        .sorted(
            Comparator.<Map.Entry<String, long[]>>comparingLong(e -> -e.getValue()[4])
                .thenComparing(Map.Entry::getKey))
        .limit(LARGEST)
        .forEach(
            e ->
                largest
                    .addObject()
                    .put("cid", e.getKey())
                    .put("messages", e.getValue()[4])
                    .put("members", e.getValue()[0]));
    return node;
  }

  static int bucket(long value, long[] bounds) {
    for (int i = 0; i < bounds.length; i++) {
      if (value <= bounds[i]) {
        return i;
      }
    }
    return bounds.length;
  }

  /** Buckets as {label: count}, labels such as "3-5" and "over 500", in order. */
  static ObjectNode histogram(long[] counts, long[] bounds) {
    ObjectNode h = Json.MAPPER.createObjectNode();
    for (int i = 0; i < counts.length; i++) {
      long low = i == 0 ? bounds[0] : bounds[i - 1] + 1;
      String label =
          i == bounds.length
              ? "over " + bounds[i - 1]
              : low == bounds[i] ? Long.toString(low) : low + "-" + bounds[i];
      h.put(label, counts[i]);
    }
    return h;
  }
}
