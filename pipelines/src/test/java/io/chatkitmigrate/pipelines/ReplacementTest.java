package io.chatkitmigrate.pipelines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A replacement stopped between any two of its changes leaves the old migration, or one the next
 * run completes.
 */
class ReplacementTest {
  @TempDir Path tmp;

  static final Map<String, String> OLD =
      Map.of(
          "manifest.json",
          "old manifest",
          "report.json",
          "old report",
          "report.html",
          "old html",
          "import/part-00001.jsonl",
          "old 1",
          "import/part-00002.jsonl",
          "old 2",
          "rejected/rejected-00000-of-00001.ndjson",
          "old rejected",
          "upload-state.json",
          "old upload state");
  static final Map<String, String> NEW =
      Map.of(
          "manifest.json",
          "new manifest",
          "report.json",
          "new report",
          "report.html",
          "new html",
          "import/part-00001.jsonl",
          "new 1",
          "warnings/warnings-00000-of-00002.ndjson",
          "new warnings",
          "warnings/warnings-00001-of-00002.ndjson",
          "more");
  static final Map<String, String> STRAYS =
      Map.of("notes.txt", "mine", "import/mine.txt", "mine too");

  @BeforeAll
  static void fileSystems() {
    FileSystems.setDefaultPipelineOptions(PipelineOptionsFactory.create());
  }

  @Test
  void stoppedAtEveryStepTheFolderHoldsOneWholeMigrationOnceTheNextRunHasLooked()
      throws IOException {
    int stopAt = 0;
    while (true) {
      Path root = tmp.resolve("stop-" + stopAt);
      write(root, OLD);
      write(root, STRAYS);
      write(root.resolve(".work/run-x"), NEW);
      int limit = stopAt;
      int[] steps = {0};
      Replacement stopping =
          new Replacement(
              root.toString(),
              () -> {
                if (steps[0]++ == limit) {
                  throw new IOException("killed");
                }
              });
      try {
        stopping.commit(
            ".work/run-x/",
            List.copyOf(new TreeMap<>(NEW).keySet()),
            List.copyOf(new TreeMap<>(OLD).keySet()));
        assertEquals(with(NEW), contents(root), "a replacement that ran through");
        assertFalse(Files.exists(root.resolve(".work")), "no scratch left");
        break;
      } catch (IOException killed) {
        Map<String, String> atTheStop = contents(root);
        if (atTheStop.containsKey("report.json")) {
          assertTrue(
              atTheStop.equals(with(OLD)) || atTheStop.equals(with(NEW)),
              "a report.json in place means its whole migration is, stopped at step "
                  + stopAt
                  + ": "
                  + atTheStop);
        }
      }
      boolean pending = new Replacement(root.toString()).finishPending();
      assertEquals(pending ? with(NEW) : with(OLD), contents(root), "stopped at step " + stopAt);
      assertEquals(pending, stopAt >= 2, "the journal is the commit point: aside, then renamed");
      stopAt++;
    }
    assertTrue(stopAt > 12, "every change was a place to stop: " + stopAt);
  }

  @Test
  void onlyTheToolsOwnNamesAreItsFiles() {
    for (String own :
        List.of(
            "manifest.json",
            "report.json",
            "report.html",
            "id-map.ndjson",
            "upload-state.json",
            "upload-state.json.next",
            "import/part-00001.jsonl",
            "import/part-123456.jsonl",
            "rejected/rejected-00000-of-00003.ndjson",
            "rejected/delivery-00002-of-00003.ndjson",
            "warnings/warnings-00000-of-00001.ndjson")) {
      assertTrue(OwnFiles.ofAMigration(own), own);
      assertFalse(OwnFiles.foreign(own), own);
    }
    for (String foreign :
        List.of(
            "import/mine.txt",
            "rejected/old.ndjson",
            "import/part-1.jsonl",
            "README.txt",
            "manifest.json.bak",
            "warnings/warnings.ndjson",
            "sub/manifest.json")) {
      assertFalse(OwnFiles.ofAMigration(foreign), foreign);
      assertTrue(OwnFiles.foreign(foreign), foreign);
    }
    assertFalse(OwnFiles.foreign(".lock"));
    assertFalse(OwnFiles.foreign(".lock-123.next"));
    // What verify wrote about a migration goes with it: a new migration must not inherit its
    // journal.
    assertTrue(OwnFiles.ofAMigration("verify/checked.ndjson"));
    assertTrue(OwnFiles.ofAMigration("verify/report.json"));
    assertTrue(OwnFiles.foreign("verify/notes.txt"));
    assertFalse(OwnFiles.foreign(".work/run-1/import/part-00001.jsonl"));
  }

  @Test
  void partsThatHoldOtherItemsThanCountedAreNamed() {
    Books counted =
        new Books(
            Map.of(),
            Map.of("user", 3L, "channel", 1L, "message", 49965L),
            Map.of(),
            Map.of(),
            Map.of(),
            Map.of(),
            Map.of(),
            Map.of(),
            Map.of());
    assertEquals(
        List.of("message: 49965 counted, 0 in the parts"),
        counted.itemDifferences(Map.of("user", 3L, "channel", 1L)));
    assertEquals(
        List.of("member: 0 counted, 2 in the parts"),
        counted.itemDifferences(
            Map.of("user", 3L, "channel", 1L, "message", 49965L, "member", 2L)));
    assertEquals(
        List.of(), counted.itemDifferences(Map.of("user", 3L, "channel", 1L, "message", 49965L)));
  }

  private static Map<String, String> with(Map<String, String> migration) {
    Map<String, String> all = new TreeMap<>(migration);
    all.putAll(STRAYS);
    return all;
  }

  private static void write(Path root, Map<String, String> files) throws IOException {
    for (Map.Entry<String, String> f : files.entrySet()) {
      Files.createDirectories(root.resolve(f.getKey()).getParent());
      Files.writeString(root.resolve(f.getKey()), f.getValue());
    }
  }

  /** The folder as a reader sees it: every file but the tool's scratch. */
  private static Map<String, String> contents(Path root) throws IOException {
    Map<String, String> found = new TreeMap<>();
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : walk.filter(Files::isRegularFile).toList()) {
        String name = root.relativize(p).toString();
        if (!name.startsWith(".work/")) {
          found.put(name, Files.readString(p));
        }
      }
    }
    return found;
  }
}
