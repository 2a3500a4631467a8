package io.chatkitmigrate.pipelines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
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
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 23 end to end: what the input lacks or hides fails the run loudly, and the books keep
 * balancing.
 */
class MigrateInputLossesTest {
  @TempDir Path dir;

  static String user(int i) {
    return "{\"id\":\"u"
        + i
        + "\",\"name\":\"User "
        + i
        + "\",\"created_at\":\"2020-01-01T00:00:00Z\"}";
  }

  static String message(int id) {
    return """
    {"id":%s,"room_id":"r","sender_id":"u1","created_at":"2020-03-25T12:00:00Z",\
    "parts":[{"part_type":"inline","payload":{"type":"text/plain","content":"m%s"}}]}\
    """
        .formatted(id, id);
  }

  Path baseExport() throws IOException {
    Path export = dir.resolve("export");
    write(export.resolve("users.ndjson"), user(1) + "\n" + user(2) + "\n");
    write(
        export.resolve("rooms.ndjson"),
        "{\"id\":\"r\",\"created_by_id\":\"u1\",\"name\":\"R\",\"private\":true,"
            + "\"member_ids\":[\"u1\",\"u2\"],\"created_at\":\"2020-03-01T00:00:00Z\"}\n");
    for (int shard = 0; shard < 3; shard++) {
      write(
          export.resolve("messages-0000" + shard + "-of-00004.ndjson"),
          message(shard * 2 + 1) + "\n" + message(shard * 2 + 2) + "\n");
    }
    return export;
  }

  @Test
  void aMissingShardIsRefusedBeforeTheRunUnlessAllowedAndThenListed() throws IOException {
    Path export = baseExport();
    Runs refused = Runs.migrate(export, dir.resolve("out"));
    assertEquals(2, refused.exit, refused.toString());
    assertTrue(
        refused.err.contains(export.resolve("messages-00003-of-00004.ndjson").toString()),
        refused.err);
    assertTrue(refused.err.contains("--allowMissingShards"), refused.err);
    assertFalse(Files.exists(dir.resolve("out/manifest.json")), "nothing ran");

    Runs allowed = Runs.migrate(export, dir.resolve("out"), "--allowMissingShards");
    assertEquals(0, allowed.exit, allowed.toString());
    List<JsonNode> missing =
        allowed.findings("warnings").stream()
            .filter(f -> f.path("reason").asText().equals("missing_shard"))
            .toList();
    assertEquals(1, missing.size());
    assertEquals("file", missing.get(0).path("entity").asText());
    assertEquals(
        export.resolve("messages-00003-of-00004.ndjson").toString(),
        missing.get(0).path("source").asText());
    assertEquals(1, allowed.report().at("/accounting/files/warnings/missing_shard").asLong());
    assertEquals(6, allowed.report().at("/accounting/entities/messages/written").asLong());
    FindingLines.assertEveryCountHasItsLines(allowed.output);
  }

  @Test
  void anInputThatDoesNotExistIsAUsageErrorAtOnce() {
    long started = System.nanoTime();
    // At the root, where Beam's matcher walked the whole disk looking for it.
    Runs r = Runs.migrate(Path.of("/nonexistent-export-" + System.nanoTime()), dir.resolve("out"));
    assertEquals(2, r.exit, r.toString());
    assertTrue(r.err.contains("does not exist"), r.err);
    assertTrue(System.nanoTime() - started < 10e9, "at once");
  }

  @Test
  void cutFilesLinksTrailingTextAndUtf16KeepTheBooksAndFailTheRunWithAClearLine()
      throws IOException {
    Path export = dir.resolve("export");
    write(export.resolve("users.ndjson"), user(1) + "\n" + user(2) + "\n");
    write(
        export.resolve("rooms.json"),
        """
        [{"id":"r","created_by_id":"u1","name":"R","private":true,"member_ids":["u1","u2"],\
        "created_at":"2020-03-01T00:00:00Z"}]
        {"id":"after"}
        """);
    Files.write(
        export.resolve("user_roles.ndjson"),
        ("\uFEFF{\"user_id\":\"u1\",\"role_name\":\"admin\",\"scope\":\"global\"}\n")
            .getBytes(StandardCharsets.UTF_16LE));
    StringBuilder messages = new StringBuilder();
    Random random = new Random(23);
    for (int id = 1; id <= 968; id++) {
      messages
          .append(
              message(id)
                  .replace(
                      "\"m" + id + "\"",
                      "\"m" + id + " " + Long.toHexString(random.nextLong()).repeat(8) + "\""))
          .append('\n');
    }
    byte[] gz = gzip(messages.toString());
    Files.write(export.resolve("messages.ndjson.gz"), Arrays.copyOf(gz, gz.length * 3 / 4));
    Files.createSymbolicLink(export.resolve("self"), Path.of("."));
    Files.createSymbolicLink(export.resolve("up"), Path.of(".."));

    Runs run = Runs.migrate(export, dir.resolve("out"));
    assertEquals(1, run.exit, run.toString());
    assertTrue(run.out.contains("1 file(s) of the export could not be read whole"), run.out);
    JsonNode books = run.report().path("accounting").path("entities");
    books
        .fields()
        .forEachRemaining(
            e ->
                assertTrue(
                    e.getValue().path("balances").asBoolean(), e.getKey() + " " + e.getValue()));
    assertEquals(
        2, books.path("users").path("read").asLong(), "each real file once through the loops");
    assertEquals(1, books.path("user_roles").path("written").asLong(), "UTF-16 read");
    assertEquals(2, books.path("rooms").path("read").asLong());
    long messagesRead = books.path("messages").path("read").asLong();
    assertTrue(
        messagesRead > 500 && messagesRead < 968, "complete lines before the cut: " + messagesRead);

    Map<String, Long> rejected = count(run.findings("rejected"));
    assertEquals(1L, rejected.get("file:unreadable_file"));
    assertEquals(1L, rejected.get("rooms:content_after_array"));
    Map<String, Long> warnings = count(run.findings("warnings"));
    assertEquals(2L, warnings.get("file:link_loop"));
    assertEquals(1L, run.report().at("/accounting/files/rejected/unreadable_file").asLong());
    FindingLines.assertEveryCountHasItsLines(run.output);
  }

  /** The report's counts by reason are exactly the lines of rejected/ and warnings/. */
  private static Map<String, Long> count(List<JsonNode> findings) {
    return findings.stream()
        .collect(
            Collectors.groupingBy(
                f -> f.path("entity").asText() + ":" + f.path("reason").asText(),
                TreeMap::new,
                Collectors.counting()));
  }

  private static void write(Path file, String text) throws IOException {
    Files.createDirectories(file.getParent());
    Files.writeString(file, text);
  }

  private static byte[] gzip(String text) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (OutputStream out = new GZIPOutputStream(bytes)) {
      out.write(text.getBytes(StandardCharsets.UTF_8));
    }
    return bytes.toByteArray();
  }
}
