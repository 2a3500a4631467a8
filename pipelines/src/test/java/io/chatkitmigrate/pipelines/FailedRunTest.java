package io.chatkitmigrate.pipelines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run that fails its checks never replaces a migration that passed them: its output goes to
 * failed/ beside it; a later good run takes the folder and clears failed/. A failed migration is
 * never uploaded.
 */
class FailedRunTest {
  @TempDir Path tmp;

  static final String GOOD = "{\"ok\": true}";
  static final String BAD = "{\"ok\": false}";

  @BeforeAll
  static void fileSystems() {
    FileSystems.setDefaultPipelineOptions(PipelineOptionsFactory.create());
  }

  @Test
  void aFailedRunKeepsTheGoodMigrationAndPutsItsOwnOutputInFailed() throws Exception {
    Path out = tmp.resolve("out");
    write(
        out,
        Map.of(
            "manifest.json",
            "good manifest",
            "report.json",
            GOOD,
            "import/part-00001.jsonl",
            "good"));
    write(out, Map.of("failed/notes.txt", "mine"));

    try (OutputFolder folder = OutputFolder.claim(options(out), quiet())) {
      Layout staged = folder.staging();
      write(
          Path.of(staged.root()),
          Map.of(
              "manifest.json",
              "bad manifest",
              "report.json",
              BAD,
              "import/part-00001.jsonl",
              "bad"));
      Layout placed = folder.place(staged, false);
      assertEquals(Layout.of(out + "/failed").root(), placed.root());
    }
    assertEquals(GOOD, Files.readString(out.resolve("report.json")));
    assertEquals("good", Files.readString(out.resolve("import/part-00001.jsonl")));
    assertEquals(BAD, Files.readString(out.resolve("failed/report.json")));
    assertEquals("bad", Files.readString(out.resolve("failed/import/part-00001.jsonl")));

    try (OutputFolder folder = OutputFolder.claim(options(out), quiet())) {
      Layout staged = folder.staging();
      write(
          Path.of(staged.root()),
          Map.of(
              "manifest.json",
              "newer manifest",
              "report.json",
              GOOD,
              "import/part-00001.jsonl",
              "newer"));
      assertEquals(folder.target(), folder.place(staged, true));
    }
    assertEquals("newer", Files.readString(out.resolve("import/part-00001.jsonl")));
    assertFalse(
        Files.exists(out.resolve("failed/report.json")),
        "the failed run's output goes with a newer run");
    assertEquals(
        "mine", Files.readString(out.resolve("failed/notes.txt")), "only the tool's own files");
  }

  @Test
  void aFailedRunReplacesAMigrationThatFailedToo() throws Exception {
    Path out = tmp.resolve("out");
    write(
        out, Map.of("manifest.json", "old", "report.json", BAD, "import/part-00001.jsonl", "old"));
    try (OutputFolder folder = OutputFolder.claim(options(out), quiet())) {
      Layout staged = folder.staging();
      write(
          Path.of(staged.root()),
          Map.of("manifest.json", "new", "report.json", BAD, "import/part-00001.jsonl", "new"));
      assertEquals(folder.target(), folder.place(staged, false));
    }
    assertEquals("new", Files.readString(out.resolve("import/part-00001.jsonl")));
    assertFalse(Files.exists(out.resolve("failed")));
  }

  @Test
  void aMigrationThatFailedItsChecksIsNotUploaded() throws Exception {
    Path out = tmp.resolve("out");
    write(out, Map.of("manifest.json", "m", "report.json", BAD, "import/part-00001.jsonl", "p"));
    UsageException refused =
        assertThrows(
            UsageException.class,
            () ->
                OutputFolder.holdForUpload(
                    PipelineOptionsFactory.create(), out.toString(), quiet()));
    assertTrue(refused.getMessage().contains("failed its checks"), refused.getMessage());
    assertFalse(Files.exists(out.resolve(OwnFiles.LOCK)), "the lock is released");
  }

  @Test
  void anUploadOfAFolderThatDoesNotExistSaysSoInOneLine() {
    Path missing = tmp.resolve("no-such-migration");
    UsageException refused =
        assertThrows(
            UsageException.class,
            () ->
                OutputFolder.holdForUpload(
                    PipelineOptionsFactory.create(), missing.toString(), quiet()));
    assertEquals(
        missing + " does not exist: name the output folder of a finished migration",
        refused.getMessage());
    assertFalse(Files.exists(missing), "nothing is created for it");
  }

  private static MigrateOptions options(Path out) {
    return PipelineOptionsFactory.fromArgs("--output=" + out, "--overwrite")
        .as(MigrateOptions.class);
  }

  private static PrintStream quiet() {
    return new PrintStream(new ByteArrayOutputStream());
  }

  private static void write(Path root, Map<String, String> files) throws IOException {
    for (Map.Entry<String, String> f : files.entrySet()) {
      Path p = root.resolve(f.getKey());
      Files.createDirectories(p.getParent());
      Files.writeString(p, f.getValue());
    }
  }
}
