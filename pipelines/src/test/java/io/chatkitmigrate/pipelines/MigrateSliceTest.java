package io.chatkitmigrate.pipelines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.chatkitmigrate.pipelines.generate.ExportGenerator;
import io.chatkitmigrate.pipelines.generate.GeneratorSettings;
import io.chatkitmigrate.schemas.Json;
import io.chatkitmigrate.transforms.testing.StreamEmulator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A rehearsal on a slice: the chosen rooms with everything they need and nothing dangling, books
 * that add up over the slice, a report that says what it is a slice of; then uploaded and verified
 * like the whole.
 */
class MigrateSliceTest {
  @TempDir static Path dir;
  static Path export;

  @BeforeAll
  static void generate() throws IOException {
    new ExportGenerator(GeneratorSettings.of(3000, 21).withRates(0.0, 0.02, 0.02))
        .generate(dir.resolve("gen"), n -> {});
    export = dir.resolve("gen").resolve("export");
  }

  static String cid(JsonNode item) {
    return item.get("channel_type").asText() + ":" + item.get("channel_id").asText();
  }

  /** Every user, channel and creator an item names is an item of the same files. */
  static void nothingDangles(Runs run) throws IOException {
    Set<String> users = new HashSet<>();
    run.items("user").forEach(u -> users.add(u.get("id").asText()));
    Set<String> channels = new HashSet<>();
    for (JsonNode c : run.items("channel")) {
      channels.add(c.get("type").asText() + ":" + c.get("id").asText());
      assertTrue(users.contains(c.get("created_by").asText()), "creator of " + c);
    }
    for (JsonNode m : run.items("member")) {
      assertTrue(
          users.contains(m.get("user_id").asText()) && channels.contains(cid(m)), "member " + m);
    }
    for (JsonNode m : run.items("message")) {
      assertTrue(
          users.contains(m.get("user").asText()) && channels.contains(cid(m)), "message " + m);
    }
  }

  @Test
  void namedRoomsMigrateAloneWithTheirUsersAndVerifyCleanInTheEmulator() throws IOException {
    Set<String> chosen = new TreeSet<>();
    try (Stream<Path> files = Files.list(export)) {
      for (Path f :
          files.filter(f -> f.getFileName().toString().startsWith("rooms")).sorted().toList()) {
        for (String line : Files.readAllLines(f)) {
          JsonNode room = Json.tree(line);
          if (chosen.size() < 3
              && room.path("id").isTextual()
              && room.path("id").asText().startsWith("room-")
              && !room.has("deleted_at")) {
            chosen.add(room.get("id").asText());
          }
        }
      }
    }
    assertEquals(3, chosen.size());
    Path out = dir.resolve("rooms");
    Runs run =
        Runs.migrate(export, out, "--runner=DirectRunner", "--rooms=" + String.join(",", chosen));
    assertEquals(0, run.exit, run.toString());
    Set<String> ids = new TreeSet<>();
    run.items("channel").forEach(c -> ids.add(c.get("id").asText()));
    assertEquals(chosen, ids);
    nothingDangles(run);
    JsonNode report = run.report();
    assertEquals("the rooms " + String.join(", ", chosen), report.at("/slice/rooms").asText());
    assertEquals(export.toString(), report.at("/slice/of").asText());
    for (String entity : List.of("rooms", "messages", "users")) {
      assertTrue(
          report.at("/slice/outside_slice/" + entity).asLong() > 0,
          entity + ": " + report.get("slice"));
    }
    report
        .at("/accounting/entities")
        .forEach(l -> assertTrue(l.get("balances").asBoolean(), l.toString()));
    assertTrue(run.out.contains("a SLICE of"), run.out);

    Path secret = dir.resolve("secret");
    Files.writeString(secret, "slice-secret");
    try (StreamEmulator stream =
        StreamEmulator.start("k", "slice-secret").withImportStepMillis(10)) {
      Runs verified =
          Runs.cli(
              out,
              "upload",
              "--output=" + out,
              "--streamApiKey=k",
              "--streamApiSecretFile=" + secret,
              "--streamBaseUrl=" + stream.baseUrl(),
              "--importPollMillis=10",
              "--verify");
      assertEquals(0, verified.exit, verified.toString());
      assertTrue(verified.out.contains(": no difference"), verified.out);
      assertEquals(3, stream.channels.size());
      JsonNode verify = Json.tree(Files.readString(out.resolve("verify/report.json")));
      assertEquals(report.get("slice"), verify.get("slice"), "verify says it checked a slice");
    }
  }

  @Test
  void aSeededShareOfTheRoomsIsASliceThatStandsOnItsOwn() throws IOException {
    Path out = dir.resolve("share");
    Runs run = Runs.migrate(export, out, "--runner=DirectRunner", "--sampleRooms=0.3", "--seed=4");
    assertEquals(0, run.exit, run.toString());
    nothingDangles(run);
    long kept = run.items("channel").size();
    long left = run.report().at("/slice/outside_slice/rooms").asLong();
    assertTrue(kept > 0 && left > kept, kept + " kept, " + left + " left out");
    assertEquals(
        "a seeded share of 0.3 of the rooms (seed 4)", run.report().at("/slice/rooms").asText());
  }

  @Test
  void twoWaysOfChoosingIsAUsageError() {
    Runs run =
        Runs.migrate(
            export,
            dir.resolve("both"),
            "--runner=DirectRunner",
            "--rooms=room-1",
            "--sampleRooms=0.5");
    assertEquals(2, run.exit, run.toString());
  }
}
