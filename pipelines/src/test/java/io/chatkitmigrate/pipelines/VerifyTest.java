package io.chatkitmigrate.pipelines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chatkitmigrate.pipelines.generate.GeneratorSettings;
import io.chatkitmigrate.schemas.Json;
import io.chatkitmigrate.transforms.testing.StreamEmulator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code verify} against the local Stream emulator, on a real migration: clean after either sink;
 * every kind of difference, made by changing the emulator's app behind the verifier's back,
 * reported exactly once with its ids and nothing else; a sample; a killed run that continues; the
 * secret nowhere.
 */
class VerifyTest {
  static final String KEY = "verify-key";
  static final String SECRET = "verify-s3cret-never-printed";
  @TempDir static Path dir;
  static EmulatedApp app;
  StreamEmulator stream;

  @BeforeAll
  static void generateAndMigrate() throws IOException {
    GeneratorSettings settings =
        GeneratorSettings.of(3000, 11).withHotRoom(900).withRates(0.0, 0.02, 0.02);
    app = EmulatedApp.migrated(dir, settings, 300000, KEY, SECRET, 10);
  }

  @AfterEach
  void stop() {
    app.stop();
  }

  StreamEmulator emulator() throws IOException {
    stream = app.start(SECRET);
    return stream;
  }

  static JsonNode verifyReport(Path output) throws IOException {
    return Json.tree(Files.readString(output.resolve("verify/report.json")));
  }

  static List<JsonNode> differences(Path output) throws IOException {
    List<JsonNode> all = new ArrayList<>();
    for (String line : Files.readAllLines(output.resolve("verify/differences.ndjson"))) {
      all.add(Json.tree(line));
    }
    return all;
  }

  static long count(Parts files, String type) {
    return files.items(type).size();
  }

  /** The items of a folder's import parts, by type. */
  record Parts(Map<String, List<JsonNode>> byType) {
    static Parts of(Path output) throws IOException {
      Map<String, List<JsonNode>> byType = new HashMap<>();
      try (Stream<Path> parts = Files.list(output.resolve("import")).sorted()) {
        for (Path p : parts.toList()) {
          for (String line : Files.readAllLines(p)) {
            JsonNode item = Json.tree(line);
            byType
                .computeIfAbsent(item.get("type").asText(), t -> new ArrayList<>())
                .add(item.get("data"));
          }
        }
      }
      return new Parts(byType);
    }

    List<JsonNode> items(String type) {
      return byType.getOrDefault(type, List.of());
    }
  }

  /** No output file, no line printed holds the secret. */
  static void secretNowhere(Path output, Runs... runs) throws IOException {
    for (Runs r : runs) {
      assertFalse(r.out.contains(SECRET) || r.err.contains(SECRET), "secret printed");
    }
    try (Stream<Path> files = Files.walk(output)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        assertFalse(
            Files.readString(f, StandardCharsets.ISO_8859_1).contains(SECRET), "secret in " + f);
      }
    }
  }

  @Test
  void anImportedMigrationVerifiesCleanWithinTenPercentOfTheFewestCalls() throws IOException {
    emulator();
    Path copy = app.copy("import-clean");
    Runs run = app.command("upload", copy, "--verify");
    assertEquals(0, run.exit, run.toString());
    assertTrue(run.out.contains("verify: ") && run.out.contains(": no difference"), run.out);
    JsonNode report = verifyReport(copy);
    Parts files = Parts.of(copy);
    JsonNode checked = report.path("checked");
    assertEquals(count(files, "user"), checked.path("users").asLong());
    assertEquals(count(files, "channel"), checked.path("channels").asLong());
    assertEquals(count(files, "member"), checked.path("members").asLong());
    assertEquals(count(files, "member"), checked.path("read_states").asLong());
    assertEquals(count(files, "message"), checked.path("messages").asLong());
    assertEquals("exact", report.path("timestamps").asText());
    long calls = report.path("calls").path("total").asLong();
    long fewest = report.path("calls").path("fewest_possible").asLong();
    assertTrue(
        calls <= fewest * 1.1, calls + " calls, fewest " + fewest + ": " + report.path("calls"));
    assertTrue(
        report.path("calls").path("channel").asLong() > 0,
        "the hot room was paged: " + report.path("calls"));
    assertEquals(
        stream.readCalls().values().stream().mapToLong(Long::longValue).sum(),
        calls,
        "every call counted");
    assertTrue(Files.readString(copy.resolve("report.html")).contains("Verification in Stream"));
    secretNowhere(copy, run);
  }

  @Test
  void theRestSinkVerifiesCleanOnTheOrderOfMessages() throws IOException {
    emulator();
    Path out = dir.resolve("rest-clean");
    Runs run = app.migrate(out, "--sink=rest", "--verify");
    JsonNode report = verifyReport(out);
    assertEquals("rest", report.path("delivered_by").asText());
    assertEquals(0, run.exit, run + "\n" + report.path("examples"));
    assertTrue(run.out.contains(": no difference"), run.out);
    assertEquals(count(Parts.of(out), "channel"), report.path("checked").path("channels").asLong());
    secretNowhere(out, run);
  }

  @Test
  void eachKindOfDifferenceIsReportedOnceWithItsIdsAndNothingElse() throws IOException {
    emulator();
    Path copy = app.copy("differences");
    assertEquals(0, app.command("upload", copy).exit);
    Parts files = Parts.of(copy);
    // Channels with their members and messages, in order, to change one thing in each.
    Map<String, List<JsonNode>> membersOf = new TreeMap<>();
    Map<String, List<JsonNode>> messagesOf = new TreeMap<>();
    files
        .items("member")
        .forEach(m -> membersOf.computeIfAbsent(cid(m), c -> new ArrayList<>()).add(m));
    files
        .items("message")
        .forEach(m -> messagesOf.computeIfAbsent(cid(m), c -> new ArrayList<>()).add(m));
    List<String> cids = new ArrayList<>();
    membersOf.forEach(
        (cid, ms) -> {
          if (ms.size() >= 2 && messagesOf.getOrDefault(cid, List.of()).size() >= 3) {
            cids.add(cid);
          }
        });
    assertTrue(cids.size() >= 8, "enough channels: " + cids.size());
    Map<String, Set<String>> expected = new HashMap<>();

    JsonNode user = files.items("user").get(0);
    stream.remove("user", user.get("id").asText());
    expected.put("missing_user", Set.of("user=" + user.get("id").asText()));
    JsonNode other = files.items("user").get(1);
    assertTrue(other.has("name"), other.toString());
    stream.put("user", ((ObjectNode) other.deepCopy()).put("name", "Renamed behind its back"));
    expected.put("user_differs", Set.of("user=" + other.get("id").asText()));

    stream.remove("channel", cids.get(0));
    expected.put("missing_channel", Set.of("cid=" + cids.get(0)));
    ObjectNode channel = (ObjectNode) stream.channels.get(cids.get(1)).deepCopy();
    assertTrue(channel.has("name"), channel.toString());
    stream.put("channel", channel.put("name", "another name"));
    expected.put("channel_differs", Set.of("cid=" + cids.get(1)));

    JsonNode gone = membersOf.get(cids.get(2)).get(0);
    stream.remove("member", cids.get(2) + "/" + gone.get("user_id").asText());
    expected.put(
        "missing_member", Set.of("cid=" + cids.get(2) + ",user=" + gone.get("user_id").asText()));
    Set<String> inChannel = new HashSet<>();
    membersOf.get(cids.get(2)).forEach(m -> inChannel.add(m.get("user_id").asText()));
    String outsider =
        files.items("user").stream()
            .map(u -> u.get("id").asText())
            .filter(u -> !inChannel.contains(u) && !u.equals(user.get("id").asText()))
            .findFirst()
            .orElseThrow();
    String[] typeAndId = cids.get(2).split(":", 2);
    stream.put(
        "member",
        Json.MAPPER
            .createObjectNode()
            .put("channel_type", typeAndId[0])
            .put("channel_id", typeAndId[1])
            .put("user_id", outsider));
    expected.put("extra_member", Set.of("cid=" + cids.get(2) + ",user=" + outsider));

    JsonNode promoted = membersOf.get(cids.get(3)).get(0);
    String newRole =
        "channel_moderator".equals(promoted.path("channel_role").asText())
            ? "channel_member"
            : "channel_moderator";
    stream.put("member", ((ObjectNode) promoted.deepCopy()).put("channel_role", newRole));
    expected.put(
        "role_differs", Set.of("cid=" + cids.get(3) + ",user=" + promoted.get("user_id").asText()));

    // A message gone and one in its place at the same instant: unread counts stay as they were.
    JsonNode lost = messagesOf.get(cids.get(4)).get(1);
    stream.remove("message", lost.get("id").asText());
    stream.put("message", ((ObjectNode) lost.deepCopy()).put("id", "intruder"));
    expected.put(
        "missing_message", Set.of("cid=" + cids.get(4) + ",message=" + lost.get("id").asText()));
    expected.put("extra_message", Set.of("cid=" + cids.get(4) + ",message=intruder"));

    JsonNode twice = messagesOf.get(cids.get(5)).get(1);
    stream.showTwice(twice.get("id").asText());
    expected.put(
        "duplicate_message", Set.of("cid=" + cids.get(5) + ",message=" + twice.get("id").asText()));

    JsonNode edited = messagesOf.get(cids.get(6)).get(2);
    stream.put(
        "message",
        ((ObjectNode) stream.messages.get(edited.get("id").asText()).deepCopy())
            .put("text", "edited"));
    expected.put(
        "message_differs", Set.of("cid=" + cids.get(6) + ",message=" + edited.get("id").asText()));

    JsonNode reader = membersOf.get(cids.get(7)).get(0);
    stream.put("member", ((ObjectNode) reader.deepCopy()).put("last_read", "1970-01-01T00:00:00Z"));
    expected.put(
        "read_state_differs",
        Set.of("cid=" + cids.get(7) + ",user=" + reader.get("user_id").asText()));

    Runs run = app.command("verify", copy);
    assertEquals(1, run.exit, run.toString());
    Map<String, Set<String>> found = new HashMap<>();
    for (JsonNode d : differences(copy)) {
      List<String> ids = new ArrayList<>();
      d.path("ids")
          .fields()
          .forEachRemaining(e -> ids.add(e.getKey() + "=" + e.getValue().asText()));
      assertTrue(
          found
              .computeIfAbsent(d.path("kind").asText(), k -> new HashSet<>())
              .add(String.join(",", ids)),
          "reported twice: " + d);
    }
    assertEquals(expected, found);
    JsonNode report = verifyReport(copy);
    assertEquals(12, report.path("differences").path("total").asLong());
    for (String kind : expected.keySet()) {
      assertEquals(1, report.path("differences").path(kind).asLong(), kind);
      assertEquals(1, report.path("examples").path(kind).size(), kind);
    }
    assertTrue(run.out.contains("12 difference(s)"), run.out);
    assertFalse(
        stream.channels.containsKey(cids.get(0)), "reading never created the missing channel");
    secretNowhere(copy, run);
  }

  @Test
  void underServerErrorsRateLimitsAndDroppedConnectionsItRetriesAndStillFindsNoDifference()
      throws IOException {
    emulator();
    Path copy = app.copy("faults");
    assertEquals(0, app.command("upload", copy).exit);
    stream
        .withFaults(new StreamEmulator.Faults(0.08, 0.08, 0.03, 0.03, 0, 0, 17))
        .withRateLimit("query_channels", 300)
        .withRateLimit("channel", 300);
    Runs run = app.command("verify", copy, "--streamAttempts=12");
    assertEquals(0, run.exit, run.toString());
    assertTrue(run.out.contains(": no difference"), run.out);
    long counted = verifyReport(copy).path("calls").path("total").asLong();
    long answered = stream.readCalls().values().stream().mapToLong(Long::longValue).sum();
    // A call whose answer was lost after the work was done is answered twice and counted once.
    assertTrue(
        answered >= counted && answered <= counted * 1.2,
        answered + " answered, " + counted + " counted");
    assertTrue(
        stream.peakInFlight() <= 8,
        "--maxInFlight (8) bounds the requests: " + stream.peakInFlight());
  }

  @Test
  void aUsageErrorExitsTwo() throws IOException {
    emulator();
    Path copy = app.copy("usage");
    assertEquals(2, app.command("verify", copy, "--verify=most").exit);
    assertEquals(2, app.command("verify", copy, "--verify=sample", "--verifySample=0").exit);
    assertEquals(2, app.command("verify", dir.resolve("nothing-here")).exit);
    assertEquals(2, Runs.cli(copy, "verify", "--streamApiKey=" + KEY).exit, "no --output");
    List<String> noSink =
        new ArrayList<>(
            List.of(
                "migrate",
                "--input=" + app.export,
                "--output=" + dir.resolve("no-sink"),
                "--verify"));
    assertEquals(2, Runs.cli(copy, noSink.toArray(String[]::new)).exit, "--verify without a sink");
  }

  static String cid(JsonNode item) {
    return item.get("channel_type").asText() + ":" + item.get("channel_id").asText();
  }

  @Test
  void aSampleChecksAShareOfTheChannelsCompletelyAndEveryUser() throws IOException {
    emulator();
    Path copy = app.copy("sample");
    assertEquals(0, app.command("upload", copy).exit);
    Runs run =
        app.command("verify", copy, "--verify=sample", "--verifySample=0.3", "--verifySeed=5");
    assertEquals(0, run.exit, run.toString());
    JsonNode report = verifyReport(copy);
    Parts files = Parts.of(copy);
    long channels = count(files, "channel");
    long chosen = report.path("sample").path("channels_chosen").asLong();
    assertEquals(chosen, report.path("checked").path("channels").asLong());
    assertTrue(chosen > 0 && chosen < channels, chosen + " of " + channels);
    assertEquals(count(files, "user"), report.path("checked").path("users").asLong());
    assertTrue(run.out.contains("(sample: " + chosen + " of " + channels + " channels)"), run.out);
  }

  @Test
  void aKilledVerifyContinuesWhereItStopped() throws Exception {
    emulator();
    Path copy = app.copy("killed");
    assertEquals(0, app.command("upload", copy).exit);
    stream.withFaults(new StreamEmulator.Faults(0, 0, 0, 0, 1.0, 150, 3));
    Process process =
        app.startAlone(dir.resolve("verify-killed.log"), "verify", copy, "--maxInFlight=1");
    Path checked = copy.resolve("verify/checked.ndjson");
    long deadline = System.currentTimeMillis() + 60_000;
    while (System.currentTimeMillis() < deadline
        && process.isAlive()
        && (!Files.exists(checked) || Files.readAllLines(checked).isEmpty())) {
      Thread.sleep(20);
    }
    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    int doneWhenKilled =
        (int) Files.readAllLines(checked).stream().filter(l -> l.endsWith("}")).count();
    assertTrue(doneWhenKilled >= 1, Files.readString(dir.resolve("verify-killed.log")));
    assertFalse(Files.exists(copy.resolve("verify/report.json")), "killed before it finished");
    Thread.sleep(
        1000); // a slow call of the killed run still being answered lands before the count below
    long callsBefore = stream.readCalls().values().stream().mapToLong(Long::longValue).sum();

    stream.withFaults(StreamEmulator.Faults.none());
    Runs resumed = app.command("verify", copy);
    assertEquals(0, resumed.exit, resumed.toString());
    JsonNode report = verifyReport(copy);
    assertEquals(doneWhenKilled, report.path("resumed_units").asInt(), report.toString());
    Parts files = Parts.of(copy);
    assertEquals(
        count(files, "message"),
        report.path("checked").path("messages").asLong(),
        "nothing counted twice");
    assertEquals(count(files, "user"), report.path("checked").path("users").asLong());
    long callsAfter =
        stream.readCalls().values().stream().mapToLong(Long::longValue).sum() - callsBefore;
    assertTrue(
        callsAfter < report.path("calls").path("total").asLong(),
        "the resumed run did not start over: " + callsAfter + " of " + report.path("calls"));
  }
}
