package io.chatkitmigrate.pipelines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.chatkitmigrate.pipelines.generate.ExportGenerator;
import io.chatkitmigrate.pipelines.generate.GeneratorSettings;
import io.chatkitmigrate.transforms.stream.RestRequests;
import io.chatkitmigrate.transforms.testing.StreamEmulator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Both sinks deliver a generated 100,000-message export to an emulated Stream whose answers fail
 * one time in five (500s and 503s, 429s in Stream's JSON and in the edge's plain text, connections
 * dropped before and after the work is done), with per-endpoint rate limits besides: every item
 * arrives exactly once, and the REST sink never has more requests in flight than its global bound.
 */
class StreamSinksUnderFaultsTest {
  static final String KEY = "scale-key";
  static final String SECRET = "scale-secret";
  static final StreamEmulator.Faults ONE_IN_FIVE =
      new StreamEmulator.Faults(0.10, 0.05, 0.025, 0.025, 0.02, 30, 11);
  static final int TOTAL_BOUND = 6;

  @TempDir static Path dir;
  static StreamEmulator rest;
  static StreamEmulator imports;
  static Runs migrated;
  static Runs uploaded;
  static Map<String, List<JsonNode>> items = new HashMap<>();

  @BeforeAll
  static void deliverBothWays() throws IOException {
    Path generated = dir.resolve("gen");
    new ExportGenerator(GeneratorSettings.of(100_000, 17)).generate(generated, n -> {});
    Path secret = dir.resolve("secret");
    Files.writeString(secret, SECRET);

    rest =
        StreamEmulator.start(KEY, SECRET)
            .withFaults(ONE_IN_FIVE)
            .withRateLimit("users", 300)
            .withRateLimit("channel", 10_000)
            .withRateLimit("message", 60_000)
            .withRateLimit("read", 10_000);
    Path out = dir.resolve("out");
    migrated =
        Runs.migrate(
            generated.resolve("export"),
            out,
            "--runner=DirectRunner",
            "--sink=rest",
            "--streamApiKey=" + KEY,
            "--streamApiSecretFile=" + secret,
            "--streamBaseUrl=" + rest.baseUrl(),
            "--maxInFlight=3",
            "--maxInFlightTotal=" + TOTAL_BOUND,
            "--streamBackoffMillis=10",
            "--streamAttempts=12",
            "--maxPartBytes=10000000");
    for (String type : List.of("user", "channel", "member", "message")) {
      items.put(type, migrated.items(type));
    }

    imports = StreamEmulator.start(KEY, SECRET).withFaults(ONE_IN_FIVE).withImportStepMillis(20);
    uploaded =
        Runs.cli(
            out,
            "upload",
            "--output=" + out,
            "--streamApiKey=" + KEY,
            "--streamApiSecretFile=" + secret,
            "--streamBaseUrl=" + imports.baseUrl(),
            "--importPollMillis=20",
            "--streamBackoffMillis=10",
            "--streamAttempts=12");
  }

  @AfterAll
  static void stop() {
    rest.close();
    imports.close();
  }

  @Test
  void theRestSinkDeliversEveryItemOnceWithinItsBound() throws IOException {
    assertEquals(0, migrated.exit, migrated.toString());
    assertTrue(items.get("message").size() > 90_000, "messages: " + items.get("message").size());
    assertTrue(
        rest.log().stream().anyMatch(l -> l.endsWith("-> dropped after 201")),
        "answers were lost after the work");
    assertTrue(rest.log().stream().anyMatch(l -> l.endsWith("-> 429")), "rate limits were met");
    assertTrue(rest.log().stream().anyMatch(l -> l.endsWith("-> 503")), "servers failed");

    assertEquals(ids(items.get("user"), "id"), rest.users.keySet());
    Set<String> channels = new HashSet<>();
    items
        .get("channel")
        .forEach(c -> channels.add(c.get("type").asText() + ":" + c.get("id").asText()));
    assertEquals(channels, rest.channels.keySet());
    Set<String> members = new HashSet<>();
    items
        .get("member")
        .forEach(
            m ->
                members.add(
                    m.get("channel_type").asText()
                        + ":"
                        + m.get("channel_id").asText()
                        + "/"
                        + m.get("user_id").asText()));
    assertEquals(members, rest.members.keySet());

    Set<String> live = new HashSet<>();
    items.get("message").stream()
        .filter(m -> !m.hasNonNull("deleted_at"))
        .forEach(m -> live.add(m.get("id").asText()));
    assertEquals(
        live, rest.messages.keySet(), "every message that is not deleted, and nothing else");
    for (String id : live) {
      assertEquals(1, rest.storeCount("message", id), id);
    }
    JsonNode delivery = migrated.report().get("accounting").get("delivery");
    assertEquals(
        live.size(),
        delivery.get("message").get("sent").asLong()
            + delivery.get("message").get("already_there").asLong());
    assertTrue(
        delivery.get("message").get("already_there").asLong() > 0,
        "a lost answer met 'already exists' on retry");
    for (JsonNode line : delivery) {
      assertEquals(0, line.get("rejected").asLong(), delivery.toString());
    }

    assertTrue(rest.peakInFlight() <= TOTAL_BOUND, "peak " + rest.peakInFlight());
    assertTrue(
        rest.peakInFlight() >= 2, "the sink does work in parallel: peak " + rest.peakInFlight());
  }

  @Test
  void theRestSinkMarksMembersReadWhereChatkitHadThemAndTheOthersAtTheLastMessage() {
    Map<String, List<JsonNode>> messagesByChannel = new HashMap<>();
    items.get("message").stream()
        .filter(m -> !m.hasNonNull("deleted_at"))
        .forEach(
            m ->
                messagesByChannel
                    .computeIfAbsent(
                        m.get("channel_type").asText() + ":" + m.get("channel_id").asText(),
                        c -> new ArrayList<>())
                    .add(m));
    Map<String, String> expected = new HashMap<>();
    for (JsonNode member : items.get("member")) {
      String cid = member.get("channel_type").asText() + ":" + member.get("channel_id").asText();
      String upTo =
          RestRequests.readMark(
              member, RestRequests.inOrder(messagesByChannel.getOrDefault(cid, List.of())));
      if (upTo != null) {
        expected.put(cid + "/" + member.get("user_id").asText(), upTo);
      }
    }
    assertTrue(expected.size() > 100, "members with read state: " + expected.size());
    assertEquals(expected, rest.reads);
  }

  @Test
  void theImportSinkImportsEveryPartOnceInOrder() throws IOException {
    assertEquals(0, uploaded.exit, uploaded.toString());
    List<String> tasks = imports.taskPaths();
    long parts = Files.list(uploaded.output.resolve("import")).count();
    assertTrue(parts >= 3, "parts: " + parts);
    assertEquals(parts, tasks.size(), "one task a part: " + tasks);
    for (int i = 0; i < parts; i++) {
      assertTrue(tasks.get(i).endsWith(String.format("part-%05d.jsonl", i + 1)), tasks.toString());
    }
    assertEquals(ids(items.get("user"), "id"), imports.users.keySet());
    assertEquals(ids(items.get("message"), "id"), imports.messages.keySet());
    imports.stores.forEach((key, n) -> assertEquals(1, n.get(), key));
    assertEquals(items.get("member").size(), imports.members.size());
  }

  static Set<String> ids(List<JsonNode> list, String field) {
    Set<String> ids = new HashSet<>();
    list.forEach(n -> ids.add(n.get(field).asText()));
    return ids;
  }
}
