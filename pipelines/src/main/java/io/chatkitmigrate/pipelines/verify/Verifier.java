package io.chatkitmigrate.pipelines.verify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chatkitmigrate.pipelines.ProgressLine;
import io.chatkitmigrate.schemas.Json;
import io.chatkitmigrate.transforms.slice.RoomChoice;
import io.chatkitmigrate.transforms.stream.StreamClient;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.apache.commons.lang3.concurrent.BasicThreadFactory;

/**
 * {@code verify}: reads the Stream app back and compares it with a migration's import parts. Users
 * go in pages of 100 as the parts are read; channels, members and messages are spilled into buckets
 * by channel (the parts interleave channels), then each bucket is checked 30 channels a call, with
 * older messages and members beyond the first 100 paged by keyset. Units of work run on a bounded
 * pool (the requests in flight) and are journalled, so a killed run continues where it stopped.
 */
public final class Verifier {
  static final String FOLDER = "verify";
  static final long BUCKET_BYTES = 16L << 20;

  /**
   * What to check and how. {@code restSink}: the app was filled through the REST sink, so Stream's
   * own timestamps stand and only the order of messages is compared.
   */
  public record Settings(
      String output, boolean sample, double fraction, long seed, boolean restSink, int threads) {}

  public record Outcome(boolean ok, String summary, ObjectNode report) {}

  private final StreamReads reads;
  private final Settings settings;
  private final PrintStream progress;
  private final Path root;
  private final Path dir;

  public Verifier(StreamClient client, Settings settings, PrintStream progress) {
    this.reads = new StreamReads(client);
    this.settings = settings;
    this.progress = progress;
    this.root = Path.of(settings.output());
    this.dir = root.resolve(FOLDER);
  }

  public Path folder() {
    return dir;
  }

  /**
   * A channel is in a sample when its seeded hash falls below the fraction: the same channels on
   * every run.
   */
  static boolean chosen(String cid, long seed, double fraction) {
    return RoomChoice.share(cid, seed) < fraction;
  }

  public Outcome run() throws IOException, InterruptedException {
    long started = System.nanoTime();
    List<Path> parts;
    try (Stream<Path> files = Files.list(root.resolve("import"))) {
      parts = files.filter(p -> p.getFileName().toString().endsWith(".jsonl")).sorted().toList();
    }
    if (parts.isEmpty()) {
      throw new IOException("no import parts in " + root.resolve("import"));
    }
    long bytes = 0;
    for (Path p : parts) {
      bytes += Files.size(p);
    }
    int buckets = (int) Math.min(256, Math.max(1, (bytes + BUCKET_BYTES - 1) / BUCKET_BYTES));
    Path spill = dir.resolve(".spill");
    deleteTree(spill);
    Files.createDirectories(spill);
    ObjectNode sampleInfo = Json.MAPPER.createObjectNode();
    long[] channelsSeen = new long[2];

    ExecutorService pool =
        Executors.newFixedThreadPool(
            settings.threads(),
            new BasicThreadFactory.Builder().namingPattern("verify-%d").daemon(true).build());
    Semaphore queued = new Semaphore(settings.threads() * 2);
    AtomicReference<Exception> failure = new AtomicReference<>();
    ScheduledExecutorService ticker = null;
    try (Journal journal = Journal.open(dir)) {
      if (journal.resumedUnits > 0) {
        progress.printf(
            "chatkit-migrate verify: resuming: %d unit(s) already checked%n", journal.resumedUnits);
      }
      ticker =
          ProgressLine.every(
              5, () -> progress.println("chatkit-migrate verify: " + journal.progress()));

      // 1. Users in pages as they come; the rest into buckets by channel.
      List<BufferedWriter> writers = new ArrayList<>();
      for (int b = 0; b < buckets; b++) {
        writers.add(
            Files.newBufferedWriter(
                spill.resolve(String.format("bucket-%03d.ndjson", b)), StandardCharsets.UTF_8));
      }
      List<ObjectNode> users = new ArrayList<>();
      int userPage = 0;
      for (Path part : parts) {
        try (BufferedReader in = Files.newBufferedReader(part, StandardCharsets.UTF_8)) {
          for (String line = in.readLine(); line != null; line = in.readLine()) {
            if (line.isBlank()) {
              continue;
            }
            JsonNode item = Json.tree(line);
            String type = item.path("type").asText();
            ObjectNode data = (ObjectNode) item.path("data");
            if (type.equals("user")) {
              users.add(data);
              if (users.size() == StreamReads.USERS_PAGE) {
                submitUsers(pool, queued, failure, journal, "users/" + userPage++, users);
                users = new ArrayList<>();
              }
              continue;
            }
            if (!List.of("channel", "member", "message").contains(type)) {
              continue; // reactions and devices: the pipeline writes none
            }
            String cid = ChannelExpectation.cidOf(data, type);
            if (type.equals("channel")) {
              channelsSeen[0]++;
            }
            if (settings.sample() && !chosen(cid, settings.seed(), settings.fraction())) {
              continue;
            }
            if (type.equals("channel")) {
              channelsSeen[1]++;
            }
            BufferedWriter w = writers.get(Math.floorMod(cid.hashCode(), buckets));
            w.write(line);
            w.newLine();
          }
        }
      }
      if (!users.isEmpty()) {
        submitUsers(pool, queued, failure, journal, "users/" + userPage, users);
      }
      for (BufferedWriter w : writers) {
        w.close();
      }

      // 2. Each bucket's channels, 30 to a unit.
      for (int b = 0; b < buckets && failure.get() == null; b++) {
        Map<String, ChannelExpectation> channels = new TreeMap<>();
        try (BufferedReader in =
            Files.newBufferedReader(
                spill.resolve(String.format("bucket-%03d.ndjson", b)), StandardCharsets.UTF_8)) {
          for (String line = in.readLine(); line != null; line = in.readLine()) {
            JsonNode item = Json.tree(line);
            String type = item.path("type").asText();
            ObjectNode data = (ObjectNode) item.path("data");
            channels
                .computeIfAbsent(ChannelExpectation.cidOf(data, type), ChannelExpectation::new)
                .add(type, data);
          }
        }
        List<ChannelExpectation> batch = new ArrayList<>();
        int k = 0;
        for (ChannelExpectation c : channels.values()) {
          if (c.channel == null) {
            continue; // members or messages of a channel the files do not hold: the validator's
            // finding, not ours
          }
          batch.add(c.seal());
          if (batch.size() == StreamReads.CHANNELS_PAGE) {
            submitChannels(pool, queued, failure, journal, "channels/" + b + "/" + k++, batch);
            batch = new ArrayList<>();
          }
        }
        if (!batch.isEmpty()) {
          submitChannels(pool, queued, failure, journal, "channels/" + b + "/" + k, batch);
        }
      }
      pool.shutdown();
      pool.awaitTermination(365, TimeUnit.DAYS);
      ticker.shutdownNow();
      if (failure.get() != null) {
        throw new IOException(
            "verify stopped: "
                + failure.get().getMessage()
                + " (what was checked is kept in "
                + dir
                + "; run the same command again to continue)",
            failure.get());
      }
      deleteTree(spill);

      sampleInfo.put("mode", settings.sample() ? "sample" : "full");
      if (settings.sample()) {
        sampleInfo
            .put("fraction", settings.fraction())
            .put("seed", settings.seed())
            .put("channels_in_files", channelsSeen[0])
            .put("channels_chosen", channelsSeen[1]);
      }
      ObjectNode report = report(journal, sampleInfo, (System.nanoTime() - started) / 1e9);
      Files.writeString(
          dir.resolve("report.json"),
          Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(report));
      return new Outcome(report.path("ok").asBoolean(), summary(report), report);
    } finally {
      pool.shutdownNow();
      if (ticker != null) {
        ticker.shutdownNow();
      }
    }
  }

  private void submitUsers(
      ExecutorService pool,
      Semaphore queued,
      AtomicReference<Exception> failure,
      Journal journal,
      String unit,
      List<ObjectNode> users)
      throws InterruptedException {
    submit(pool, queued, failure, journal, unit, () -> checkUsers(journal, unit, users));
  }

  private void submitChannels(
      ExecutorService pool,
      Semaphore queued,
      AtomicReference<Exception> failure,
      Journal journal,
      String unit,
      List<ChannelExpectation> batch)
      throws InterruptedException {
    submit(pool, queued, failure, journal, unit, () -> checkChannels(journal, unit, batch));
  }

  private interface Work {
    void run() throws Exception;
  }

  private static void submit(
      ExecutorService pool,
      Semaphore queued,
      AtomicReference<Exception> failure,
      Journal journal,
      String unit,
      Work work)
      throws InterruptedException {
    if (journal.done(unit) || failure.get() != null) {
      return;
    }
    queued.acquire();
    pool.execute(
        () -> {
          try {
            if (failure.get() == null) {
              work.run();
            }
          } catch (Exception e) {
            failure.compareAndSet(null, e);
          } finally {
            queued.release();
          }
        });
  }

  private void checkUsers(Journal journal, String unit, List<ObjectNode> users) throws IOException {
    StreamReads.Calls calls = new StreamReads.Calls();
    Map<String, JsonNode> found = new HashMap<>();
    for (JsonNode u : reads.users(users.stream().map(u -> u.path("id").asText()).toList(), calls)) {
      found.put(u.path("id").asText(), u);
    }
    List<Difference> differences = new ArrayList<>();
    for (ObjectNode files : users) {
      String id = files.path("id").asText();
      JsonNode stream = found.get(id);
      if (stream == null) {
        differences.add(
            new Difference("missing_user", Difference.ids("user", id), files, null, null));
        continue;
      }
      List<String> differ = Compare.fields(files, stream, Set.of("id"), settings.restSink());
      if (!files.has("role") && !stream.path("role").asText("user").equals("user")) {
        differ.add("role");
      }
      if (!differ.isEmpty()) {
        differences.add(
            new Difference(
                "user_differs",
                Difference.ids("user", id),
                Compare.pick(files, differ),
                Compare.pick(stream, differ),
                differ));
      }
    }
    Map<String, Long> checked =
        new TreeMap<>(Map.of("users", (long) users.size(), "fewest_calls", 1L));
    journal.record(unit, checked, calls.byEndpoint, differences);
  }

  private void checkChannels(Journal journal, String unit, List<ChannelExpectation> batch)
      throws IOException {
    StreamReads.Calls calls = new StreamReads.Calls();
    Map<String, JsonNode> states = new HashMap<>();
    for (JsonNode s : reads.channels(batch.stream().map(c -> c.cid).toList(), calls)) {
      states.put(s.path("channel").path("cid").asText(), s);
    }
    List<Difference> differences = new ArrayList<>();
    Map<String, Long> checked = new TreeMap<>();
    long fewest = 1;
    for (ChannelExpectation files : batch) {
      int messages = files.messages().size();
      // A full page asks for the next: only a short page proves there is nothing older.
      fewest += messages / StreamReads.MESSAGES_PAGE;
      // Stream's member_count says when the first page holds them all; a channel query's read[]
      // holds at most 100 members, and each other member's read state is a query naming that member
      // (unread_batch would make every member a monthly active user).
      if (files.members.size() > StreamReads.MEMBERS_PAGE) {
        fewest +=
            (files.members.size() + StreamReads.MEMBERS_PAGE - 1) / StreamReads.MEMBERS_PAGE
                + files.members.size()
                - StreamReads.MEMBERS_PAGE;
      }
      ChannelCheck check = new ChannelCheck(files, settings.restSink());
      JsonNode state = states.get(files.cid);
      check.channel(state == null ? null : state.path("channel"));
      if (state != null) {
        JsonNode members = state.path("members");
        int memberCount = state.path("channel").path("member_count").asInt(-1);
        if (memberCount > members.size()
            || (memberCount < 0 && members.size() >= StreamReads.MEMBERS_PAGE)) {
          // More than a page: all of them by keyset, since a channel query orders its members its
          // own way.
          String after = null;
          int seen = 0;
          while (true) {
            JsonNode page = reads.members(files.cid, after, calls);
            page.forEach(check::member);
            seen += page.size();
            if (page.size() < StreamReads.MEMBERS_PAGE
                || (memberCount >= 0 && seen >= memberCount)) {
              break;
            }
            after = page.get(page.size() - 1).path("user_id").asText();
          }
        } else {
          members.forEach(check::member);
        }
        state.path("read").forEach(check::read);
        JsonNode page = state.path("messages");
        check.messages(page);
        while (page.size() == StreamReads.MESSAGES_PAGE) {
          page = reads.messagesBefore(files.cid, page.get(0).path("id").asText(), calls);
          check.messages(page);
        }
        for (String user : check.membersWithoutReadEntry()) {
          JsonNode entry = reads.readOf(files.cid, user, calls);
          if (entry != null) {
            check.read(entry);
          }
        }
      }
      differences.addAll(check.finish());
      check.checked.forEach((k, v) -> checked.merge(k, v, Long::sum));
    }
    checked.put("fewest_calls", fewest);
    journal.record(unit, checked, calls.byEndpoint, differences);
  }

  private ObjectNode report(Journal journal, ObjectNode sample, double seconds) throws IOException {
    long differences = journal.total(journal.differences);
    ObjectNode r = Json.MAPPER.createObjectNode();
    r.put("ok", differences == 0);
    r.put("output", root.toString());
    r.put("delivered_by", settings.restSink() ? "rest" : "import-api");
    r.put(
        "timestamps",
        settings.restSink() ? "order only (the REST API stamps its own created_at)" : "exact");
    r.put(
        "unread_definition",
        "the channel's messages created after the member's last_read, deleted ones aside (as in"
            + " the report's read state); none without a last_read");
    r.set("sample", sample);
    Path migration = root.resolve("report.json");
    if (Files.exists(migration)) {
      JsonNode slice = Json.tree(Files.readString(migration)).path("slice");
      if (!slice.isMissingNode()) {
        r.set("slice", slice); // the app holds a rehearsal slice, not the whole export
      }
    }
    r.put("seconds", Math.round(seconds * 10) / 10.0);
    if (journal.resumedUnits > 0) {
      r.put("resumed_units", journal.resumedUnits);
    }
    Map<String, Long> checked = new TreeMap<>(journal.checked);
    Long fewest = checked.remove("fewest_calls");
    r.set("checked", Json.MAPPER.valueToTree(checked));
    ObjectNode calls = r.putObject("calls");
    journal.calls.forEach(calls::put);
    calls.put("total", journal.total(journal.calls));
    calls.put("fewest_possible", fewest == null ? 0 : fewest);
    ObjectNode byKind = r.putObject("differences");
    for (String kind : Difference.KINDS) {
      byKind.put(kind, journal.differences.getOrDefault(kind, 0L));
    }
    byKind.put("total", differences);
    r.set("examples", examples(dir.resolve(Journal.DIFFERENCES), 5));
    return r;
  }

  /** The first few differences of each kind, in the order they were found. */
  static ObjectNode examples(Path file, int perKind) throws IOException {
    Map<String, ArrayNode> byKind = new LinkedHashMap<>();
    if (Files.exists(file)) {
      try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
        for (String line = in.readLine(); line != null; line = in.readLine()) {
          JsonNode d = Json.tree(line);
          ArrayNode list =
              byKind.computeIfAbsent(d.path("kind").asText(), k -> Json.MAPPER.createArrayNode());
          if (list.size() < perKind) {
            list.add(d);
          }
        }
      }
    }
    ObjectNode out = Json.MAPPER.createObjectNode();
    byKind.forEach(out::set);
    return out;
  }

  static String summary(JsonNode report) {
    JsonNode c = report.path("checked");
    String what =
        String.format(
            "%d users, %d channels, %d members, %d messages, %d read states checked in %d calls",
            c.path("users").asLong(),
            c.path("channels").asLong(),
            c.path("members").asLong(),
            c.path("messages").asLong(),
            c.path("read_states").asLong(),
            report.path("calls").path("total").asLong());
    String sample =
        report.path("sample").path("mode").asText().equals("sample")
            ? String.format(
                " (sample: %d of %d channels)",
                report.path("sample").path("channels_chosen").asLong(),
                report.path("sample").path("channels_in_files").asLong())
            : "";
    long total = report.path("differences").path("total").asLong();
    if (total == 0) {
      return "verify: " + what + sample + ": no difference";
    }
    List<String> kinds = new ArrayList<>();
    report
        .path("differences")
        .fields()
        .forEachRemaining(
            e -> {
              if (!e.getKey().equals("total") && e.getValue().asLong() > 0) {
                kinds.add(e.getKey() + " " + e.getValue().asLong());
              }
            });
    return "verify: "
        + what
        + sample
        + ": "
        + total
        + " difference(s) ("
        + String.join(", ", kinds)
        + "); see "
        + Path.of(report.path("output").asText(), FOLDER, Journal.DIFFERENCES);
  }

  private static void deleteTree(Path p) throws IOException {
    if (!Files.exists(p)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(p)) {
      for (Path x : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(x);
      }
    }
  }
}
