package io.chatkitmigrate.pipelines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chatkitmigrate.transforms.testing.FakeGcs;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * On gs:// the lock is an object created only if absent, and a replacement leaves no scratch and no
 * stray removed.
 */
class OutputOnGcsTest {
  @TempDir static Path dir;
  static FakeGcs gcs;

  @BeforeAll
  static void start() throws IOException {
    gcs = FakeGcs.start();
  }

  @AfterAll
  static void stop() {
    gcs.close();
  }

  @Test
  void aHeldFolderIsRefusedAndAReplacementLeavesOnlyTheMigrationAndForeignObjects()
      throws IOException {
    Path export = dir.resolve("export");
    Files.createDirectories(export);
    Files.writeString(
        export.resolve("users.ndjson"),
        "{\"id\":\"ann\",\"name\":\"Ann\"}\n{\"id\":\"bob\",\"name\":\"Bob\"}\n");
    String out = "gs://tenant/out";
    gcs.put("tenant", "out/notes.txt", "mine".getBytes(StandardCharsets.UTF_8), "text/plain");

    Runs first = migrate(export, out);
    assertEquals(0, first.exit, first.toString());
    assertTrue(
        first.err.contains("left alone (not written by chatkit-migrate): notes.txt"), first.err);
    assertEquals(
        Set.of(
            "out/manifest.json",
            "out/report.json",
            "out/report.html",
            "out/id-map.ndjson",
            "out/import/part-00001.jsonl",
            "out/notes.txt"),
        objects(),
        "no lock, no scratch left");

    gcs.put(
        "tenant",
        "out/.lock",
        ("{\"run\":\"other\",\"host\":\"far-away\",\"pid\":7,\"started\":\"2026-12-06T07:00:00Z\"}")
            .getBytes(StandardCharsets.UTF_8),
        "application/json");
    Runs held = migrate(export, out, "--overwrite");
    assertEquals(2, held.exit, held.toString());
    assertTrue(
        held.err.contains(
            out
                + " is in use by another run (run other, started 2026-12-06T07:00:00Z on host"
                + " far-away, pid 7)"),
        held.err);

    Runs replaced = migrate(export, out, "--overwrite", "--breakLock");
    assertEquals(0, replaced.exit, replaced.toString());
    assertEquals(
        "mine", new String(gcs.get("tenant", "out/notes.txt").data(), StandardCharsets.UTF_8));
    assertEquals(
        Set.of(
            "out/manifest.json",
            "out/report.json",
            "out/report.html",
            "out/id-map.ndjson",
            "out/import/part-00001.jsonl",
            "out/notes.txt"),
        objects());
  }

  @Test
  void theLockObjectIsCreatedOnlyIfAbsentAndRemovedOnlyByItsHolder() throws IOException {
    PipelineOptions options =
        PipelineOptionsFactory.fromArgs(gcs.beamArgs().toArray(String[]::new)).create();
    OutputLock.Place place = OutputLock.placeFor("gs://tenant/locked/", options);
    byte[] mine = "mine".getBytes(StandardCharsets.UTF_8);
    assertTrue(place.createIfAbsent(mine));
    assertFalse(place.createIfAbsent("theirs".getBytes(StandardCharsets.UTF_8)), "412: it exists");
    place.deleteIf("theirs".getBytes(StandardCharsets.UTF_8));
    assertEquals(
        "mine",
        new String(place.read().orElseThrow(), StandardCharsets.UTF_8),
        "not theirs to remove");
    place.deleteIf(mine);
    assertTrue(place.read().isEmpty());
    assertTrue(place.createIfAbsent(mine), "free again");
  }

  private static Set<String> objects() {
    Set<String> names = new TreeSet<>(gcs.list("tenant", "out/").keySet());
    names.removeIf(n -> n.startsWith("out/rejected/") || n.startsWith("out/warnings/"));
    return names;
  }

  private static Runs migrate(Path export, String out, String... extra) {
    List<String> args = new ArrayList<>(List.of("migrate", "--input=" + export, "--output=" + out));
    args.addAll(gcs.beamArgs());
    args.addAll(List.of(extra));
    return Runs.cli(null, args.toArray(String[]::new));
  }
}
