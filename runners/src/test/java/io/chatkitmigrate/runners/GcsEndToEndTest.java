package io.chatkitmigrate.runners;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chatkitmigrate.pipelines.generate.ExpectedCounts;
import io.chatkitmigrate.pipelines.generate.ExportGenerator;
import io.chatkitmigrate.pipelines.generate.GeneratorSettings;
import io.chatkitmigrate.schemas.Json;
import io.chatkitmigrate.transforms.testing.FakeGcs;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.NavigableMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * gs:// in, gs:// out, through Beam's GcsFileSystem against a local fake of the Cloud Storage API:
 * the items, findings and id map equal those of the same export migrated between local folders, on
 * the Direct runner and on an embedded Flink, for a sharded gzip NDJSON export read through a glob
 * and for an array export read as a folder.
 */
class GcsEndToEndTest {
  @TempDir static Path tmp;
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
  void directRunnerReadsAGlobOfGzipShardsAndWritesEverythingToGcs() throws IOException {
    assertSameOnGcsAsLocally(
        "ndjson",
        export(31).withFormat(false, true, 3),
        "gs://tenant/exports/ndjson/*",
        "out/direct/",
        "--runner=DirectRunner");
  }

  @Test
  void embeddedFlinkReadsAnArrayExportFolderAndWritesEverythingToGcs() throws IOException {
    assertSameOnGcsAsLocally(
        "array",
        export(32).withFormat(true, false, 2),
        "gs://tenant/exports/array",
        "out/flink/",
        "--runner=FlinkRunner",
        "--flinkMaster=[local]",
        "--parallelism=2");
  }

  /** An export with a hot room, bad lines, duplicates and messages in fragments. */
  private static GeneratorSettings export(long seed) {
    return GeneratorSettings.of(3000, seed).withHotRoom(800).withRates(0.01, 0.03, 0.05);
  }

  /**
   * Generates an export into {@code tmp/name}, puts it in the bucket tenant under {@code
   * exports/name/}, migrates it between local folders on the Direct runner, then from {@code input}
   * to {@code gs://tenant/output} on {@code runner}, and asserts that both wrote the same.
   */
  private static void assertSameOnGcsAsLocally(
      String name, GeneratorSettings settings, String input, String output, String... runner)
      throws IOException {
    Path generated = tmp.resolve(name);
    new ExportGenerator(settings).generate(generated, n -> {});
    upload(generated.resolve("export"), "tenant", "exports/" + name + "/");
    Path local =
        Migrations.migrate(
            generated.resolve("export"),
            tmp.resolve(name + "-local"),
            withGcs("--runner=DirectRunner"));
    migrateOnGcs(input, "gs://tenant/" + output, runner);
    assertSameOutput(local, "tenant", output, generated);
  }

  private static void upload(Path export, String bucket, String prefix) throws IOException {
    try (Stream<Path> files = Files.list(export)) {
      for (Path f : files.toList()) {
        gcs.put(
            bucket, prefix + f.getFileName(), Files.readAllBytes(f), "application/octet-stream");
      }
    }
  }

  /**
   * Every migration of this JVM gets the fake's settings, the local ones too. Beam's Flink runner
   * registers default options JVM-wide each time a task deserialises an Impulse source; before
   * {@code GcsSettingsCarrier}, one run in five of this class had a reading task reach the real
   * Cloud Storage in that moment.
   */
  private static String[] withGcs(String... runner) {
    List<String> args = new ArrayList<>(List.of(runner));
    args.addAll(gcs.beamArgs());
    return args.toArray(String[]::new);
  }

  private static void migrateOnGcs(String input, String output, String... runner) {
    int before = gcs.requests().size();
    Migrations.migrateArgs(input, output, withGcs(runner));
    List<String> made = gcs.requests().subList(before, gcs.requests().size());
    assertTrue(
        made.stream().anyMatch(r -> r.startsWith("GET /download/storage/v1/b/tenant/o/exports")),
        "read from GCS");
    assertTrue(
        made.stream().anyMatch(r -> r.startsWith("PUT /upload/storage/v1/b/tenant/o")),
        "wrote to GCS");
  }

  private static void assertSameOutput(Path local, String bucket, String prefix, Path generated)
      throws IOException {
    NavigableMap<String, FakeGcs.StoredObject> written = gcs.list(bucket, prefix);
    assertTrue(written.containsKey(prefix + "manifest.json"), written.keySet().toString());
    assertTrue(written.containsKey(prefix + "report.html"), written.keySet().toString());
    assertFalse(
        written.keySet().stream().anyMatch(n -> n.contains("/.work/") || n.contains(".temp-beam")),
        "scratch files left behind: " + written.keySet());

    List<String> importParts = new ArrayList<>();
    try (Stream<Path> parts = Files.list(local.resolve("import"))) {
      parts.map(p -> p.getFileName().toString()).sorted().forEach(importParts::add);
    }
    List<String> gcsParts =
        written.keySet().stream()
            .filter(n -> n.startsWith(prefix + "import/"))
            .map(n -> n.substring((prefix + "import/").length()))
            .sorted()
            .toList();
    assertEquals(importParts, gcsParts, "the same parts, in the same order");
    assertEquals(
        Migrations.sortedLines(local.resolve("import")), sortedLines(written, prefix + "import/"));
    for (String findings : List.of("rejected", "warnings")) {
      List<String> here = withFileNames(Migrations.sortedLines(local.resolve(findings)));
      assertFalse(here.isEmpty(), "the export has bad lines, so " + findings + " has findings");
      assertEquals(here, withFileNames(sortedLines(written, prefix + findings + "/")), findings);
    }
    assertEquals(
        Files.readString(local.resolve("id-map.ndjson")),
        text(written.get(prefix + "id-map.ndjson")));

    JsonNode expected = Json.tree(Files.readString(generated.resolve("expected.json")));
    JsonNode report = Json.tree(text(written.get(prefix + "report.json")));
    assertEquals(List.of(), ExpectedCounts.differences(expected, report));
  }

  private static List<String> sortedLines(
      NavigableMap<String, FakeGcs.StoredObject> written, String folder) {
    List<String> lines = new ArrayList<>();
    written
        .tailMap(folder, true)
        .forEach(
            (name, o) -> {
              if (name.startsWith(folder)) {
                text(o).lines().filter(l -> !l.isBlank()).forEach(lines::add);
              }
            });
    lines.sort(null);
    return lines;
  }

  /**
   * A finding names its source file in full; the two runs read the same files from different
   * places.
   */
  private static List<String> withFileNames(List<String> findings) {
    List<String> out = new ArrayList<>();
    for (String line : findings) {
      ObjectNode node = (ObjectNode) Json.tree(line);
      String source = node.path("source").asText();
      node.put("source", source.substring(source.lastIndexOf('/') + 1));
      out.add(node.toString());
    }
    out.sort(null);
    return out;
  }

  private static String text(FakeGcs.StoredObject o) {
    return new String(o.data(), StandardCharsets.UTF_8);
  }
}
