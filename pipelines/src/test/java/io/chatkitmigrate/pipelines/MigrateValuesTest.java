package io.chatkitmigrate.pipelines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.chatkitmigrate.schemas.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Values are imported as they were read or refused with a reason, end to end on Direct: repeated
 * keys, numbers a float cannot hold, years RFC 3339 cannot write, and a 50 MB line.
 */
class MigrateValuesTest {
  @TempDir static Path dir;
  static Runs run;
  static final String T = "\"created_at\":\"2020-01-01T00:00:00Z\"";
  static final Map<Integer, String> LINES = new TreeMap<>();
  static final int HUGE_LINE = 12;
  static final int HUGE_BYTES = 50 << 20;
  static final String HUGE_HEAD = "{\"id\":\"huge\"," + T + ",\"name\":\"";

  @BeforeAll
  static void migrate() throws IOException {
    Path export = dir.resolve("export");
    Files.createDirectories(export);
    List<String> users =
        List.of(
            "{\"id\":\"a\",\"id\":\"b\"," + T + "}",
            "{\"id\":\"inf\"," + T + ",\"custom_data\":{\"x\":1e400}}",
            "{\"id\":\"tiny\"," + T + ",\"custom_data\":{\"x\":[1, 1e-400]}}",
            "{\"id\":\"big\","
                + T
                + ",\"custom_data\":{\"x\":123456789012345678901234567890,\"y\":0.1}}",
            "{\"id\":\"zeros\"," + T + ",\"custom_data\":{\"m\":-0,\"n\":1.10,\"o\":4.9e-324}}",
            "{\"id\":\"nan\"," + T + ",\"custom_data\":{\"x\":NaN}}",
            "{\"id\":\"y10k\",\"created_at\":\"+10000-01-01T00:00:00Z\"}",
            "{\"id\":\"yneg\",\"created_at\":\"-0001-01-01T00:00:00Z\"}",
            "{\"id\":\"yoff\",\"created_at\":\"9999-12-31T23:30:00-01:00\"}",
            "{\"id\":\"last\",\"created_at\":\"9999-12-31T23:59:59Z\"}",
            "{\"id\":\"keep\"," + T + "}");
    try (OutputStream out = Files.newOutputStream(export.resolve("users.ndjson"))) {
      for (int i = 0; i < users.size(); i++) {
        LINES.put(i + 1, users.get(i));
        out.write((users.get(i) + "\n").getBytes(StandardCharsets.UTF_8));
      }
      // Line 12: one user of 50 MB, written in pieces so the test never holds it whole.
      out.write(HUGE_HEAD.getBytes(StandardCharsets.UTF_8));
      byte[] chunk = "x".repeat(1 << 20).getBytes(StandardCharsets.UTF_8);
      for (int i = 0; i < HUGE_BYTES >> 20; i++) {
        out.write(chunk);
      }
      out.write("\"}\n".getBytes(StandardCharsets.UTF_8));
      out.write(
          "{\"id\":\"after\",\"created_at\":\"2020-01-01T00:00:00Z\"}\n"
              .getBytes(StandardCharsets.UTF_8));
    }
    run = Runs.migrate(export, dir.resolve("out"));
  }

  @Test
  void theRunFinishesWithItsBooksBalancedAndItsReport() throws IOException {
    assertEquals(0, run.exit, run.toString());
    JsonNode users = run.report().path("accounting").path("entities").path("users");
    assertEquals(13, users.path("read").asLong(), users.toString());
    assertEquals(5, users.path("written").asLong(), users.toString());
    assertEquals(8, users.path("rejected").asLong(), users.toString());
    assertTrue(users.path("balances").asBoolean());
    FindingLines.assertEveryCountHasItsLines(run.output);
  }

  @Test
  void eachRefusedRecordHasItsReasonAndItsTextAsRead() throws IOException {
    Map<Long, String> reasons = new TreeMap<>();
    for (String line : lines("rejected")) {
      JsonNode f = Json.tree(line);
      long at = f.path("line").asLong();
      reasons.put(at, f.path("reason").asText());
      if (at != HUGE_LINE && f.path("reason").asText().equals("malformed_json")) {
        assertEquals(LINES.get((int) at), f.path("record").asText(), line);
      } else if (at != HUGE_LINE) {
        assertTrue(line.endsWith(",\"record\":" + LINES.get((int) at) + "}"), line);
      }
    }
    assertEquals(
        Map.of(
            1L,
            "duplicate_key",
            2L,
            "number_out_of_range",
            3L,
            "number_out_of_range",
            6L,
            "malformed_json",
            7L,
            "timestamp_out_of_range",
            8L,
            "timestamp_out_of_range",
            9L,
            "timestamp_out_of_range",
            (long) HUGE_LINE,
            "record_too_large"),
        reasons);
  }

  @Test
  void aFiftyMegabyteLineIsRefusedWithItsPlaceAndAnExcerpt() throws IOException {
    JsonNode huge =
        lines("rejected").stream()
            .map(Json::tree)
            .filter(f -> f.path("reason").asText().equals("record_too_large"))
            .findFirst()
            .orElseThrow();
    assertTrue(huge.path("source").asText().endsWith("users.ndjson"));
    assertEquals(HUGE_LINE, huge.path("line").asLong());
    assertTrue(
        huge.path("detail").asText().contains((HUGE_HEAD.length() + HUGE_BYTES + 2) + " bytes"),
        huge.toString());
    assertTrue(huge.path("detail").asText().contains("16777216"), huge.toString());
    String excerpt = huge.path("record").asText();
    assertTrue(
        excerpt.startsWith("{\"id\":\"huge\"") && excerpt.length() <= 1000, excerpt.length() + "");
    assertTrue(
        Files.size(run.output.resolve("report.json")) < 1 << 20, "the report holds no huge record");
  }

  @Test
  void keptValuesAreImportedAsTheyWereAndRoundedOnesAreNamed() throws IOException {
    List<String> imported = run.importLines();
    assertFalse(String.join("\n", imported).contains("Infinity"));
    String big =
        imported.stream().filter(l -> l.contains("\"id\":\"big\"")).findFirst().orElseThrow();
    assertTrue(
        big.contains("\"x\":123456789012345678901234567890") && big.contains("\"y\":0.1"), big);
    JsonNode zeros =
        run.items("user").stream()
            .filter(u -> u.path("id").asText().equals("zeros"))
            .findFirst()
            .orElseThrow();
    assertEquals(0, zeros.path("m").decimalValue().signum());
    assertEquals(0, new BigDecimal("1.10").compareTo(zeros.path("n").decimalValue()));
    assertEquals(0, new BigDecimal("4.9e-324").compareTo(zeros.path("o").decimalValue()));
    assertEquals(
        "9999-12-31T23:59:59Z",
        run.items("user").stream()
            .filter(u -> u.path("id").asText().equals("last"))
            .findFirst()
            .orElseThrow()
            .path("created_at")
            .asText());
    List<JsonNode> precision =
        run.findings("warnings").stream()
            .filter(f -> f.path("reason").asText().equals("number_precision"))
            .toList();
    assertEquals(1, precision.size(), precision.toString());
    assertEquals(4, precision.get(0).path("line").asLong());
    assertTrue(
        precision
            .get(0)
            .path("detail")
            .asText()
            .contains("custom_data.x: 123456789012345678901234567890"));
  }

  @Test
  void theReportShowsExamplesAsTheyWereRead() throws IOException {
    JsonNode examples = run.report().path("examples").path("rejected");
    String text = Files.readString(run.output.resolve("report.json"));
    assertTrue(
        text.contains("{\"id\":\"inf\"," + T + ",\"custom_data\":{\"x\":1e400}}"),
        "1e400 is shown as written");
    assertFalse(text.contains("Infinity"), "1e400 is shown as written");
    assertTrue(examples.path("record_too_large").get(0).path("record").asText().length() < 2100);
  }

  @Test
  void aSmallerMaximumRefusesSmallerRecordsAndJsonArraysAreCoveredToo() throws IOException {
    Path export = dir.resolve("arrays");
    Files.createDirectories(export);
    Files.writeString(
        export.resolve("users.json"),
        "[\n"
            + "{\"id\":\"ok\","
            + T
            + "},\n"
            + "{\"id\":\"long\","
            + T
            + ",\"name\":\""
            + "y".repeat(3000)
            + "\"},\n"
            + "{\n  \"id\": \"twice\",\n  \"id\": \"again\",\n  "
            + T
            + "\n}\n]\n");
    Runs small = Runs.migrate(export, dir.resolve("out-small"), "--maxRecordBytes=2048");
    assertEquals(0, small.exit, small.toString());
    Map<String, String> byReason = new TreeMap<>();
    for (String line : lines(small.output, "rejected")) {
      byReason.put(Json.tree(line).path("reason").asText(), line);
    }
    assertEquals(List.of("duplicate_key", "record_too_large"), new ArrayList<>(byReason.keySet()));
    assertTrue(
        byReason
            .get("duplicate_key")
            .endsWith("\"record\":{   \"id\": \"twice\",   \"id\": \"again\",   " + T + " }}"),
        byReason.get("duplicate_key"));
    assertTrue(
        Json.tree(byReason.get("record_too_large")).path("detail").asText().contains("2048"));
    FindingLines.assertEveryCountHasItsLines(small.output);

    Runs refused = Runs.migrate(export, dir.resolve("out-refused"), "--maxRecordBytes=10");
    assertEquals(2, refused.exit, refused.toString());
    assertTrue(
        refused.err.contains("--maxRecordBytes must be 1024 to 268435456, not 10"),
        refused.toString());
  }

  @Test
  void aFileThatBreaksOffIsAFileFindingAndItsCutLineARecordOfItsEntity() throws IOException {
    Path export = dir.resolve("broken");
    Files.createDirectories(export);
    ByteArrayOutputStream gz = new ByteArrayOutputStream();
    try (OutputStream out = new GZIPOutputStream(gz)) {
      for (int i = 0; i < 2000; i++) {
        out.write(
            ("{\"id\":\"u" + i + "\"," + T + ",\"name\":\"" + i * 7919L * 104729L + "\"}\n")
                .getBytes(StandardCharsets.UTF_8));
      }
    }
    byte[] whole = gz.toByteArray();
    Files.write(export.resolve("users.ndjson.gz"), Arrays.copyOf(whole, whole.length / 2));
    Runs broken = Runs.migrate(export, dir.resolve("out-broken"));
    // Records after the break are lost: the books cannot balance and the run says so.
    assertEquals(1, broken.exit, broken.toString());
    List<JsonNode> findings = lines(broken.output, "rejected").stream().map(Json::tree).toList();
    // The cut is a finding about the file; the line it runs through is a record of its entity, with
    // its line.
    assertTrue(
        findings.stream()
            .anyMatch(
                f ->
                    f.path("reason").asText().equals("unreadable_file")
                        && f.path("entity").asText().equals("file")
                        && f.path("source").asText().endsWith("users.ndjson.gz")),
        findings.toString());
    assertTrue(
        findings.stream()
            .anyMatch(
                f ->
                    f.path("reason").asText().equals("truncated_record")
                        && f.path("entity").asText().equals("users")
                        && f.path("line").asLong() > 0),
        findings.toString());
    FindingLines.assertEveryCountHasItsLines(broken.output);
  }

  static List<String> lines(String folder) throws IOException {
    return lines(run.output, folder);
  }

  static List<String> lines(Path output, String folder) throws IOException {
    List<String> all = new ArrayList<>();
    try (Stream<Path> files = Files.list(output.resolve(folder))) {
      for (Path f : files.sorted().toList()) {
        Files.readAllLines(f).stream().filter(l -> !l.isBlank()).forEach(all::add);
      }
    }
    return all;
  }
}
