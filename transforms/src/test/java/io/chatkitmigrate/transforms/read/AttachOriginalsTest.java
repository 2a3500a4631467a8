package io.chatkitmigrate.transforms.read;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chatkitmigrate.schemas.Finding;
import io.chatkitmigrate.schemas.Source;
import io.chatkitmigrate.schemas.chatkit.ChatkitUser;
import io.chatkitmigrate.transforms.testing.Collected;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.zip.GZIPOutputStream;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.testing.TestPipelineExtension;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Records cross the pipeline without their text; a finding about one gets the text back from the
 * export, exactly as the reading saw it, whatever the file's layout.
 */
@ExtendWith(TestPipelineExtension.class)
class AttachOriginalsTest {
  @TempDir Path dir;

  private static String user(String id) {
    return "{\"id\":\""
        + id
        + "\",\"name\":\"Ü "
        + id
        + "\",\"created_at\":\"2020-01-01T00:00:00Z\"}";
  }

  /** A finding about each user, its detail the user's id, through {@link AttachOriginals}. */
  private static Collected<Finding> attachToEachUser(PCollection<ChatkitUser> users) {
    Collected<Finding> attached = Collected.create();
    users
        .apply(
            MapElements.into(TypeDescriptor.of(Finding.class))
                .via((ChatkitUser u) -> Finding.of("test", "users", u.source(), u.id())))
        .apply(new AttachOriginals())
        .apply(attached);
    return attached;
  }

  /** The records the findings got back, by the id of their user. */
  private static Map<String, String> byUserId(Collected<Finding> attached) {
    return attached.elements().stream()
        .collect(
            Collectors.toMap(
                Finding::detail, f -> String.valueOf(f.record()), (a, b) -> a, TreeMap::new));
  }

  @Test
  void anOriginalOverTheMaximumComesBackAsAnExcerptOnly() throws IOException {
    String big = "{\"id\":\"big\",\"name\":\"" + "é".repeat(4000) + "\"}";
    Path file = dir.resolve("users.ndjson");
    Files.writeString(
        file, user("a") + "\n" + big + "\n" + user("b") + "\n", StandardCharsets.UTF_8);
    long offset = user("a").getBytes(StandardCharsets.UTF_8).length + 1;
    List<Finding> findings =
        List.of(
            Finding.of("r", "users", new Source(file.toString(), 2, -1, offset, 0), "d"),
            Finding.of(
                "r",
                "users",
                new Source(
                    file.toString(),
                    3,
                    -1,
                    offset + big.getBytes(StandardCharsets.UTF_8).length + 1,
                    0),
                "d"));
    Map<Long, String> originals = AttachOriginals.read(file.toString(), findings, 2048);
    assertTrue(
        originals.get(2L).length() <= ChatkitRecordParser.EXCERPT_BYTES
            && big.startsWith(originals.get(2L)),
        originals.get(2L));
    assertEquals(user("b"), originals.get(3L));
    assertEquals(big, AttachOriginals.read(file.toString(), findings, 1 << 20).get(2L));
  }

  @Test
  void anArrayElementIsReadAgainFromWhereItStartsNotFromTheFilesStart(TestPipeline p)
      throws IOException {
    // Reading every group from the file's start made a large array's findings cost the array's
    // size again per group. Read, then spoil the file's head: only a seek still finds the rest.
    StringBuilder array = new StringBuilder("[\n");
    for (int i = 0; i < 500; i++) {
      array.append(i == 0 ? "" : ",\n").append("  ").append(user("u" + i));
    }
    Path file = dir.resolve("export/users-1.json");
    Files.createDirectories(file.getParent());
    Files.writeString(file, array.append("\n]\n"), StandardCharsets.UTF_8);
    Collected<ChatkitUser> read = Collected.create();
    p.apply(ReadExport.from(dir.resolve("export").toString())).get(ReadExport.USERS).apply(read);
    p.run().waitUntilFinish();
    List<Finding> late =
        read.elements().stream()
            .filter(u -> u.source().index() >= 400)
            .map(u -> Finding.of("test", "users", u.source(), u.id()))
            .toList();
    assertEquals(100, late.size());
    late.forEach(f -> assertTrue(f.offset() != null, "an array element's offset: " + f));

    byte[] bytes = Files.readAllBytes(file);
    Arrays.fill(bytes, 0, (int) (long) late.get(0).offset() - 1, (byte) 'x');
    Files.write(file, bytes);
    Map<Long, String> originals = AttachOriginals.read(file.toString(), late, 1 << 20);
    for (Finding f : late) {
      assertEquals(user(f.detail()), originals.get(f.index()), "the original of " + f.detail());
    }
  }

  @Test
  void everyRecordReadGetsItsOwnTextBackInEveryLayout(TestPipeline p) throws IOException {
    // NDJSON padded with blanks, CRLF and empty lines, split over several ranges; gzip; JSON
    // arrays.
    StringBuilder ndjson = new StringBuilder();
    for (int i = 0; i < 300; i++) {
      ndjson
          .append(i % 7 == 0 ? "  " : "")
          .append(user("n" + i))
          .append(i % 5 == 0 ? " \r\n" : "\n");
      if (i % 11 == 0) {
        ndjson.append("\n");
      }
    }
    Files.createDirectories(dir.resolve("export"));
    Files.writeString(dir.resolve("export/users-1.ndjson"), ndjson, StandardCharsets.UTF_8);
    gzip(dir.resolve("export/users-2.ndjson.gz"), user("g1") + "\n\n" + user("g2") + "\n");
    Files.writeString(
        dir.resolve("export/users-3.json"), "[\n  " + user("a1") + ",\n" + user("a2") + "\n]\n");
    gzip(dir.resolve("export/users-4.json.gz"), "[" + user("z1") + "," + user("z2") + "]");

    Collected<Finding> attached =
        attachToEachUser(
            p.apply(ReadExport.from(dir.resolve("export").toString()).withSplitBytes(4096))
                .get(ReadExport.USERS));
    p.run().waitUntilFinish();

    Map<String, String> byId = byUserId(attached);
    assertEquals(300 + 6, byId.size());
    byId.forEach((id, record) -> assertEquals(user(id), record, "the original of " + id));
  }

  @Test
  void recordsOfUtf16AndOfCutFilesGetTheirOwnTextBack(TestPipeline p) throws IOException {
    Files.createDirectories(dir.resolve("export"));
    Files.write(
        dir.resolve("export/users-1.ndjson"),
        ("\uFEFF" + user("le1") + "\n" + user("le2") + "\n" + user("le3") + "\n")
            .getBytes(StandardCharsets.UTF_16LE));
    Files.write(
        dir.resolve("export/users-2.json"),
        ("[" + user("be1") + ",\n" + user("be2") + "]").getBytes(StandardCharsets.UTF_16BE));
    StringBuilder many = new StringBuilder();
    Random random = new Random(7);
    for (int i = 0; i < 600; i++) {
      many.append(user("c" + i + "-" + Long.toHexString(random.nextLong()).repeat(6))).append('\n');
    }
    ByteArrayOutputStream gz = new ByteArrayOutputStream();
    try (OutputStream out = new GZIPOutputStream(gz)) {
      out.write(many.toString().getBytes(StandardCharsets.UTF_8));
    }
    Files.write(
        dir.resolve("export/users-3.ndjson.gz"),
        Arrays.copyOf(gz.toByteArray(), gz.size() * 3 / 4));

    Collected<Finding> attached =
        attachToEachUser(
            p.apply(ReadExport.from(dir.resolve("export").toString())).get(ReadExport.USERS));
    p.run().waitUntilFinish();

    Map<String, String> byId = byUserId(attached);
    assertTrue(
        byId.size() > 5 + 300, "the UTF-16 records and most of the cut file: " + byId.size());
    byId.forEach((id, record) -> assertEquals(user(id), record, "the original of " + id));
  }

  @Test
  void findingsThatCarryTheirTextOrHaveNoRecordPassUnchanged(TestPipeline p) {
    Finding rejectedWhileRead =
        Finding.of("malformed_json", "users", new Source("f.ndjson", 3, -1, 40, 5), "bad")
            .withRecord("{bad]");
    Finding aboutAFile = Finding.forFile("unreadable_file", "f.ndjson.gz", "corrupt");
    Collected<Finding> out = Collected.create();
    p.apply(Create.of(List.of(rejectedWhileRead, aboutAFile)))
        .apply(new AttachOriginals())
        .apply(out);
    p.run().waitUntilFinish();
    assertEquals(Set.of(rejectedWhileRead, aboutAFile), Set.copyOf(out.elements()));
    assertEquals(2, out.elements().size());
  }

  @Test
  void aRecordThatCannotBeFoundAgainIsStillWrittenAndSaysSo(TestPipeline p) throws IOException {
    Path file = dir.resolve("users.ndjson");
    Files.writeString(file, user("only") + "\n");
    Finding beyondTheEnd =
        Finding.of("test", "users", new Source(file.toString(), 9, -1, 4000, 10), "d");
    Finding gone =
        Finding.of(
            "test", "users", new Source(dir.resolve("gone.ndjson").toString(), 1, -1, 0, 10), "d");
    Collected<Finding> out = Collected.create();
    p.apply(Create.of(List.of(beyondTheEnd, gone))).apply(new AttachOriginals()).apply(out);
    p.run().waitUntilFinish();
    assertEquals(2, out.elements().size());
    for (Finding f : out.elements()) {
      assertNull(f.record());
      assertTrue(
          f.detail().startsWith("d (its original record could not be read again"), f.detail());
    }
  }

  private static void gzip(Path file, String text) throws IOException {
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
      out.write(text.getBytes(StandardCharsets.UTF_8));
    }
  }
}
