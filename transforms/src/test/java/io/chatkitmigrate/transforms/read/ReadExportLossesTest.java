package io.chatkitmigrate.transforms.read;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.luben.zstd.ZstdInputStream;
import com.github.luben.zstd.ZstdOutputStream;
import io.chatkitmigrate.schemas.Finding;
import io.chatkitmigrate.schemas.chatkit.ChatkitUser;
import io.chatkitmigrate.transforms.read.ReadExportTest.Read;
import io.chatkitmigrate.transforms.testing.Collected;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.apache.beam.sdk.io.fs.MetadataCoderV2;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.testing.TestPipelineExtension;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTagList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 23: every record of the input is read once, and every loss is reported where it happens.
 */
@ExtendWith(TestPipelineExtension.class)
class ReadExportLossesTest {
  @TempDir Path dir;

  static String user(int i) {
    return "{\"id\":\"u"
        + i
        + "\",\"name\":\"User "
        + i
        + "\",\"created_at\":\"2020-01-01T00:00:00Z\"}";
  }

  static String users(int from, int to) {
    StringBuilder s = new StringBuilder();
    for (int i = from; i <= to; i++) {
      s.append(user(i)).append('\n');
    }
    return s.toString();
  }

  @Test
  void contentAfterAnArraysClosingBracketIsRejectedWithItsLine(TestPipeline p) throws IOException {
    write(
        "users.json", "[\n" + user(1) + ",\n" + user(2) + "\n]\n" + user(3) + "\n\n  garbage ]\n");
    Read read = new Read(p, "Tail", ReadExport.from(dir.toString()));
    PipelineResult result = p.run();
    result.waitUntilFinish();

    assertEquals(List.of("u1", "u2"), ids(read));
    Map<Long, Finding> byLine =
        read.rejected.elements().stream().collect(Collectors.toMap(Finding::line, f -> f));
    assertEquals(List.of(5L, 7L), new ArrayList<>(new TreeMap<>(byLine).keySet()));
    assertEquals("content_after_array", byLine.get(5L).reason());
    assertEquals("users", byLine.get(5L).entity());
    assertEquals(user(3), byLine.get(5L).record(), "the original text travels along");
    assertEquals("garbage ]", byLine.get(7L).record());
    assertEquals(
        4L, ReadExportTest.counter(result, "read_users"), "two records and two rejected lines");
    assertEquals(2L, ReadExportTest.counter(result, "rejected_users_content_after_array"));
  }

  @Test
  void anArrayThatIsNeverClosedWasCutShortAndSaysSo(TestPipeline p) throws IOException {
    write("afterComma/users.json", "[\n" + user(1) + ",\n" + user(2) + ",\n");
    write("insideRecord/users.json", "[\n" + user(1) + ",\n" + user(2).substring(0, 20));
    Read afterComma =
        new Read(p, "AfterComma", ReadExport.from(dir.resolve("afterComma").toString()));
    Read insideRecord =
        new Read(p, "InsideRecord", ReadExport.from(dir.resolve("insideRecord").toString()));
    p.run().waitUntilFinish();

    assertEquals(List.of("u1", "u2"), ids(afterComma));
    assertEquals(
        List.of("unreadable_file"),
        afterComma.rejected.elements().stream().map(Finding::reason).toList());
    assertTrue(
        afterComma.rejected.elements().get(0).detail().contains("never closed"),
        afterComma.rejected.elements().get(0).detail());
    assertEquals(List.of("u1"), ids(insideRecord));
    Map<String, Finding> byReason =
        insideRecord.rejected.elements().stream()
            .collect(Collectors.toMap(Finding::reason, f -> f));
    assertEquals(Set.of("unreadable_file", "truncated_record"), byReason.keySet());
    assertEquals(3L, byReason.get("truncated_record").line());
    assertEquals(user(2).substring(0, 20), byReason.get("truncated_record").record());
  }

  @Test
  void aTruncatedGzipOrZstdKeepsEveryCompleteLineAndReportsTheCut(TestPipeline p)
      throws IOException {
    // Lines that do not compress to nothing, so the cut falls after several zstd blocks.
    Random random = new Random(23);
    StringBuilder s = new StringBuilder();
    for (int i = 1; i <= 968; i++) {
      s.append(
              user(i)
                  .replace(
                      "User " + i,
                      "User " + i + " " + Long.toHexString(random.nextLong()).repeat(20)))
          .append('\n');
    }
    byte[] text = s.toString().getBytes(StandardCharsets.UTF_8);
    byte[] gz = cut(compress(text, GZIPOutputStream::new));
    byte[] zst = cut(compress(text, ZstdOutputStream::new));
    writeBytes("gz/users.ndjson.gz", gz);
    writeBytes("zst/users.ndjson.zst", zst);
    Read gzRead = new Read(p, "Gz", ReadExport.from(dir.resolve("gz").toString()));
    Read zstRead = new Read(p, "Zst", ReadExport.from(dir.resolve("zst").toString()));
    PipelineResult result = p.run();
    result.waitUntilFinish();

    Map<Read, Long> decodable =
        Map.of(
            gzRead, decodableBytes(new GZIPInputStream(new ByteArrayInputStream(gz))),
            zstRead, decodableBytes(new ZstdInputStream(new ByteArrayInputStream(zst))));
    for (Read read : List.of(gzRead, zstRead)) {
      List<Finding> cuts =
          read.rejected.elements().stream().filter(f -> f.entity().equals("file")).toList();
      assertEquals(1, cuts.size(), read.rejected.elements().toString());
      Finding cut = cuts.get(0);
      assertEquals("unreadable_file", cut.reason());
      long readable = decodable.get(read);
      long complete = lines(text, readable);
      assertTrue(complete > 400, "most of the file is before the cut: " + complete);
      assertEquals(
          ids(1, (int) complete),
          ids(read),
          "every complete line before the cut, each once: " + cut.detail());
      // Decoders may differ by the bytes of one unfinished code; the complete lines they yield may
      // not.
      long reported =
          Long.parseLong(cut.detail().replaceAll(".*decompressed byte (\\d+),.*", "$1"));
      assertTrue(
          reported <= readable && lines(text, reported) == complete,
          readable + ": " + cut.detail());
      assertTrue(cut.detail().contains(", in line " + (complete + 1)), cut.detail());
      List<Finding> partial =
          read.rejected.elements().stream().filter(f -> f.entity().equals("users")).toList();
      assertTrue(partial.size() <= 1, partial.toString());
      for (Finding f : partial) {
        assertEquals("truncated_record", f.reason());
        assertEquals(complete + 1, f.line());
        assertTrue(
            f.record().length() > 0
                && s.toString().split("\n")[(int) complete].startsWith(f.record()),
            f.record());
      }
    }
    long read = ReadExportTest.counter(result, "read_users");
    long rejected = ReadExportTest.counter(result, "rejected_users_truncated_record");
    assertEquals(
        gzRead.users.elements().size() + zstRead.users.elements().size() + rejected,
        read,
        "read = accepted + rejected for users; the cut itself is a finding about the file");
    assertEquals(2L, ReadExportTest.counter(result, "file_rejected_unreadable_file"));
  }

  /** Three quarters of the compressed bytes, as a copy interrupted mid-way leaves them. */
  private static byte[] cut(byte[] compressed) {
    return Arrays.copyOf(compressed, compressed.length * 3 / 4);
  }

  /**
   * How many bytes a decoder yields, one byte a call, before the cut stops it: independent of the
   * reader.
   */
  private static long decodableBytes(InputStream in) {
    long n = 0;
    try (in) {
      while (in.read() >= 0) {
        n++;
      }
    } catch (IOException e) {
      // the cut
    }
    return n;
  }

  private static long lines(byte[] text, long bytes) {
    long lines = 0;
    for (int i = 0; i < bytes; i++) {
      if (text[i] == '\n') {
        lines++;
      }
    }
    return lines;
  }

  @Test
  void utf16AndUtf32ExportsAreDecodedByTheirByteOrderMark(TestPipeline p) throws IOException {
    String ndjson = "\uFEFF" + users(1, 3).replace("User 2", "Zoë 😀");
    writeBytes("16le/users.ndjson", ndjson.getBytes(StandardCharsets.UTF_16LE));
    writeBytes(
        "16be/users.json",
        ("\uFEFF[" + user(1) + ",\n" + user(2) + "]").getBytes(StandardCharsets.UTF_16BE));
    writeBytes(
        "32le/users.ndjson.gz",
        compress(ndjson.getBytes(Charset.forName("UTF-32LE")), GZIPOutputStream::new));
    writeBytes("16nobom/users.ndjson", users(1, 2).getBytes(StandardCharsets.UTF_16LE));
    Read le = new Read(p, "Le", ReadExport.from(dir.resolve("16le").toString()).withSplitBytes(40));
    Read be = new Read(p, "Be", ReadExport.from(dir.resolve("16be").toString()));
    Read le32 = new Read(p, "Le32", ReadExport.from(dir.resolve("32le").toString()));
    Read noBom = new Read(p, "NoBom", ReadExport.from(dir.resolve("16nobom").toString()));
    p.run().waitUntilFinish();

    assertEquals(List.of("u1", "u2", "u3"), ids(le));
    assertEquals(
        "Zoë 😀",
        le.users.elements().stream()
            .filter(u -> u.id().equals("u2"))
            .findFirst()
            .orElseThrow()
            .name());
    assertEquals(
        List.of(2L),
        le.users.elements().stream()
            .filter(u -> u.id().equals("u2"))
            .map(u -> u.source().line())
            .toList());
    assertEquals(List.of("u1", "u2"), ids(be));
    assertEquals(List.of("u1", "u2", "u3"), ids(le32));
    assertEquals(
        List.of("u1", "u2"),
        ids(noBom),
        "JSON text starts with ASCII, so its zero bytes tell UTF-16 without a BOM");
    for (Read r : List.of(le, be, le32, noBom)) {
      assertEquals(List.of(), r.rejected.elements());
    }
  }

  @Test
  void aBadUtf16SequenceRejectsOnlyItsRecord(TestPipeline p) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    bytes.write(("\uFEFF" + user(1) + "\n").getBytes(StandardCharsets.UTF_16LE));
    bytes.write("{\"id\":\"".getBytes(StandardCharsets.UTF_16LE));
    bytes.write(new byte[] {0x00, (byte) 0xD8}); // a lone high surrogate
    bytes.write(("\"}\n" + user(3) + "\n").getBytes(StandardCharsets.UTF_16LE));
    writeBytes("users.ndjson", bytes.toByteArray());
    Read read = new Read(p, "Lone", ReadExport.from(dir.toString()));
    p.run().waitUntilFinish();

    assertEquals(List.of("u1", "u3"), ids(read));
    assertEquals(List.of(2L), read.rejected.elements().stream().map(Finding::line).toList());
    assertEquals("malformed_json", read.rejected.elements().get(0).reason());
  }

  @Test
  void symlinkLoopsAreReadOnceAndLinksOutOfTheInputAreSaid(TestPipeline p) throws IOException {
    Path export = dir.resolve("export");
    write("export/users.ndjson", users(1, 7));
    write("export/2020/messages-0.ndjson", "");
    write(
        "elsewhere/rooms.ndjson",
        """
        {"id":"r","created_by_id":"u1","name":"R","created_at":"2020-01-01T00:00:00Z"}
        """);
    Files.createSymbolicLink(export.resolve("self"), Path.of("."));
    Files.createSymbolicLink(export.resolve("up"), Path.of(".."));
    Files.createSymbolicLink(export.resolve("2020/again"), Path.of("../2020"));
    Files.createSymbolicLink(export.resolve("users-copy.ndjson"), Path.of("users.ndjson"));
    Files.createSymbolicLink(export.resolve("rooms"), dir.resolve("elsewhere"));
    Read read = new Read(p, "Loops", ReadExport.from(export.toString()));
    long started = System.nanoTime();
    p.run().waitUntilFinish();

    assertTrue(System.nanoTime() - started < 60e9, "bounded time");
    assertEquals(ids(1, 7), ids(read), "each real file once");
    assertEquals(List.of("r"), read.rooms.elements().stream().map(r -> r.id()).toList());
    Map<String, String> warnings =
        read.warnings.elements().stream()
            .collect(
                Collectors.toMap(
                    f -> Path.of(f.source()).getFileName().toString(), Finding::reason));
    assertEquals(
        Map.of(
            "self",
            "link_loop",
            "up",
            "link_loop",
            "again",
            "link_loop",
            "users-copy.ndjson",
            "link_already_read",
            "rooms",
            "link_outside_input"),
        warnings);
    assertEquals(List.of(), read.rejected.elements());
  }

  @Test
  void aFileThatCannotBeReadIsAFindingNotACrash(TestPipeline p) throws IOException {
    write("users.ndjson", users(1, 2));
    Files.createSymbolicLink(
        dir.resolve("users-00001-of-00002.ndjson"), dir.resolve("nowhere.ndjson"));
    Read read = new Read(p, "Dangling", ReadExport.from(dir.toString()));
    PipelineResult result = p.run();
    result.waitUntilFinish();

    assertEquals(List.of("u1", "u2"), ids(read));
    List<Finding> rejected = read.rejected.elements();
    assertEquals(List.of("unreadable_file"), rejected.stream().map(Finding::reason).toList());
    assertEquals("file", rejected.get(0).entity());
    assertTrue(rejected.get(0).source().endsWith("users-00001-of-00002.ndjson"));
    assertEquals(1L, ReadExportTest.counter(result, "file_rejected_unreadable_file"));
  }

  @Test
  void anInputThatDoesNotExistIsAFindingNotAnEmptyExport(TestPipeline p) {
    String input = dir.resolve("nonexistent-export").toString();
    Read read = new Read(p, "Nothing", ReadExport.from(input));
    PipelineResult result = p.run();
    result.waitUntilFinish();

    assertEquals(
        List.of("unreadable_file"),
        read.rejected.elements().stream().map(Finding::reason).toList());
    assertEquals(input, read.rejected.elements().get(0).source());
    assertEquals(1L, ReadExportTest.counter(result, "file_rejected_unreadable_file"));
  }

  @Test
  void aFileThatVanishesBeforeItIsPlannedIsAFinding(TestPipeline p) throws IOException {
    Path gone = dir.resolve("users.ndjson");
    MatchResult.Metadata file =
        MatchResult.Metadata.builder()
            .setResourceId(FileSystems.matchNewResource(gone.toString(), false))
            .setSizeBytes(100)
            .setIsReadSeekEfficient(true)
            .setLastModifiedMillis(0)
            .build();
    PCollectionTuple plan =
        p.apply(Create.of(List.of(file)).withCoder(MetadataCoderV2.of()))
            .apply(
                ParDo.of(new PlanReadsFn(1 << 20))
                    .withOutputTags(
                        PlanReadsFn.RANGES,
                        TupleTagList.of(PlanReadsFn.FILE_WARNINGS).and(PlanReadsFn.FILE_REJECTED)));
    Collected<Finding> rejected = Collected.create();
    plan.get(PlanReadsFn.FILE_REJECTED).apply(rejected);
    p.run().waitUntilFinish();

    assertEquals(
        List.of("unreadable_file"), rejected.elements().stream().map(Finding::reason).toList());
    assertEquals(gone.toString(), rejected.elements().get(0).source());
  }

  private static List<String> ids(Read read) {
    return read.users.elements().stream()
        .map(ChatkitUser::id)
        .sorted(
            (a, b) ->
                Integer.compare(Integer.parseInt(a.substring(1)), Integer.parseInt(b.substring(1))))
        .toList();
  }

  private static List<String> ids(int from, int to) {
    List<String> ids = new ArrayList<>();
    for (int i = from; i <= to; i++) {
      ids.add("u" + i);
    }
    return ids;
  }

  private void write(String relative, String text) throws IOException {
    writeBytes(relative, text.getBytes(StandardCharsets.UTF_8));
  }

  private void writeBytes(String relative, byte[] bytes) throws IOException {
    Path file = dir.resolve(relative);
    Files.createDirectories(file.getParent());
    Files.write(file, bytes);
  }

  interface StreamWrapper {
    OutputStream wrap(OutputStream out) throws IOException;
  }

  private static byte[] compress(byte[] bytes, StreamWrapper wrapper) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (OutputStream compressed = wrapper.wrap(out)) {
      compressed.write(bytes);
    }
    return out.toByteArray();
  }
}
