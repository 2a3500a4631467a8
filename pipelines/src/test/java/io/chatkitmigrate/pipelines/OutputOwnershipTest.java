package io.chatkitmigrate.pipelines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.chatkitmigrate.schemas.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An output folder belongs to one run at a time, and a run never destroys what it replaces: a
 * second run into a held folder is refused, a run killed during --overwrite leaves the previous
 * migration whole, an unfinished migration is named as such, files the tool did not write are left
 * alone, and an output that cannot be written is refused before any work.
 */
class OutputOwnershipTest {
  @TempDir static Path dir;
  static Path export;

  @BeforeAll
  static void writeExport() throws IOException {
    export = dir.resolve("export");
    Files.createDirectories(export);
    Files.writeString(
        export.resolve("users.ndjson"),
        "{\"id\":\"ann\",\"name\":\"Ann\",\"created_at\":\"2020-01-01T00:00:00Z\"}\n"
            + "{\"id\":\"bob\",\"name\":\"Bob\",\"created_at\":\"2020-01-01T00:00:00Z\"}\n");
    Files.writeString(
        export.resolve("rooms.json"),
        """
        [{"id":"r1","created_by_id":"ann","name":"R","private":false,\
        "member_user_ids":["ann","bob"],"created_at":"2020-01-01T00:00:00Z"}]
        """);
    StringBuilder messages = new StringBuilder();
    for (int id = 1; id <= 300; id++) {
      messages.append(
          """
          {"id":%s,"room_id":"r1","sender_id":"%s","created_at":"2020-03-25T12:00:00Z",\
          "parts":[{"part_type":"inline","payload":{"type":"text/plain","content":"m%s"}}]}
          """
              .formatted(id, id % 2 == 0 ? "bob" : "ann", id));
    }
    Files.writeString(export.resolve("messages.ndjson"), messages);
  }

  @Test
  void aSecondRunIntoAnOutputInUseIsRefusedAndLeavesItAlone() throws Exception {
    Path out = dir.resolve("shared");
    Files.createDirectories(out);
    StringBuilder notes = new StringBuilder();
    // The first run: a live process (this one) holds the folder through the same lock a migrate run
    // takes.
    OutputLock.Attempt first =
        OutputLock.acquire(
            OutputLock.placeFor(Layout.of(out.toString()).root(), PipelineOptionsFactory.create()),
            "first-run",
            false,
            notes);
    try {
      Runs second = Runs.migrate(export, out);
      assertEquals(2, second.exit, second.toString());
      assertEquals(1, second.err.strip().lines().count(), second.err);
      assertTrue(
          second.err.contains(out + " is in use by another run (run first-run, started "),
          second.err);
      assertTrue(
          second.err.contains(
              ", pid "
                  + ProcessHandle.current().pid()
                  + "); if that run is dead, remove "
                  + out.resolve(".lock")
                  + " or pass --breakLock"),
          second.err);
      assertEquals(
          List.of(".lock"), Layout.filesUnder(out.toString()), "the refused run wrote nothing");
    } finally {
      first.lock().close();
    }
    Runs after = Runs.migrate(export, out);
    assertEquals(0, after.exit, after.toString());
    assertEquals(300, after.items("message").size());
    JsonNode report = after.report();
    assertEquals(
        report.path("accounting").path("items"),
        Json.tree(Files.readString(out.resolve("manifest.json"))).path("totals").path("items"),
        "the parts hold exactly the items the run counted");
    assertEquals(0, report.path("parts_differ_from_counts").size());
    assertFalse(Files.exists(out.resolve(".lock")), "the lock is released");
  }

  @Test
  void uploadRefusesAFolderARunHoldsAndAnUnfinishedMigration() throws Exception {
    Path out = dir.resolve("to-upload");
    assertEquals(0, Runs.migrate(export, out).exit);
    OutputLock.Attempt running =
        OutputLock.acquire(
            OutputLock.placeFor(Layout.of(out.toString()).root(), PipelineOptionsFactory.create()),
            "still-running",
            false,
            new StringBuilder());
    try {
      Runs held = Runs.cli(out, "upload", "--output=" + out, "--streamApiKey=key");
      assertEquals(2, held.exit, held.toString());
      assertTrue(held.err.contains(out + " is in use by another run (run still-running"), held.err);
    } finally {
      running.lock().close();
    }
    Files.delete(out.resolve("report.json"));
    Runs unfinished = Runs.cli(out, "upload", "--output=" + out, "--streamApiKey=key");
    assertEquals(2, unfinished.exit, unfinished.toString());
    assertEquals(
        "chatkit-migrate upload: "
            + out
            + " holds an unfinished migration (manifest.json without report.json:"
            + " its run stopped before the end); run migrate again with --overwrite, then upload",
        unfinished.err.strip());
    assertFalse(Files.exists(out.resolve(".lock")), "the refused upload released the folder");
  }

  @Test
  void aLockNamingALiveRunIsOnlyBrokenWhenAsked() throws Exception {
    Path out = dir.resolve("broken-lock");
    Files.createDirectories(out);
    // A lock from another host cannot be proved stale: it holds until --breakLock.
    Files.writeString(
        out.resolve(".lock"),
        "{\"run\":\"elsewhere\",\"host\":\"another-host\",\"pid\":1,"
            + "\"started\":\"2026-01-01T00:00:00Z\"}\n");
    Runs refused = Runs.migrate(export, out);
    assertEquals(2, refused.exit, refused.toString());
    assertTrue(
        refused.err.contains(
            "is in use by another run (run elsewhere, started 2026-01-01T00:00:00Z on host"
                + " another-host, pid 1)"),
        refused.err);
    Runs broken = Runs.migrate(export, out, "--breakLock");
    assertEquals(0, broken.exit, broken.toString());
    assertTrue(broken.err.contains("broke the lock of run elsewhere"), broken.err);
    assertFalse(Files.exists(out.resolve(".lock")));
  }

  @Test
  void aRunKilledDuringOverwriteLeavesThePreviousMigrationWhole() throws Exception {
    Path out = dir.resolve("killed");
    assertEquals(0, Runs.migrate(export, out).exit);
    Map<String, String> before = hashes(out);
    assertTrue(
        before.containsKey("manifest.json") && before.containsKey("import/part-00001.jsonl"),
        before.toString());

    Process run =
        new ProcessBuilder(javaCommand(out, "--overwrite"))
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("killed-run.log").toFile())
            .start();
    try {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
      while (filesUnder(out.resolve(".work")) < 3) {
        assertTrue(
            run.isAlive(),
            "the run ended before it could be killed: "
                + Files.readString(dir.resolve("killed-run.log")));
        assertTrue(System.nanoTime() < deadline, "the run never started its work");
        Thread.sleep(5);
      }
    } finally {
      run.destroyForcibly().waitFor(60, TimeUnit.SECONDS);
    }
    Map<String, String> after = hashes(out);
    assertEquals(before, after, "the previous migration is untouched by the killed run");

    Runs next = Runs.migrate(export, out, "--overwrite");
    assertEquals(0, next.exit, next.toString());
    assertTrue(next.err.contains("is no longer running"), next.err);
    assertTrue(next.err.contains("unfinished work"), next.err);
    assertFalse(Files.exists(out.resolve(".work")), "no scratch left");
    assertFalse(Files.exists(out.resolve(".lock")), "no lock left");
    assertEquals(300, next.items("message").size());
  }

  @Test
  void aMigrationWithoutItsReportIsNamedUnfinished() throws IOException {
    Path out = dir.resolve("unfinished");
    assertEquals(0, Runs.migrate(export, out).exit);
    Files.delete(out.resolve("report.json"));
    Runs again = Runs.migrate(export, out);
    assertEquals(2, again.exit, again.toString());
    assertEquals(
        "chatkit-migrate migrate: "
            + out
            + " holds an unfinished migration (manifest.json without report.json:"
            + " its run stopped before the end); pass --overwrite to run it again from the start",
        again.err.strip());
    Runs overwritten = Runs.migrate(export, out, "--overwrite");
    assertEquals(0, overwritten.exit, overwritten.toString());
    assertTrue(Files.exists(out.resolve("report.json")));
  }

  @Test
  void filesTheToolDidNotWriteAreLeftAloneAndNamed() throws IOException {
    Path out = dir.resolve("strays");
    Files.createDirectories(out.resolve("import"));
    Files.createDirectories(out.resolve("rejected"));
    Files.writeString(out.resolve("import/mine.txt"), "my notes");
    Files.writeString(out.resolve("rejected/old.ndjson"), "{\"kept\":true}\n");
    Files.writeString(out.resolve("README.txt"), "the customer's folder");
    Runs first = Runs.migrate(export, out);
    assertEquals(0, first.exit, first.toString());
    assertTrue(
        first.err.contains(
            "left alone (not written by chatkit-migrate): README.txt, import/mine.txt,"
                + " rejected/old.ndjson"),
        first.err);
    Runs second = Runs.migrate(export, out, "--overwrite");
    assertEquals(0, second.exit, second.toString());
    assertEquals("my notes", Files.readString(out.resolve("import/mine.txt")));
    assertEquals("{\"kept\":true}\n", Files.readString(out.resolve("rejected/old.ndjson")));
    assertEquals("the customer's folder", Files.readString(out.resolve("README.txt")));
    assertTrue(Files.exists(out.resolve("import/part-00001.jsonl")));
  }

  @Test
  void anOutputThatIsAFileIsRefusedBeforeAnyWork() throws IOException {
    Path file = dir.resolve("a-file");
    Files.writeString(file, "not a folder");
    Runs r = Runs.migrate(export, file);
    assertEquals(2, r.exit, r.toString());
    assertEquals(
        "chatkit-migrate migrate: --output " + file + " is a file, not a folder", r.err.strip());
    assertEquals("not a folder", Files.readString(file));
  }

  @Test
  void anOutputUnderAFileIsRefusedBeforeAnyWork() throws IOException {
    Path file = dir.resolve("another-file");
    Files.writeString(file, "not a folder");
    Runs r = Runs.migrate(export, file.resolve("out"));
    assertEquals(2, r.exit, r.toString());
    assertEquals(
        "chatkit-migrate migrate: --output "
            + file.resolve("out")
            + " cannot be created: "
            + file
            + " is a file, not a folder",
        r.err.strip());
  }

  /** The same command line in a JVM of its own, so that it can really be killed. */
  static List<String> javaCommand(Path out, String... extra) {
    List<String> args = new ArrayList<>(List.of("migrate", "--input=" + export, "--output=" + out));
    args.addAll(List.of(extra));
    return Runs.inItsOwnJvm(args);
  }

  static long filesUnder(Path folder) throws IOException {
    if (!Files.isDirectory(folder)) {
      return 0;
    }
    try (Stream<Path> walk = Files.walk(folder)) {
      return walk.filter(Files::isRegularFile).count();
    } catch (IOException | UncheckedIOException e) {
      return 0; // the run moved or removed something while it was counted
    }
  }

  /** Every file of the folder (but the run's scratch and lock) to its SHA-256. */
  static Map<String, String> hashes(Path folder) throws Exception {
    Map<String, String> hashes = new TreeMap<>();
    try (Stream<Path> walk = Files.walk(folder)) {
      for (Path p : walk.filter(Files::isRegularFile).toList()) {
        String name = folder.relativize(p).toString();
        if (!name.startsWith(".work") && !name.equals(".lock")) {
          hashes.put(
              name,
              HexFormat.of()
                  .formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(p))));
        }
      }
    }
    return hashes;
  }
}
