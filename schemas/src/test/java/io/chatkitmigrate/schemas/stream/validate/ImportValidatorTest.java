package io.chatkitmigrate.schemas.stream.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Each error kind of stream-import.md §1, caught in a deliberately broken file. */
class ImportValidatorTest {
  static final String U = "{\"type\":\"user\",\"data\":{\"id\":\"alice\"}}";
  static final String U2 = "{\"type\":\"user\",\"data\":{\"id\":\"bob\"}}";
  static final String C =
      """
      {"type":"channel","data":{"id":"c1","type":"messaging","created_by":"alice"}}\
      """;
  static final String M =
      """
      {"type":"member","data":{"channel_type":"messaging","channel_id":"c1","user_id":"bob"}}\
      """;

  static String msg(String fields) {
    return """
    {"type":"message","data":{"id":"c1-1","channel_type":"messaging","channel_id":"c1",\
    "user":"alice"%s}}\
    """
        .formatted(fields);
  }

  static ImportValidator.Part part(String name, String... lines) {
    byte[] bytes = (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8);
    return new ImportValidator.Part(name, bytes.length, () -> new ByteArrayInputStream(bytes));
  }

  static ValidationReport check(ImportValidator.Part... parts) throws IOException {
    return ImportValidator.withDefaults().validate(List.of(parts));
  }

  /** The single error of a report, as (kind, message). */
  static JsonNode only(ValidationReport r) {
    assertEquals(1, r.errorCount(), r.toJson().toPrettyString());
    return r.errors().get(0);
  }

  /** The message of the single error of a part made of these lines. */
  static String errorOf(String... lines) throws IOException {
    return only(check(part("p", lines))).get("error").asText();
  }

  /** The kind of the single error of a part made of these lines. */
  static String kindOf(String... lines) throws IOException {
    return only(check(part("p", lines))).get("kind").asText();
  }

  @Test
  void aValidSetOfPartsPassesWithReferencesAcrossParts() throws IOException {
    ValidationReport r =
        check(
            part("part-00001.jsonl", U, U2),
            part(
                "part-00002.jsonl",
                C,
                M,
                msg(
                    """
                    ,"text":"hi","attachments":[{"type":"image","image_url":"https://x/p.png"}]\
                    """),
                """
                {"type":"reaction","data":{"message_id":"c1-1","type":"like","user_id":"bob",\
                "created_at":"2020-01-01T00:00:00Z"}}\
                """));
    assertTrue(r.ok(), r.toJson().toPrettyString());
    assertEquals(
        Map.of("user", 2L, "channel", 1L, "member", 1L, "message", 1L, "reaction", 1L), r.totals());
  }

  @Test
  void aPartOfManyBatchesIsCheckedInItsOwnOrderWithExactLines() throws IOException {
    // Parsing runs in batches on other threads; references, duplicates and order must still follow
    // the lines, and every error must name its own line, across batch boundaries.
    List<String> lines = new ArrayList<>();
    int users = 5_000;
    for (int i = 0; i < users; i++) {
      lines.add("{\"type\":\"user\",\"data\":{\"id\":\"u" + i + "\"}}");
    }
    lines.set(2_048, "{\"type\":\"user\",");
    lines.add("{\"type\":\"user\",\"data\":{\"id\":\"u7\"}}");
    lines.add(
        """
        {"type":"channel","data":{"id":"c1","type":"messaging","created_by":"u4999"}}\
        """);
    lines.add("");
    lines.add(
        """
        {"type":"member","data":{"channel_type":"messaging","channel_id":"c1",\
        "user_id":"u2048"}}\
        """);
    lines.add("{\"type\":\"user\",\"data\":{\"id\":\"late\"}}");
    // Blocks of 1,000 bytes: most lines of this part are read across a block's end.
    ValidationReport r =
        ImportValidator.withDefaults()
            .withBlockBytes(1_000)
            .validate(List.of(part("p", lines.toArray(String[]::new))));
    List<String> seen = new ArrayList<>();
    r.errors().forEach(e -> seen.add(e.get("kind").asText() + "@" + e.get("line").asLong()));
    assertEquals(
        List.of("parse@2049", "duplicate@5001", "reference@5004", "order@5005"),
        seen,
        r.toJson().toPrettyString());
    assertEquals(Map.of("user", (long) users + 1, "channel", 1L, "member", 1L), r.totals());
  }

  @Test
  void aLineLongerThanABlockIsReadWholeAndTheLinesAfterItKeepTheirNumbers() throws IOException {
    String big =
        "{\"type\":\"user\",\"data\":{\"id\":\"big\",\"blob\":\"" + "x".repeat(6000) + "\"}}";
    ValidationReport r =
        ImportValidator.withDefaults()
            .withBlockBytes(1_000)
            .validate(
                List.of(part("p", U, big, U2, "{\"type\":\"user\",\"data\":{\"id\":\"bob\"}}")));
    List<String> seen = new ArrayList<>();
    r.errors().forEach(e -> seen.add(e.get("kind").asText() + "@" + e.get("line").asLong()));
    assertEquals(List.of("validation@2", "duplicate@4"), seen, r.toJson().toPrettyString());
    assertEquals(Map.of("user", 4L), r.totals());
  }

  @Test
  void crlfLineEndsAndALastLineWithoutOneAreRead() throws IOException {
    byte[] bytes = (U + "\r\n" + U2 + "\r\n\r\n" + C).getBytes(StandardCharsets.UTF_8);
    ValidationReport r =
        check(new ImportValidator.Part("p", bytes.length, () -> new ByteArrayInputStream(bytes)));
    assertTrue(r.ok(), r.toJson().toPrettyString());
    assertEquals(Map.of("user", 2L, "channel", 1L), r.totals());
  }

  @Test
  void bytesThatAreNotUtf8AreAParseError() throws IOException {
    // Stream reads the parts as UTF-8: a byte sequence that is not UTF-8 must not pass as a
    // replacement character.
    byte[] head =
        "{\"type\":\"user\",\"data\":{\"id\":\"a\",\"name\":\"".getBytes(StandardCharsets.UTF_8);
    byte[] tail = "\"}}\n".getBytes(StandardCharsets.UTF_8);
    byte[] bytes = new byte[head.length + 2 + tail.length];
    System.arraycopy(head, 0, bytes, 0, head.length);
    bytes[head.length] = (byte) 0xc3;
    bytes[head.length + 1] = (byte) 0x28;
    System.arraycopy(tail, 0, bytes, head.length + 2, tail.length);
    JsonNode e =
        only(
            check(
                new ImportValidator.Part(
                    "p", bytes.length, () -> new ByteArrayInputStream(bytes))));
    assertEquals("parse", e.get("kind").asText());
    assertEquals(1, e.get("line").asLong());
  }

  @Test
  void anEscapedHalfOfASurrogatePairIsAParseError() throws IOException {
    // Stream's server would read it as U+FFFD: the import would not land as written.
    ValidationReport r =
        check(
            part(
                "p",
                "{\"type\":\"user\",\"data\":{\"id\":\"a\",\"name\":\"\\ud83d\\ude00\"}}",
                "{\"type\":\"user\",\"data\":{\"id\":\"b\",\"name\":\"x\\ud83d\"}}"));
    JsonNode e = only(r);
    assertEquals("parse", e.get("kind").asText());
    assertEquals(2, e.get("line").asLong());
    assertTrue(e.get("error").asText().contains("surrogate"), e.toString());
  }

  @Test
  void anItemsErrorsComeInTheOrderItsRulesRun() throws IOException {
    // A bad channel type, an unknown user, then a bad timestamp: field rules and references
    // interleave.
    ValidationReport r =
        check(
            part(
                "p",
                U,
                C,
                "{\"type\":\"member\",\"data\":{\"channel_type\":\"bad type\","
                    + "\"channel_id\":\"c1\",\"user_id\":\"zed\",\"created_at\":\"soon\"}}"));
    List<String> kinds = new ArrayList<>();
    r.errors().forEach(e -> kinds.add(e.get("kind").asText() + "@" + e.get("line").asLong()));
    assertEquals(
        List.of("validation@3", "reference@3", "validation@3"), kinds, r.toJson().toPrettyString());
  }

  @Test
  void parseErrorsNameFileAndLine() throws IOException {
    JsonNode e = only(check(part("p1", U, "{\"type\":\"user\",")));
    assertEquals("parse", e.get("kind").asText());
    assertEquals("p1", e.get("file").asText());
    assertEquals(2, e.get("line").asLong());
    JsonNode unknown = only(check(part("p1", U, "{\"type\":\"ghost\",\"data\":{}}")));
    assertTrue(unknown.get("error").asText().contains("unknown item type"));
  }

  @Test
  void fieldRulesAreChecked() throws IOException {
    assertTrue(errorOf("{\"type\":\"user\",\"data\":{\"id\":\"a:b\"}}").contains("id"));
    // Stream's \\w is ASCII: a letter with an accent is refused, '@' only in user ids.
    assertTrue(
        errorOf("{\"type\":\"user\",\"data\":{\"id\":\"jos\u00e9\"}}")
            .contains("must match [@\\w-]*"));
    assertTrue(check(part("p", "{\"type\":\"user\",\"data\":{\"id\":\"@a_B-9\"}}")).ok());
    assertTrue(
        errorOf(
                U,
                """
                {"type":"channel","data":{"id":"c@1","type":"messaging",\
                "created_by":"alice"}}\
                """)
            .contains("must match [\\w-]*"));
    assertTrue(
        errorOf("{\"type\":\"user\",\"data\":{\"id\":\"" + "a".repeat(256) + "\"}}")
            .contains("255"));
    assertTrue(
        errorOf("{\"type\":\"user\",\"data\":{\"id\":\"a\",\"online\":true}}")
            .contains("reserved"));
    assertTrue(
        errorOf("{\"type\":\"user\",\"data\":{\"id\":\"a\",\"blob\":\"" + "x".repeat(6000) + "\"}}")
            .contains("5120"));
    assertTrue(
        errorOf(
                U,
                """
                {"type":"channel","data":{"id":"c1","type":"messaging",\
                "created_by":"alice","updated_at":"2020-01-01T00:00:00Z"}}\
                """)
            .contains("updated_at"));
    assertTrue(errorOf(U, C, msg(",\"text\":\"" + "x".repeat(5001) + "\"")).contains("5000"));
    assertTrue(
        errorOf(U, C, msg(",\"attachments\":[{\"type\":\"image\",\"image_url\":\"http://x\"}]"))
            .contains("https"));
    assertTrue(
        errorOf(U, C, msg(",\"attachments\":[{\"asset_url\":\"https://x\"}]")).contains("type"));
    StringBuilder many = new StringBuilder(",\"attachments\":[");
    for (int i = 0; i < 31; i++) {
      many.append(i == 0 ? "" : ",").append("{\"type\":\"file\"}");
    }
    assertTrue(errorOf(U, C, msg(many + "]")).contains("30"));
    assertTrue(errorOf(U, C, msg(",\"type\":\"deleted\"")).contains("deleted_at"));
    assertTrue(
        errorOf(U, C, msg(",\"deleted_at\":\"2020-01-01T00:00:00Z\"")).contains("deleted_at"));
    assertTrue(errorOf(U, C, msg(",\"pinned_at\":\"2020-01-01T00:00:00Z\"")).contains("pinned"));
    assertTrue(errorOf(U, C, msg(",\"created_at\":\"yesterday\"")).contains("RFC 3339"));
    assertTrue(
        errorOf(
                U,
                C,
                """
                {"type":"message","data":{"id":"a,b","channel_type":"messaging",\
                "channel_id":"c1","user":"alice"}}\
                """)
            .contains("','"));
  }

  @Test
  void timestampsWithoutAFourDigitYearAreValidationErrors() throws IOException {
    for (String t :
        List.of("+10000-01-01T00:00:00Z", "-0001-01-01T00:00:00Z", "9999-12-31T23:30:00-01:00")) {
      JsonNode e =
          only(
              check(
                  part(
                      "p",
                      "{\"type\":\"user\",\"data\":{\"id\":\"a\",\"created_at\":\"" + t + "\"}}")));
      assertEquals("validation", e.get("kind").asText(), t);
      assertTrue(
          e.get("error").asText().contains("created_at must be an RFC 3339 timestamp"),
          e.toString());
    }
    assertTrue(
        check(
                part(
                    "p",
                    """
                    {"type":"user","data":{"id":"a",\
                    "created_at":"9999-12-31T23:59:59.999999Z"}}\
                    """))
            .ok());
  }

  @Test
  void referencesMustPointAtEarlierItems() throws IOException {
    assertEquals(
        "reference",
        kindOf(
            """
            {"type":"channel","data":{"id":"c1","type":"messaging",\
            "created_by":"nobody"}}\
            """));
    assertEquals(
        "reference",
        kindOf(
            U,
            C,
            """
            {"type":"member","data":{"channel_type":"messaging","channel_id":"c1",\
            "user_id":"zed"}}\
            """));
    assertEquals("reference", kindOf(U, C, msg(",\"parent_id\":\"c1-0\",\"type\":\"reply\"")));
    assertEquals(
        "reference",
        kindOf(
            U,
            """
            {"type":"message","data":{"id":"m","channel_type":"messaging",\
            "channel_id":"nope","user":"alice"}}\
            """));
  }

  @Test
  void duplicatesAreReported() throws IOException {
    assertEquals("duplicate", kindOf(U, U));
    assertEquals("duplicate", kindOf(U, C, C));
    assertEquals("duplicate", kindOf(U, U2, C, M, M));
    assertEquals(
        "duplicate",
        only(check(part("p", U, C), part("q", msg(""), msg("")))).get("kind").asText());
  }

  @Test
  void itemOrderHoldsAcrossParts() throws IOException {
    JsonNode e = only(check(part("p1", U, C), part("p2", U2)));
    assertEquals("order", e.get("kind").asText());
    assertEquals("p2", e.get("file").asText());
  }

  @Test
  void aPartOverTheSizeLimitIsAnError() throws IOException {
    ImportValidator.Part p = part("p", U);
    ValidationReport r = new ImportValidator(5000, 10, 100).validate(List.of(p));
    assertEquals(Map.of("part_too_large", 1L), r.errorsByKind());
  }

  @Test
  void everyErrorIsCountedButOnlySomeAreKept() throws IOException {
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      lines.add(U);
    }
    ValidationReport r =
        new ImportValidator(5000, 1000000, 10)
            .validate(List.of(part("p", lines.toArray(String[]::new))));
    assertEquals(49, r.errorCount());
    assertEquals(10, r.errors().size());
  }
}
