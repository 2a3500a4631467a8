package io.chatkitmigrate.schemas;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A finding's line carries its record exactly as it was read, whatever the record holds. */
class FindingTest {
  static final String HEAD =
      """
      {"reason":"r","entity":"users","source":"users.ndjson","line":3,"detail":"d","record":\
      """;

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"id\":\"a\",\"n\":1e400}",
        """
        {"id":"a","n":1e-400,"m":-0,"o":-0.0,"p":1.10,"q":123456789012345678901234567890}\
        """,
        "{\"id\":\"a\",\"id\":\"b\"}",
        "{ \"b\" : 2 , \"a\" : [ 1 , 2 ] }",
        "42",
        "\"just a string\"",
      })
  void aJsonRecordIsEmbeddedAsItsOwnText(String record) {
    Finding f = new Finding("r", "users", "users.ndjson", 3L, null, "d", record, 10L);
    assertEquals(HEAD + record + "}", f.toJsonLine());
    JsonNode back = Json.tree(f.toJsonLine());
    assertEquals("users.ndjson", back.get("source").asText());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"id\":",
        "not json at all",
        "{\"a\":1} {\"b\":2}",
        "{\"x\":NaN}",
        "",
        "{\"a\":\"\u0001\"}"
      })
  void anythingElseIsEmbeddedAsAString(String record) {
    Finding f = new Finding("r", "users", "users.ndjson", 3L, null, "d", record, 10L);
    assertEquals(record, Json.tree(f.toJsonLine()).get("record").asText());
  }

  @ParameterizedTest
  @ValueSource(strings = {"{\n  \"id\": \"a\",\r\n  \"n\": 1.50\n}"})
  void lineBreaksBetweenTokensBecomeSpacesSoTheFindingIsOneLine(String record) {
    Finding f = new Finding("r", "rooms", "rooms.json", 2L, 0L, "d", record, null);
    String line = f.toJsonLine();
    assertEquals(-1, line.indexOf('\n'));
    assertEquals(
        record.replace('\n', ' ').replace('\r', ' '),
        line.substring(line.indexOf("\"record\":") + 9, line.length() - 1));
  }
}
