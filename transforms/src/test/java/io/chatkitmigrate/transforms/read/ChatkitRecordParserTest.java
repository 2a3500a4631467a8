package io.chatkitmigrate.transforms.read;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chatkitmigrate.schemas.Finding;
import io.chatkitmigrate.schemas.chatkit.ChatkitUser;
import io.chatkitmigrate.schemas.chatkit.Entity;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A record's bytes must be UTF-8 exactly: any damage rejects the line, any valid text reads back
 * whole.
 */
class ChatkitRecordParserTest {

  @ParameterizedTest
  @ValueSource(
      strings = {"alice", "ü-ñ-中文", "emoji 😀", "a real \uFFFD replacement character", "\uFFFD"})
  void validTextReadsBackWhole(String id) {
    ChatkitRecordParser.Result result =
        parse(("{\"id\":\"" + id + "\"}").getBytes(StandardCharsets.UTF_8));
    assertNull(result.rejection());
    assertEquals(id, ((ChatkitUser) result.record()).id());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "80", // a continuation byte alone
        "c0af", // an overlong '/'
        "e08080", // an overlong NUL in three bytes
        "eda080", // a UTF-16 surrogate encoded as UTF-8
        "e282", // a sequence cut short
        "f8888080", // a five-byte form
        "f4908080", // past U+10FFFF
        "ff",
      })
  void damagedBytesRejectTheLine(String hex) {
    // Beside a real U+FFFD too, so the check cannot rely on its absence.
    for (String before : new String[] {"x", "\uFFFD"}) {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      bytes.writeBytes(("{\"id\":\"" + before).getBytes(StandardCharsets.UTF_8));
      bytes.writeBytes(HexFormat.of().parseHex(hex));
      bytes.writeBytes("\"}".getBytes(StandardCharsets.UTF_8));
      ChatkitRecordParser.Result result = parse(bytes.toByteArray());
      assertNull(result.record(), hex);
      assertNotNull(result.rejection(), hex);
      assertEquals("malformed_json", result.rejection().reason());
      assertEquals("invalid UTF-8", result.rejection().detail());
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"id\":\"a\",\"id\":\"b\",\"created_at\":\"2020-01-01T00:00:00Z\"}",
        "{\"id\":\"a\",\"created_at\":\"2020-01-01T00:00:00Z\",\"custom_data\":{\"k\":1,\"k\":2}}",
      })
  void aKeyTwiceInOneObjectRefusesTheRecord(String text) {
    ChatkitRecordParser.Result result = parse(text.getBytes(StandardCharsets.UTF_8));
    assertNull(result.record());
    assertEquals("duplicate_key", result.rejection().reason());
    assertTrue(
        result.rejection().detail().contains("'id'") || result.rejection().detail().contains("'k'"),
        result.rejection().detail());
    assertEquals(text, result.rejection().record());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"+10000-01-01T00:00:00Z", "-0001-01-01T00:00:00Z", "9999-12-31T23:30:00-01:00"})
  void aTimestampWithoutAFourDigitYearRefusesTheRecord(String t) {
    String text = "{\"id\":\"a\",\"created_at\":\"" + t + "\"}";
    ChatkitRecordParser.Result result = parse(text.getBytes(StandardCharsets.UTF_8));
    assertNull(result.record());
    assertEquals("timestamp_out_of_range", result.rejection().reason());
    assertTrue(result.rejection().detail().contains(t), result.rejection().detail());
  }

  @ParameterizedTest
  @ValueSource(strings = {"1e400", "-1e400", "1e-400", "-2.5E-999", "1e308e0"})
  void aCustomNumberNoDoubleHoldsRefusesTheRecord(String number) {
    // An integer of 400 digits, spelt out, as well.
    number = number.equals("1e308e0") ? "1" + "0".repeat(400) : number;
    String text = "{\"id\":\"a\",\"custom_data\":{\"n\":{\"deep\":[" + number + "]}}}";
    ChatkitRecordParser.Result result = parse(text.getBytes(StandardCharsets.UTF_8));
    assertNull(result.record(), number);
    assertEquals("number_out_of_range", result.rejection().reason());
    assertTrue(
        result.rejection().detail().contains("custom_data.n.deep[0]"), result.rejection().detail());
    assertTrue(
        result
            .rejection()
            .detail()
            .contains(number.contains("-4") || number.contains("-9") ? "zero" : "infinite"),
        result.rejection().detail());
    assertEquals(text, result.rejection().record());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "0",
        "-0",
        "-0.0",
        "0e-400",
        "1.10",
        "4.9e-324",
        "1.7976931348623157e308",
        "123456789012345678901234567890"
      })
  void customNumbersADoubleHoldsAreKeptWithTheirValue(String number) {
    String text = "{\"id\":\"a\",\"custom_data\":{\"n\":" + number + "}}";
    ChatkitRecordParser.Result result = parse(text.getBytes(StandardCharsets.UTF_8));
    assertNull(result.rejection(), number);
    String kept = ((ChatkitUser) result.record()).customData();
    assertEquals(
        0,
        new BigDecimal(number)
            .compareTo(new BigDecimal(kept.substring(kept.indexOf(':') + 1, kept.length() - 1))),
        kept);
  }

  @Test
  void aBuiltInNumberNoDoubleHoldsIsAWrongTypeNamedWithoutInfinity() {
    String text = "{\"room_id\":\"r\",\"user_id\":\"u\",\"position\":1e400}";
    ChatkitRecordParser.Result result =
        ChatkitRecordParser.parse(
            Entity.CURSORS, text.getBytes(StandardCharsets.UTF_8), "cursors.ndjson", 1, -1, 0);
    assertEquals("wrong_type", result.rejection().reason());
    assertEquals(
        "field \"position\" should be an integer but is a number beyond a 64-bit float",
        result.rejection().detail());
    assertEquals(text, result.rejection().record());
  }

  @ParameterizedTest
  @ValueSource(strings = {"NaN", "Infinity", "-Infinity"})
  void nonNumericNumbersAreMalformed(String literal) {
    String text = "{\"id\":\"a\",\"custom_data\":{\"n\":" + literal + "}}";
    assertEquals(
        "malformed_json", parse(text.getBytes(StandardCharsets.UTF_8)).rejection().reason());
  }

  @Test
  void aRecordOverTheMaximumIsRefusedWithAnExcerpt() {
    String text = "{\"id\":\"a\",\"name\":\"" + "é".repeat(3000) + "\"}";
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    ChatkitRecordParser.Result result =
        ChatkitRecordParser.parse(Entity.USERS, bytes, "users.ndjson", 7, -1, 99, 4096);
    assertNull(result.record());
    Finding f = result.rejection();
    assertEquals("record_too_large", f.reason());
    assertEquals(7L, f.line());
    assertEquals(99L, f.offset());
    assertTrue(
        f.detail().contains(bytes.length + " bytes") && f.detail().contains("4096"), f.detail());
    assertTrue(f.record().length() <= ChatkitRecordParser.EXCERPT_BYTES, f.record());
    assertTrue(
        text.startsWith(f.record()), "the excerpt is the record's start, cut at a character");
    assertNull(
        ChatkitRecordParser.parse(Entity.USERS, bytes, "users.ndjson", 7, -1, 99, bytes.length)
            .rejection());
  }

  /**
   * A lone surrogate written as a JSON escape is the same non-text as one in UTF-16 or UTF-8 bytes,
   * which are rejected: it was written into the files as '?' with no finding.
   */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"id\":\"a\\ud800\"}", // a high surrogate alone
        "{\"id\":\"a\\uDC00b\"}", // a low one alone, upper-case hex
        "{\"id\":\"a\\ude00\\ud83d\"}", // a pair the wrong way round
        "{\"id\":\"a\\ud83d\\u0041\"}", // a high one before a non-surrogate escape
        "{\"id\":\"a\",\"custom_data\":{\"k\\udbff\":1}}", // in a key
        "{\"id\":\"a\\\\\\ud800\"}", // an escaped backslash, then the escape
      })
  void aLoneSurrogateEscapeRejectsTheLine(String json) {
    ChatkitRecordParser.Result result = parse(json.getBytes(StandardCharsets.UTF_8));
    assertNull(result.record(), json);
    assertEquals("malformed_json", result.rejection().reason(), json);
    assertTrue(result.rejection().detail().contains("surrogate"), result.rejection().detail());
    assertEquals(json, result.rejection().record());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"id\":\"a\\ud83d\\ude00\"}", // a pair: one emoji
        "{\"id\":\"\\uD83D\\uDE00\\u00e9\\\\ud800\"}", // '\\' then text 'ud800'
      })
  void escapedPairsAndEscapedBackslashesAreText(String json) {
    ChatkitRecordParser.Result result = parse(json.getBytes(StandardCharsets.UTF_8));
    assertNull(result.rejection(), json);
  }

  private static ChatkitRecordParser.Result parse(byte[] bytes) {
    return ChatkitRecordParser.parse(Entity.USERS, bytes, "users.ndjson", 1, -1, 0);
  }
}
