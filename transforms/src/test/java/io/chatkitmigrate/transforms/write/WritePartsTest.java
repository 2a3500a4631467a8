package io.chatkitmigrate.transforms.write;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.ResourceId;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.testing.TestPipelineExtension;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Parts written by the workers from item shards and named by the launcher: Stream's order across
 * the whole sequence, never over the bound, described exactly, only reported files named.
 */
@ExtendWith(TestPipelineExtension.class)
class WritePartsTest {
  static final List<String> TYPES = List.of("user", "channel", "member", "message");
  static final long MAX = 200;

  @TempDir Path dir;

  @Test
  void workersWriteThePartsAndTheLauncherOnlyNamesThem(TestPipeline p) throws Exception {
    List<KV<String, String>> shards = new ArrayList<>();
    List<String> expected = new ArrayList<>();
    int n = 0;
    // Shards listed out of order: the type order and the file names give the sequence.
    for (String type : List.of("message", "member", "user", "channel")) {
      for (int shard = 0; shard < 3; shard++) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 12; i++) {
          text.append("{\"type\":\"").append(type).append("\",\"n\":").append(n++).append("}\n");
        }
        Path file = dir.resolve("items/" + TYPES.indexOf(type) + "-" + type + "/items-" + shard);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
        shards.add(KV.of(type, file.toString()));
      }
    }
    for (String type : TYPES) {
      for (int shard = 0; shard < 3; shard++) {
        Path file = dir.resolve("items/" + TYPES.indexOf(type) + "-" + type + "/items-" + shard);
        expected.addAll(Files.readAllLines(file));
      }
    }
    PCollection<String> reports =
        p.apply(Create.of(shards).withCoder(KvCoder.of(StringUtf8Coder.of(), StringUtf8Coder.of())))
            .apply(new WriteParts(TYPES, dir.resolve("work/parts/parts").toString(), MAX, 3));
    WriteLineFiles.plan(dir.resolve("work/tmp").toString())
        .add("PartsWritten", reports, dir.resolve("work/written/written").toString(), ".jsonl")
        .write("WriteReports");
    p.run().waitUntilFinish();
    // A file of a retried attempt: never reported, so never named.
    Files.writeString(dir.resolve("work/parts/parts-00000-leftover-00000.jsonl"), "{\"x\":1}\n");

    List<WrittenPart> reported = ImportParts.reported(dir.resolve("work/written/written") + "*");
    assertTrue(
        reported.stream().map(WrittenPart::run).distinct().count() == 3,
        "three runs written side by side: " + reported);
    ImportParts naming = new ImportParts(dir.toString());
    List<String> announced = new ArrayList<>();
    naming.onPartClosed(part -> announced.add(part.name()));
    List<ImportParts.Part> parts = naming.place(reported);

    assertEquals(parts.stream().map(ImportParts.Part::name).toList(), announced);
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < parts.size(); i++) {
      ImportParts.Part part = parts.get(i);
      assertEquals(String.format("part-%05d.jsonl", i + 1), part.name());
      byte[] bytes = Files.readAllBytes(Path.of(naming.location(part)));
      assertTrue(bytes.length <= MAX && bytes[bytes.length - 1] == '\n', part.toString());
      assertEquals(bytes.length, part.bytes());
      assertEquals(
          HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)),
          part.sha256());
      List<String> own = new String(bytes, StandardCharsets.UTF_8).lines().toList();
      for (String type : TYPES) {
        long count = own.stream().filter(l -> l.contains("\"" + type + "\"")).count();
        assertEquals(count, part.counts().getOrDefault(type, 0L), part + " " + type);
      }
      lines.addAll(own);
    }
    assertEquals(expected, lines, "every item once, in Stream's order");
    // Writing the whole sequence in one would take ceil(bytes / MAX) parts or a few more; each
    // further run may cost one more.
    long oneSequence = partsInOneSequence(dir.resolve("again"));
    assertTrue(
        parts.size() <= oneSequence + 2, parts.size() + " parts, " + oneSequence + " in one");
    try (Stream<Path> named = Files.list(dir.resolve("import"))) {
      assertEquals(parts.size(), named.count(), "only reported parts are named");
    }
    assertTrue(Files.exists(dir.resolve("work/parts/parts-00000-leftover-00000.jsonl")));
  }

  @Test
  void aRunWithAPartMissingIsRefused() throws IOException {
    WrittenPart first = new WrittenPart(0, 0, dir.resolve("a").toString(), 1, "x", Map.of());
    WrittenPart third = new WrittenPart(0, 2, dir.resolve("c").toString(), 1, "x", Map.of());
    WrittenPart next = new WrittenPart(1, 1, dir.resolve("d").toString(), 1, "x", Map.of());
    ImportParts naming = new ImportParts(dir.toString());
    assertEquals(
        "part 1 of run 0 was not reported by the workers",
        assertThrows(IOException.class, () -> naming.place(List.of(third, first))).getMessage());
    assertEquals(
        "part 0 of run 1 was not reported by the workers",
        assertThrows(IOException.class, () -> naming.place(List.of(first, next))).getMessage());
  }

  @Test
  void aPartReportedTwiceIsRefused() throws IOException {
    WrittenPart one = new WrittenPart(0, 0, dir.resolve("a").toString(), 1, "x", Map.of());
    assertThrows(IOException.class, () -> new ImportParts(dir.toString()).place(List.of(one, one)));
  }

  /** The parts one writer cuts from every shard in order: the fewest the bound allows. */
  private long partsInOneSequence(Path into) throws IOException {
    Files.createDirectories(into);
    PartWriter writer =
        new PartWriter(
            MAX,
            sequence ->
                FileSystems.matchNewResource(into.resolve("p-" + sequence).toString(), false),
            written -> {});
    try (writer) {
      for (String type : TYPES) {
        for (ResourceId shard :
            LineFiles.sorted(
                dir.resolve("items/" + TYPES.indexOf(type) + "-" + type) + "/items-*")) {
          try (InputStream in = Channels.newInputStream(FileSystems.open(shard))) {
            writer.copyLines(type, in);
          }
        }
      }
    }
    return writer.written().size();
  }
}
