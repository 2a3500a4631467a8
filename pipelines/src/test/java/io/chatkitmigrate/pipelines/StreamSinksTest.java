package io.chatkitmigrate.pipelines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chatkitmigrate.pipelines.generate.GeneratorSettings;
import io.chatkitmigrate.pipelines.sink.ImportUpload;
import io.chatkitmigrate.schemas.Json;
import io.chatkitmigrate.transforms.testing.StreamEmulator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sinks' promises at small scale, against the local Stream emulator: uploads resume without a
 * second import task, and a wrong secret, an unknown channel type and a file Stream refuses each
 * end with a clear message, a non-zero exit, and nothing counted as delivered that was not. The
 * secret appears nowhere.
 */
class StreamSinksTest {
  static final String KEY = "test-key";
  static final String SECRET = "s3cret-that-must-not-leak";
  @TempDir static Path dir;
  static EmulatedApp app;
  StreamEmulator stream;

  @BeforeAll
  static void generateAndMigrate() throws IOException {
    app =
        EmulatedApp.migrated(
            dir, GeneratorSettings.of(3000, 5).withRates(0.0, 0.02, 0.02), 200000, KEY, SECRET, 20);
  }

  @AfterEach
  void stop() {
    app.stop();
  }

  StreamEmulator emulator(String secret) throws IOException {
    stream = app.start(secret);
    return stream;
  }

  Runs upload(Path output) {
    return app.command("upload", output);
  }

  static int parts(Path output) throws IOException {
    try (Stream<Path> files = Files.list(output.resolve("import"))) {
      return (int) files.count();
    }
  }

  @Test
  void uploadSendsThePartsInOrderOnceEachAndARerunDoesNothing() throws IOException {
    emulator(SECRET);
    Path copy = app.copy("upload-once");
    Runs first = upload(copy);
    assertEquals(0, first.exit, first.toString());
    int parts = parts(copy);
    assertTrue(parts >= 3, "several parts: " + parts);
    List<String> paths = stream.taskPaths();
    assertEquals(parts, paths.size());
    for (int i = 0; i < parts; i++) {
      assertTrue(paths.get(i).endsWith(String.format("part-%05d.jsonl", i + 1)), paths.toString());
    }
    assertEquals(itemCount(copy, "message"), stream.messages.size());
    assertEquals(itemCount(copy, "user"), stream.users.size());

    Runs again = upload(copy);
    assertEquals(0, again.exit, again.toString());
    assertEquals(parts, stream.taskPaths().size(), "nothing sent twice");
    assertFalse(first.out.contains(SECRET) || first.err.contains(SECRET));
  }

  @Test
  void migrateWithTheImportSinkUploadsWhatItWroteOnceItSucceeded() throws IOException {
    emulator(SECRET);
    Path out = dir.resolve("migrate-and-upload");
    Runs run = app.migrate(out, "--sink=import-api", "--maxPartBytes=400000");
    assertEquals(0, run.exit, run.toString());
    assertTrue(run.out.contains("part(s) imported into Stream, in order"), run.out);
    assertEquals(parts(out), stream.taskPaths().size());
    assertEquals(itemCount(out, "message"), stream.messages.size());
    assertEquals(itemCount(out, "member"), stream.members.size());
  }

  @Test
  void aRunKilledMidwayResumesWithoutASecondTaskForAnyPart() throws Exception {
    emulator(SECRET).withImportStepMillis(400);
    Path copy = app.copy("upload-killed");
    Process process = app.startAlone(dir.resolve("killed.log"), "upload", copy);
    long deadline = System.currentTimeMillis() + 60_000;
    while (stream.taskPaths().size() < 2
        && System.currentTimeMillis() < deadline
        && process.isAlive()) {
      Thread.sleep(20);
    }
    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    int tasksWhenKilled = stream.taskPaths().size();
    assertTrue(
        tasksWhenKilled >= 2 && tasksWhenKilled < parts(copy),
        "killed midway: "
            + tasksWhenKilled
            + " tasks; "
            + Files.readString(dir.resolve("killed.log")));

    stream.withImportStepMillis(20);
    Runs resumed = upload(copy);
    assertEquals(0, resumed.exit, resumed.toString());
    assertEquals(parts(copy), stream.taskPaths().size());
    assertEquals(parts(copy), stream.taskPaths().stream().distinct().count(), "one task per part");
  }

  @Test
  void aTaskCreatedJustBeforeADeathIsFoundByItsPathNotCreatedAgain() throws IOException {
    emulator(SECRET);
    Path copy = app.copy("upload-window");
    assertEquals(0, upload(copy).exit);
    int parts = parts(copy);
    // The state as a run leaves it when killed after POST /imports answered and before the id was
    // saved.
    Path statePath = copy.resolve(ImportUpload.STATE_FILE);
    ObjectNode state = (ObjectNode) Json.tree(Files.readString(statePath));
    ObjectNode last =
        (ObjectNode) state.get("parts").get(String.format("import/part-%05d.jsonl", parts));
    last.remove(List.of("task_id", "state"));
    Files.writeString(statePath, state.toString());

    Runs again = upload(copy);
    assertEquals(0, again.exit, again.toString());
    assertEquals(parts, stream.taskPaths().size(), "the task was found among the app's tasks");
  }

  @Test
  void anUploadThatFailsForAWhileIsSentAgainAndOneRefusedIsNot() throws IOException {
    emulator(SECRET).withUploadFailures(503, 0, 500, 429);
    Path copy = app.copy("upload-flaky");
    Runs flaky = upload(copy);
    assertEquals(0, flaky.exit, flaky.toString());
    assertEquals(parts(copy), stream.taskPaths().size());
    assertEquals(
        parts(copy) + 4, uploadsTried(), "each failed upload tried again, each good one once");
    assertEquals(itemCount(copy, "message"), stream.messages.size());
    stream.close();

    emulator(SECRET).withUploadFailures(403);
    Path refused = app.copy("upload-forbidden");
    Runs run = upload(refused);
    assertEquals(1, run.exit, run.toString());
    assertTrue(run.err.contains("answered HTTP 403"), run.toString());
    assertEquals(1, uploadsTried(), "a refusal is not tried again");
    assertEquals(List.of(), stream.taskPaths());
  }

  long uploadsTried() {
    return stream.log().stream().filter(l -> l.startsWith("PUT /upload/")).count();
  }

  @Test
  void aWrongSecretStopsBeforeAnyWorkWithAClearMessage() throws IOException {
    emulator("the-app's-real-secret");
    Runs run = app.migrate(dir.resolve("wrong-secret"), "--sink=rest");
    assertEquals(1, run.exit, run.toString());
    assertTrue(run.err.contains("Stream refused the credentials of api key " + KEY), run.err);
    assertTrue(run.err.contains("signature is not valid"), run.err);
    assertTrue(stream.users.isEmpty() && stream.messages.isEmpty());
    assertFalse(
        Files.exists(dir.resolve("wrong-secret").resolve("manifest.json")), "no work was done");
    assertFalse(run.err.contains(SECRET) || run.out.contains(SECRET));

    Runs upload = upload(app.copy("upload-wrong-secret"));
    assertEquals(1, upload.exit);
    assertTrue(upload.err.contains("Stream refused the credentials"), upload.err);
    assertTrue(stream.taskPaths().isEmpty());
  }

  @Test
  void anUnknownChannelTypeIsRefusedAndNothingOfItCountsAsDelivered() throws IOException {
    emulator(SECRET);
    Path out = dir.resolve("unknown-type");
    Runs run = app.migrate(out, "--sink=rest", "--publicChannelType=townhall");
    assertEquals(1, run.exit, run.toString());
    assertTrue(run.out.contains("were refused by Stream"), run.out);

    List<JsonNode> refused = new ArrayList<>();
    try (Stream<Path> files = Files.list(out.resolve("rejected"))) {
      for (Path f : files.filter(p -> p.getFileName().toString().startsWith("delivery")).toList()) {
        for (String line : Files.readAllLines(f)) {
          refused.add(Json.tree(line));
        }
      }
    }
    long townhallChannels =
        run.items("channel").stream()
            .filter(c -> c.get("type").asText().equals("townhall"))
            .count();
    assertTrue(townhallChannels > 0);
    assertTrue(
        refused.stream()
            .anyMatch(
                f ->
                    f.get("entity").asText().equals("channel")
                        && f.get("detail")
                            .asText()
                            .contains("channel type \\\"townhall\\\" does not exist")),
        refused.toString());
    assertTrue(stream.channels.keySet().stream().noneMatch(c -> c.startsWith("townhall:")));

    JsonNode delivery = run.report().get("accounting").get("delivery");
    assertEquals(townhallChannels, delivery.get("channel").get("rejected").asLong());
    assertEquals(
        stream.channels.size(),
        delivery.get("channel").get("sent").asLong(),
        "sent = what Stream holds");
    assertEquals(
        stream.messages.size(),
        delivery.get("message").get("sent").asLong()
            + delivery.get("message").get("already_there").asLong());
    for (String file : List.of("report.json", "manifest.json", "report.html")) {
      assertFalse(Files.readString(out.resolve(file)).contains(SECRET), file);
    }
    FindingLines.assertEveryCountHasItsLines(out);
  }

  @Test
  void aFileStreamRefusesStopsTheUploadThereAndPrintsItsErrors() throws IOException {
    emulator(SECRET).withChannelTypes(Set.of("messaging"));
    Path copy = app.copy("upload-refused");
    Runs run = upload(copy);
    assertEquals(1, run.exit, run.toString());
    assertTrue(run.out.contains("ended analyzing_failed"), run.out);
    assertTrue(run.out.contains("channel type \"livestream\" does not exist"), run.out);
    assertTrue(run.out.contains("the parts after it were not sent"), run.out);
    int failedAt = stream.taskPaths().size();
    assertTrue(failedAt < parts(copy), "stopped at the refused part");
    JsonNode state =
        Json.tree(Files.readString(copy.resolve(ImportUpload.STATE_FILE))).get("parts");
    long completed = 0;
    for (JsonNode p : state) {
      completed += p.path("state").asText().equals("completed") ? 1 : 0;
    }
    assertEquals(failedAt - 1, completed, "only the parts Stream completed are marked completed");
  }

  static long itemCount(Path output, String type) throws IOException {
    long n = 0;
    try (Stream<Path> files = Files.list(output.resolve("import"))) {
      for (Path f : files.toList()) {
        n +=
            Files.readAllLines(f).stream()
                .filter(l -> l.startsWith("{\"type\":\"" + type + "\""))
                .count();
      }
    }
    return n;
  }
}
