package io.chatkitmigrate.transforms.read;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.luben.zstd.ZstdOutputStream;
import io.chatkitmigrate.schemas.Finding;
import io.chatkitmigrate.schemas.Json;
import io.chatkitmigrate.schemas.chatkit.ChatkitCursor;
import io.chatkitmigrate.schemas.chatkit.ChatkitMessage;
import io.chatkitmigrate.schemas.chatkit.ChatkitRole;
import io.chatkitmigrate.schemas.chatkit.ChatkitRoom;
import io.chatkitmigrate.schemas.chatkit.ChatkitUser;
import io.chatkitmigrate.schemas.chatkit.ChatkitUserRole;
import io.chatkitmigrate.schemas.chatkit.MessagePart;
import io.chatkitmigrate.transforms.testing.Collected;
import io.chatkitmigrate.transforms.testing.CounterSums;
import io.chatkitmigrate.transforms.testing.Fixtures;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.testing.TestPipelineExtension;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(TestPipelineExtension.class)
class ReadExportTest {
  @TempDir Path dir;

  /** Every output of one read, gathered for assertions after the run. */
  static final class Read {
    final Collected<ChatkitUser> users = Collected.create();
    final Collected<ChatkitRoom> rooms = Collected.create();
    final Collected<ChatkitMessage> messages = Collected.create();
    final Collected<ChatkitCursor> cursors = Collected.create();
    final Collected<ChatkitRole> roles = Collected.create();
    final Collected<ChatkitUserRole> userRoles = Collected.create();
    final Collected<Finding> rejected = Collected.create();
    final Collected<Finding> warnings = Collected.create();

    Read(TestPipeline p, String name, ReadExport read) {
      PCollectionTuple out = p.apply(name, read);
      out.get(ReadExport.USERS).apply(name + "Users", users);
      out.get(ReadExport.ROOMS).apply(name + "Rooms", rooms);
      out.get(ReadExport.MESSAGES).apply(name + "Messages", messages);
      out.get(ReadExport.CURSORS).apply(name + "Cursors", cursors);
      out.get(ReadExport.ROLES).apply(name + "Roles", roles);
      out.get(ReadExport.USER_ROLES).apply(name + "UserRoles", userRoles);
      out.get(ReadExport.REJECTED).apply(name + "Rejected", rejected);
      out.get(ReadExport.WARNINGS).apply(name + "Warnings", warnings);
    }

    /**
     * All records, each as JSON without its source, so reads of differently laid-out files compare.
     */
    List<String> contents() {
      List<String> all = new ArrayList<>();
      for (Collected<?> c : List.of(users, rooms, messages, cursors, roles, userRoles)) {
        for (Object record : c.elements()) {
          ObjectNode node = Json.MAPPER.valueToTree(record);
          node.remove("source");
          all.add(record.getClass().getSimpleName() + node);
        }
      }
      all.sort(null);
      return all;
    }
  }

  @Test
  void readsPushersSampleExportWhole(TestPipeline p) {
    Read read = new Read(p, "Sample", ReadExport.from(Fixtures.pusherSample().toString()));
    p.run().waitUntilFinish();

    assertEquals(3, read.users.elements().size());
    assertEquals(3, read.rooms.elements().size());
    Map<String, Integer> partsByMessage =
        read.messages.elements().stream()
            .collect(Collectors.toMap(m -> m.roomId() + "/" + m.id(), m -> m.parts().size()));
    assertEquals(Map.of("alice_x_bob/42", 3, "bob_x_carol/43", 1, "general/43", 1), partsByMessage);
    assertEquals(List.of(), read.rejected.elements());
    // SOURCE.md sits beside the data: found, not read, and said so.
    assertEquals(List.of("unknown_entity"), reasons(read.warnings.elements()));
    assertTrue(read.warnings.elements().get(0).source().endsWith("SOURCE.md"));

    ChatkitMessage hello = byId(read.messages.elements(), "alice_x_bob/42");
    assertEquals(ChatkitMessage.Shape.EXPORT, hello.shape());
    assertEquals("alice", hello.senderId());
    assertEquals(MessagePart.inline("text/plain", "Hello Bob!"), hello.parts().get(0));
    assertEquals(
        MessagePart.url("image/png", "https://example.com/hello_world.png"), hello.parts().get(1));
    assertEquals(
        MessagePart.attachment(
            "video/mp4", "hello.mp4", 42L, "https://example.com/hello.mp4", "{\"foo\":\"bar\"}"),
        hello.parts().get(2));
    assertTrue(hello.source().line() > 0, "array elements carry the line they start on");
    assertEquals(0, hello.source().index());
    ChatkitRoom general =
        read.rooms.elements().stream()
            .filter(r -> r.id().equals("general"))
            .findFirst()
            .orElseThrow();
    assertEquals(List.of("alice", "bob", "carol"), general.memberIds());
    assertEquals(false, general.isPrivate());
  }

  @Test
  void readsEveryEntityAndEveryMessageShape(TestPipeline p) throws IOException {
    write(
        "export/messages.ndjson",
        """
        {"id":1,"room_id":"r","sender_id":"u","created_at":"2020-01-01T00:00:00Z",\
        "updated_at":"2020-01-01T00:00:00Z","parts":[{"part_type":"inline",\
        "payload":{"type":"text/plain","content":"hi"}}]}\
        """,
        """
        {"id":2,"room_id":7,"user_id":"u","created_at":"2020-01-01T00:00:00.5+01:00",\
        "parts":[{"type":"text/plain","content":"a"},{"type":"image/png","url":"https://x/y.png"},\
        {"type":"application/pdf","attachment":{"id":"f","download_url":"https://x/f.pdf",\
        "refresh_url":"https://x/r","expiration":"2020-01-02T00:00:00Z","name":"f.pdf",\
        "size":9,"custom_data":{"k":1}}}]}\
        """,
        """
        {"id":3,"room_id":"r","user_id":"u","text":"old",\
        "attachment":{"resource_link":"http://x/a.jpg","type":"image"},\
        "created_at":"2020-01-01T00:00:01Z","deleted_at":"2020-01-03T00:00:00Z"}\
        """,
        """
        {"id":4,"room_id":"r","sender_id":"u","created_at":"2020-01-01T00:00:02Z",\
        "part_index":1,"part_count":2,\
        "parts":[{"part_type":"url","payload":{"type":"video/mp4","url":"https://x/v.mp4"}}]}\
        """);
    write(
        "export/rooms.ndjson",
        """
        {"id":7,"created_by_id":"u","name":"Old","private":true,"member_user_ids":["u","v"],\
        "created_at":"2019-01-01T00:00:00Z"}\
        """);
    write(
        "export/users.ndjson",
        """
        {"id":"u","name":"U","created_at":"2019-01-01T00:00:00Z","custom_data":{"a":[1]}}\
        """);
    write(
        "cursors/cursors-0.ndjson",
        """
        {"cursor_type":0,"room_id":"r","user_id":"u","position":3,\
        "updated_at":"2020-01-02T00:00:00Z"}\
        """);
    write(
        "roles.ndjson",
        """
        {"name":"mod","scope":"room","permissions":["room:update","message:create"]}\
        """);
    write(
        "user_roles.ndjson",
        "{\"user_id\":\"u\",\"role_name\":\"admin\",\"scope\":\"global\"}",
        "{\"user_id\":\"v\",\"name\":\"mod\",\"scope\":\"room\",\"room_id\":7}");
    Read read = new Read(p, "All", ReadExport.from(dir.toString()));
    p.run().waitUntilFinish();

    assertEquals(List.of(), read.rejected.elements());
    Map<Long, ChatkitMessage> messages =
        read.messages.elements().stream().collect(Collectors.toMap(ChatkitMessage::id, m -> m));
    assertEquals(ChatkitMessage.Shape.EXPORT, messages.get(1L).shape());
    ChatkitMessage api = messages.get(2L);
    assertEquals(ChatkitMessage.Shape.API, api.shape());
    assertEquals("7", api.roomId());
    assertEquals(1577833200500000L, api.createdAt(), "offsets and fractions are understood");
    assertEquals(
        List.of(
            MessagePart.inline("text/plain", "a"),
            MessagePart.url("image/png", "https://x/y.png"),
            MessagePart.attachment("application/pdf", "f.pdf", 9L, "https://x/f.pdf", "{\"k\":1}")),
        api.parts());
    ChatkitMessage legacy = messages.get(3L);
    assertEquals(ChatkitMessage.Shape.LEGACY_V2, legacy.shape());
    assertEquals(
        List.of(
            MessagePart.inline("text/plain", "old"),
            MessagePart.legacyAttachment("image", "http://x/a.jpg")),
        legacy.parts());
    assertEquals(1578009600000000L, legacy.deletedAt());
    assertEquals(1, messages.get(4L).partIndex());
    assertEquals(2, messages.get(4L).partCount());
    ChatkitRoom room = read.rooms.elements().get(0);
    assertEquals("7", room.id());
    assertEquals(List.of("u", "v"), room.memberIds());
    assertTrue(room.isPrivate());
    assertEquals("{\"a\":[1]}", read.users.elements().get(0).customData());
    assertEquals(3L, read.cursors.elements().get(0).position());
    assertEquals(
        List.of("room:update", "message:create"), read.roles.elements().get(0).permissions());
    Map<String, ChatkitUserRole> roles =
        read.userRoles.elements().stream()
            .collect(Collectors.toMap(ChatkitUserRole::userId, r -> r));
    assertEquals("admin", roles.get("u").roleName());
    assertEquals("mod", roles.get("v").roleName());
    assertEquals("7", roles.get("v").roomId());
  }

  @Test
  void rejectsBadInputWithReasonSourceAndLineAndCountsIt(TestPipeline p) throws IOException {
    ByteArrayOutputStream users = new ByteArrayOutputStream();
    users.write(
        lines(
                "{\"id\":\"alice\",\"name\":\"Alice\",\"created_at\":\"2020-01-01T00:00:00Z\"}",
                "{\"id\":\"bob\",\"name\":\"Bo",
                "{\"id\":42,\"name\":\"x\"}",
                "{\"name\":\"no id\"}")
            .getBytes(StandardCharsets.UTF_8));
    users.write(
        new byte[] {'{', '"', 'i', 'd', '"', ':', '"', (byte) 0xff, (byte) 0xfe, '"', '}', '\n'});
    users.write(
        "{\"id\":\"carol\",\"created_at\":\"yesterday\"}\n".getBytes(StandardCharsets.UTF_8));
    Files.write(dir.resolve("users.ndjson"), users.toByteArray());
    write(
        "rooms.json",
        "[{\"id\":\"r\",\"created_by_id\":\"alice\",\"created_at\":\"2020-01-01T00:00:00Z\"},\n"
            + " 42,\n"
            + " \"x\"]");
    write("notes.txt", "not an export file");
    Read read = new Read(p, "Bad", ReadExport.from(dir.toString()));
    PipelineResult result = p.run();
    result.waitUntilFinish();

    assertEquals(List.of("alice"), read.users.elements().stream().map(ChatkitUser::id).toList());
    Map<Long, Finding> byLine = new TreeMap<>();
    List<Finding> arrayFindings = new ArrayList<>();
    for (Finding f : read.rejected.elements()) {
      if (f.entity().equals("users")) {
        byLine.put(f.line(), f);
      } else {
        arrayFindings.add(f);
      }
    }
    assertEquals("malformed_json", byLine.get(2L).reason());
    assertEquals(
        "{\"id\":\"bob\",\"name\":\"Bo",
        byLine.get(2L).record(),
        "the original text travels along");
    assertEquals("wrong_type", byLine.get(3L).reason());
    assertTrue(byLine.get(3L).detail().contains("\"id\""), byLine.get(3L).detail());
    assertEquals("missing_field", byLine.get(4L).reason());
    assertEquals("malformed_json", byLine.get(5L).reason());
    assertEquals("invalid UTF-8", byLine.get(5L).detail());
    assertEquals("wrong_type", byLine.get(6L).reason());
    assertTrue(byLine.get(6L).source().endsWith("users.ndjson"));
    arrayFindings.sort((a, b) -> Long.compare(a.index(), b.index()));
    assertEquals(List.of("unknown_shape", "unknown_shape"), reasons(arrayFindings));
    assertEquals(List.of(1L, 2L), arrayFindings.stream().map(Finding::index).toList());
    assertEquals(List.of(2L, 3L), arrayFindings.stream().map(Finding::line).toList());
    assertEquals(List.of("unknown_entity"), reasons(read.warnings.elements()));

    assertEquals(6L, counter(result, "read_users"));
    assertEquals(2L, counter(result, "rejected_users_malformed_json"));
    assertEquals(2L, counter(result, "rejected_users_wrong_type"));
    assertEquals(1L, counter(result, "rejected_users_missing_field"));
    assertEquals(3L, counter(result, "read_rooms"));
    assertEquals(2L, counter(result, "rejected_rooms_unknown_shape"));
  }

  @Test
  void toleratesBomCrlfBlankLinesAndNoFinalNewline(TestPipeline p) throws IOException {
    String text = "\uFEFF{\"id\":\"a\"}\r\n\r\n   \r\n{\"id\":\"b\"}\r\n{\"id\":7}";
    Files.write(dir.resolve("users.ndjson"), text.getBytes(StandardCharsets.UTF_8));
    Read read = new Read(p, "Crlf", ReadExport.from(dir.toString()));
    p.run().waitUntilFinish();

    Map<String, Long> lines =
        read.users.elements().stream()
            .collect(Collectors.toMap(ChatkitUser::id, u -> u.source().line()));
    assertEquals(Map.of("a", 1L, "b", 4L), lines);
    assertEquals(5L, read.rejected.elements().get(0).line());
  }

  @Test
  void splitFilesReadEveryLineOnceWithItsTrueLineNumber(TestPipeline p) throws IOException {
    List<String> lines = new ArrayList<>();
    for (int i = 1; i <= 400; i++) {
      // Varying lengths put line starts everywhere relative to the split points, and line 250 is
      // bad.
      String pad = "x".repeat((i * 37) % 90);
      lines.add(i == 250 ? "{\"id\":" : "{\"id\":\"u" + i + "\",\"name\":\"" + pad + "\"}");
    }
    lines.add(150, "");
    write("users-00000-of-00001.ndjson", lines.toArray(String[]::new));
    Read read = new Read(p, "Split", ReadExport.from(dir.toString()).withSplitBytes(500));
    p.run().waitUntilFinish();

    List<ChatkitUser> users = read.users.elements();
    assertEquals(399, users.size());
    assertEquals(399, users.stream().map(ChatkitUser::id).distinct().count());
    for (ChatkitUser u : users) {
      long n = Long.parseLong(u.id().substring(1));
      assertEquals(n <= 150 ? n : n + 1, u.source().line(), u.id());
    }
    assertEquals(List.of(251L), read.rejected.elements().stream().map(Finding::line).toList());
  }

  @Test
  void aSplitJsonArrayReadsExactlyWhatItsWholeReadingReads(TestPipeline p) throws IOException {
    // One array file read by several workers: every element once, with its own line, index and
    // offset, and the same findings (a bad element, an empty slot, text after the array), whatever
    // the split points hit: strings holding brackets and commas, pretty-printed elements.
    StringBuilder array = new StringBuilder("\uFEFF [\n");
    for (int i = 0; i < 300; i++) {
      String pad = "x".repeat((i * 37) % 90);
      String user =
          switch (i % 4) {
            case 0 -> "{\"id\":\"u%d\",\"name\":\"a,]}[{\\\"%s\"}".formatted(i, pad);
            case 1 -> "{\n  \"id\": \"u%d\",\n  \"name\": \"%s\"\n}".formatted(i, pad);
            case 2 -> i == 150 ? "{\"id\":}" : "{\"id\":\"u%d\",\"name\":\"%s\"}".formatted(i, pad);
            default -> "{\"id\":\"u%d\",\"custom_data\":{\"l\":[1,[2,{}]]}}".formatted(i);
          };
      array.append(i == 0 ? "  " : i == 77 ? ",,\n  " : ",\n  ").append(user);
    }
    array.append("\n]\ntrailing text\n");
    write("users-00000-of-00001.json", array.toString());
    Read whole = new Read(p, "Whole", ReadExport.from(dir.toString()));
    Read split = new Read(p, "Split", ReadExport.from(dir.toString()).withSplitBytes(700));
    PipelineResult result = p.run();
    result.waitUntilFinish();

    assertTrue(counter(result, "split_array_ranges") > 20, "the array was read in many ranges");
    assertEquals(299, whole.users.elements().size());
    assertEquals(sources(whole.users.elements()), sources(split.users.elements()));
    assertEquals(whole.contents(), split.contents());
    assertEquals(findings(whole.rejected.elements()), findings(split.rejected.elements()));
    assertEquals(
        List.of("content_after_array", "malformed_json"),
        reasons(split.rejected.elements()).stream().sorted().toList());
    assertEquals(findings(whole.warnings.elements()), findings(split.warnings.elements()));
  }

  private static List<String> sources(List<ChatkitUser> users) {
    return users.stream().map(u -> u.id() + " " + u.source()).sorted().toList();
  }

  private static List<String> findings(List<Finding> findings) {
    return findings.stream().map(Finding::toString).sorted().toList();
  }

  @Test
  void shardsCompressionAndArraysReadTheSameRecordsAsOnePlainFile(TestPipeline p)
      throws IOException {
    List<String> records = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      records.add(
          """
          {"id":%s,"room_id":"r%s","sender_id":"u","created_at":"2020-01-01T00:00:0%sZ",\
          "parts":[{"part_type":"inline","payload":{"type":"text/plain","content":"m%s"}}]}\
          """
              .formatted(i, i % 3, i % 10, i));
    }
    // One message split into fragments that live in different shards.
    records.add(
        """
        {"id":99,"room_id":"r0","sender_id":"u","created_at":"2020-01-01T00:00:09Z",\
        "part_index":0,"part_count":2,\
        "parts":[{"part_type":"inline","payload":{"type":"text/plain","content":"first"}}]}\
        """);
    records.add(
        """
        {"id":99,"room_id":"r0","sender_id":"u","created_at":"2020-01-01T00:00:09Z",\
        "part_index":1,"part_count":2,\
        "parts":[{"part_type":"url","payload":{"type":"image/png","url":"https://x/p.png"}}]}\
        """);
    String plain = lines(records.toArray(String[]::new));
    Path base = dir.resolve("plain");
    Files.createDirectories(base);
    Files.writeString(base.resolve("messages.ndjson"), plain);

    Path sharded = dir.resolve("sharded");
    int half = records.size() - 1;
    writeTo(
        sharded.resolve("2020-01/messages-00000-of-00002.ndjson"),
        lines(records.subList(0, half).toArray(String[]::new)));
    writeTo(
        sharded.resolve("2020-02/messages-00001-of-00002.ndjson.gz"),
        gzip(lines(records.subList(half, records.size()).toArray(String[]::new))));

    Path arrays = dir.resolve("arrays");
    writeTo(
        arrays.resolve("messages.ndjson"),
        ("[\n  " + String.join(",\n  ", records) + "\n]").getBytes(StandardCharsets.UTF_8));

    Path compressed = dir.resolve("compressed");
    List<String> a = records.subList(0, 10);
    List<String> b = records.subList(10, 20);
    List<String> c = records.subList(20, 25);
    List<String> d = records.subList(25, records.size());
    writeTo(
        compressed.resolve("messages-1.ndjson.bz2"),
        compress(lines(a.toArray(String[]::new)), BZip2CompressorOutputStream::new));
    writeTo(
        compressed.resolve("messages-2.ndjson.zst"),
        compress(lines(b.toArray(String[]::new)), ZstdOutputStream::new));
    writeTo(
        compressed.resolve("messages-3.ndjson.deflate"),
        compress(lines(c.toArray(String[]::new)), DeflaterOutputStream::new));
    writeTo(
        compressed.resolve("messages-4.json.zip"),
        zip("messages-4.json", "[" + String.join(",", d) + "]"));

    Read plainRead = new Read(p, "Plain", ReadExport.from(base.toString()));
    Read shardedRead = new Read(p, "Sharded", ReadExport.from(sharded.toString()));
    Read arrayRead = new Read(p, "Array", ReadExport.from(arrays.toString()));
    Read compressedRead = new Read(p, "Compressed", ReadExport.from(compressed + "/messages-*"));
    p.run().waitUntilFinish();

    assertEquals(32, plainRead.messages.elements().size());
    for (Read other : List.of(shardedRead, arrayRead, compressedRead)) {
      assertEquals(plainRead.contents(), other.contents());
      assertEquals(List.of(), other.rejected.elements());
    }
  }

  private static String lines(String... lines) {
    return String.join("\n", lines) + "\n";
  }

  private void write(String relative, String... lines) throws IOException {
    writeTo(dir.resolve(relative), lines(lines).getBytes(StandardCharsets.UTF_8));
  }

  private static void writeTo(Path file, String text) throws IOException {
    writeTo(file, text.getBytes(StandardCharsets.UTF_8));
  }

  private static void writeTo(Path file, byte[] bytes) throws IOException {
    Files.createDirectories(file.getParent());
    Files.write(file, bytes);
  }

  interface StreamWrapper {
    OutputStream wrap(OutputStream out) throws IOException;
  }

  private static byte[] compress(String text, StreamWrapper wrapper) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (OutputStream out = wrapper.wrap(bytes)) {
      out.write(text.getBytes(StandardCharsets.UTF_8));
    }
    return bytes.toByteArray();
  }

  private static byte[] gzip(String text) throws IOException {
    return compress(text, GZIPOutputStream::new);
  }

  private static byte[] zip(String entry, String text) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream out = new ZipOutputStream(bytes)) {
      out.putNextEntry(new ZipEntry(entry));
      out.write(text.getBytes(StandardCharsets.UTF_8));
      out.closeEntry();
    }
    return bytes.toByteArray();
  }

  private static List<String> reasons(Collection<Finding> findings) {
    return findings.stream().map(Finding::reason).sorted().toList();
  }

  private static ChatkitMessage byId(List<ChatkitMessage> messages, String key) {
    Map<String, ChatkitMessage> map =
        messages.stream()
            .collect(Collectors.toMap(m -> m.roomId() + "/" + m.id(), Function.identity()));
    return map.get(key);
  }

  /** A counter of the reading, summed over its steps. */
  static long counter(PipelineResult result, String name) {
    return CounterSums.of(result, ReadExport.class.getName(), name);
  }
}
