package io.chatkitmigrate.transforms.stream;

import com.fasterxml.jackson.databind.JsonNode;
import io.chatkitmigrate.schemas.Finding;
import io.chatkitmigrate.schemas.Json;
import io.chatkitmigrate.schemas.coders.SmileCoder;
import io.chatkitmigrate.transforms.Progress;
import io.chatkitmigrate.transforms.convert.Outputs;
import io.chatkitmigrate.transforms.join.Groups;
import java.io.IOException;
import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.GroupByKey;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.Wait;
import org.apache.beam.sdk.transforms.WithKeys;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.apache.commons.lang3.concurrent.BasicThreadFactory;

/**
 * The REST sink: the import items delivered through Stream's REST API (spec §3), for live apps and
 * top-ups. Users first, in batches of 100; then, once every user is in, each channel with its
 * members, its messages in their Chatkit order, and each member's read state, marked at the message
 * they had read up to. Work is cut into {@code maxInFlightTotal / maxInFlight} shards and each
 * shard sends {@code maxInFlight} requests at a time, so the whole job never has more than {@code
 * maxInFlightTotal} requests in flight, however many workers run it.
 *
 * <p>"Already exists" counts as delivered; any other refusal is a rejected finding with Stream's
 * error, and what depended on it (a channel's members and messages) is rejected with it: nothing is
 * counted as delivered that Stream did not take.
 */
public final class DeliverToStream extends PTransform<PCollectionTuple, PCollection<Finding>> {
  public static final String NAMESPACE = "delivery";

  /** What a sink may do: its credentials, its bounds, its patience. */
  public record Settings(
      StreamCredentials credentials,
      int maxInFlight,
      int maxInFlightTotal,
      int attempts,
      Duration firstBackoff)
      implements Serializable {
    int shards() {
      return Math.max(1, maxInFlightTotal / maxInFlight);
    }

    int perShard() {
      return Math.min(maxInFlight, maxInFlightTotal);
    }

    StreamClient client() {
      return new StreamClient(credentials, attempts, firstBackoff, Duration.ofSeconds(60));
    }
  }

  private final Settings settings;

  public DeliverToStream(Settings settings) {
    this.settings = settings;
  }

  /** {@code <item type>_<outcome>}: sent, already_there, rejected, skipped. */
  public static Counter counter(String itemType, String outcome) {
    return Progress.tallied(
        Metrics.counter(NAMESPACE, itemType + "_" + outcome),
        "delivered " + itemType + " " + outcome);
  }

  @Override
  public PCollection<Finding> expand(PCollectionTuple items) {
    int shards = settings.shards();
    PCollectionTuple users =
        items
            .get(Outputs.USER_LINES)
            .apply(
                "KeyUsers",
                WithKeys.of((String line) -> Math.floorMod(line.hashCode(), shards))
                    .withKeyType(TypeDescriptors.integers()))
            .setCoder(KvCoder.of(VarIntCoder.of(), StringUtf8Coder.of()))
            .apply("UsersByShard", GroupByKey.create())
            .apply(
                "SendUsers",
                ParDo.of(new SendUsersFn(settings))
                    .withOutputTags(SendUsersFn.DONE, TupleTagList.of(Outputs.REJECTED)));

    PCollection<KV<Integer, String>> channelWork =
        PCollectionList.of(items.get(Outputs.CHANNEL_LINES))
            .and(items.get(Outputs.MEMBER_LINES))
            .and(items.get(Outputs.MESSAGE_LINES))
            .apply("AllChannelItems", Flatten.pCollections())
            .apply(
                "KeyByChannel",
                WithKeys.of((String line) -> Groups.of(channelOf(line), shards))
                    .withKeyType(TypeDescriptors.integers()))
            .setCoder(KvCoder.of(VarIntCoder.of(), StringUtf8Coder.of()));
    PCollection<Finding> channelRejected =
        channelWork
            .apply("AfterEveryUser", Wait.on(users.get(SendUsersFn.DONE)))
            .apply("ChannelsByShard", GroupByKey.create())
            .apply("SendChannels", ParDo.of(new SendChannelsFn(settings)))
            .setCoder(SmileCoder.of(Finding.class));
    return PCollectionList.of(users.get(Outputs.REJECTED).setCoder(SmileCoder.of(Finding.class)))
        .and(channelRejected)
        .apply("AllRefused", Flatten.pCollections());
  }

  /** {@code type:id} of the channel an item belongs to. */
  static String channelOf(String line) {
    JsonNode data = Json.tree(line).get("data");
    return data.has("channel_type")
        ? data.get("channel_type").asText() + ":" + data.get("channel_id").asText()
        : data.get("type").asText() + ":" + data.get("id").asText();
  }

  /**
   * What one task delivered and what Stream refused. Tasks run on the sink's own threads, where
   * Beam's metrics are not recorded, so counts travel back to the processing thread and are counted
   * there.
   */
  static final class Delivered {
    final Map<String, Long> counts = new TreeMap<>();
    final List<Finding> refused = new ArrayList<>();

    void count(String itemType, String outcome, long n) {
      counts.merge(itemType + "_" + outcome, n, Long::sum);
    }

    void reject(String itemType, String error, JsonNode item) {
      count(itemType, "rejected", 1);
      refused.add(refused(itemType, "REST", error, item));
    }

    void addAll(Delivered other) {
      other.counts.forEach((k, v) -> counts.merge(k, v, Long::sum));
      refused.addAll(other.refused);
    }
  }

  static Finding refused(String itemType, String call, String error, JsonNode item) {
    return new Finding("stream_rejected", itemType, call, null, null, error, item.toString(), null);
  }

  /** A pool of {@code perShard} senders for one shard's work, reused across bundles. */
  abstract static class Sender<I, O> extends DoFn<I, O> {
    final Settings settings;
    transient StreamClient client;
    transient ExecutorService pool;

    Sender(Settings settings) {
      this.settings = settings;
    }

    @Setup
    public void setup() {
      client = settings.client();
      pool =
          Executors.newFixedThreadPool(
              settings.perShard(),
              new BasicThreadFactory.Builder()
                  .namingPattern("stream-sink-%d")
                  .daemon(true)
                  .build());
    }

    @Teardown
    public void teardown() {
      if (pool != null) {
        pool.shutdownNow();
      }
    }

    /**
     * Runs the tasks on the pool, counts what they delivered, and returns what Stream refused, in
     * task order; a failure of credentials stops the run.
     */
    List<Finding> runAll(List<Callable<Delivered>> tasks) throws InterruptedException {
      List<Future<Delivered>> futures = new ArrayList<>();
      for (var task : tasks) {
        futures.add(pool.submit(task));
      }
      Delivered all = new Delivered();
      for (Future<Delivered> f : futures) {
        try {
          all.addAll(f.get());
        } catch (ExecutionException e) {
          if (e.getCause() instanceof RuntimeException r) {
            throw r;
          }
          throw new IllegalStateException(e.getCause());
        }
      }
      all.counts.forEach(
          (key, n) -> {
            int cut = key.indexOf('_');
            counter(key.substring(0, cut), key.substring(cut + 1)).inc(n);
          });
      return all.refused;
    }

    /** One call; a call that failed on every attempt is a refusal too, with the last error. */
    StreamClient.Result call(String endpoint, String path, Object body) {
      try {
        return client.post(endpoint, path, body);
      } catch (IOException e) {
        return new StreamClient.Result(
            StreamClient.Status.REJECTED,
            0,
            null,
            "no answer after " + settings.attempts() + " attempts: " + e.getMessage());
      }
    }
  }

  static final class SendUsersFn extends Sender<KV<Integer, Iterable<String>>, Long> {
    static final TupleTag<Long> DONE = new TupleTag<>() {};

    SendUsersFn(Settings settings) {
      super(settings);
    }

    @ProcessElement
    public void process(@Element KV<Integer, Iterable<String>> shard, MultiOutputReceiver out)
        throws InterruptedException {
      List<JsonNode> users = new ArrayList<>();
      shard.getValue().forEach(line -> users.add(Json.tree(line).get("data")));
      List<Callable<Delivered>> tasks = new ArrayList<>();
      for (List<JsonNode> batch : RestRequests.batches(users, RestRequests.BATCH)) {
        tasks.add(() -> sendBatch(batch));
      }
      for (Finding f : runAll(tasks)) {
        out.get(Outputs.REJECTED).output(f);
      }
      out.get(DONE).output((long) users.size());
    }

    private Delivered sendBatch(List<JsonNode> batch) {
      Delivered d = new Delivered();
      StreamClient.Result r = call("users", "/users", RestRequests.users(batch));
      if (r.delivered()) {
        d.count("user", "sent", batch.size());
      } else if (batch.size() == 1) {
        d.reject("user", r.error(), batch.get(0));
      } else {
        // One bad user fails a whole batch: find it by sending the batch's users one by one.
        for (JsonNode user : batch) {
          d.addAll(sendBatch(List.of(user)));
        }
      }
      return d;
    }
  }

  static final class SendChannelsFn extends Sender<KV<Integer, Iterable<String>>, Finding> {
    SendChannelsFn(Settings settings) {
      super(settings);
    }

    private static final class Work {
      JsonNode channel;
      final List<JsonNode> members = new ArrayList<>();
      final List<JsonNode> messages = new ArrayList<>();
    }

    @ProcessElement
    public void process(@Element KV<Integer, Iterable<String>> shard, OutputReceiver<Finding> out)
        throws InterruptedException {
      Map<String, Work> byChannel = new TreeMap<>();
      for (String line : shard.getValue()) {
        JsonNode item = Json.tree(line);
        JsonNode data = item.get("data");
        Work w = byChannel.computeIfAbsent(channelOf(line), c -> new Work());
        switch (item.get("type").asText()) {
          case "channel" -> w.channel = data;
          case "member" -> w.members.add(data);
          default -> w.messages.add(data);
        }
      }
      List<Callable<Delivered>> tasks = new ArrayList<>();
      byChannel.forEach((cid, work) -> tasks.add(() -> deliver(cid, work)));
      runAll(tasks).forEach(out::output);
    }

    /**
     * One channel, in order: created with its first members, the other members, the messages, the
     * reads.
     */
    private Delivered deliver(String cid, Work w) {
      Delivered d = new Delivered();
      String path =
          "/channels/"
              + StreamClient.segment(cid.substring(0, cid.indexOf(':')))
              + "/"
              + StreamClient.segment(cid.substring(cid.indexOf(':') + 1));
      if (w.channel == null) {
        // Members and messages of a channel the export did not write (the validator would have
        // failed the run).
        w.members.forEach(m -> d.reject("member", "no channel " + cid + " among the items", m));
        w.messages.forEach(m -> d.reject("message", "no channel " + cid + " among the items", m));
        return d;
      }
      List<List<JsonNode>> memberBatches = RestRequests.batches(w.members, RestRequests.BATCH);
      List<JsonNode> first = memberBatches.isEmpty() ? List.of() : memberBatches.get(0);
      StreamClient.Result created =
          call("channel", path + "/query", RestRequests.createChannel(w.channel, first));
      if (!created.delivered()) {
        d.reject("channel", created.error(), w.channel);
        String why = "its channel " + cid + " was refused: " + created.error();
        w.members.forEach(m -> d.reject("member", why, m));
        w.messages.forEach(m -> d.reject("message", why, m));
        return d;
      }
      d.count("channel", "sent", 1);
      d.count("member", "sent", first.size());
      for (List<JsonNode> batch :
          memberBatches.subList(Math.min(1, memberBatches.size()), memberBatches.size())) {
        StreamClient.Result added = call("channel", path, RestRequests.addMembers(batch));
        if (added.delivered()) {
          d.count("member", "sent", batch.size());
        } else {
          batch.forEach(m -> d.reject("member", added.error(), m));
        }
      }
      List<JsonNode> sent = new ArrayList<>();
      for (JsonNode m : RestRequests.inOrder(w.messages)) {
        if (m.hasNonNull("deleted_at")) {
          // The REST API cannot create a deleted message; Chatkit showed it to no one.
          d.count("message", "skipped", 1);
          continue;
        }
        StreamClient.Result r = call("message", path + "/message", RestRequests.message(m));
        if (r.status() == StreamClient.Status.OK) {
          d.count("message", "sent", 1);
          sent.add(m);
        } else if (r.status() == StreamClient.Status.ALREADY_EXISTS) {
          d.count("message", "already_there", 1);
          sent.add(m);
        } else {
          d.reject("message", r.error(), m);
        }
      }
      for (JsonNode member : w.members) {
        String upTo = RestRequests.readMark(member, sent);
        if (upTo == null) {
          continue;
        }
        StreamClient.Result r =
            call(
                "read",
                path + "/read",
                Json.MAPPER
                    .createObjectNode()
                    .put("user_id", member.path("user_id").asText())
                    .put("message_id", upTo));
        if (r.delivered()) {
          d.count("read", "sent", 1);
        } else {
          d.reject("read", r.error(), member);
        }
      }
      return d;
    }
  }
}
