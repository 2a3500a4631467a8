package io.chatkitmigrate.transforms.read;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.chatkitmigrate.schemas.chatkit.ChatkitUser;
import io.chatkitmigrate.schemas.chatkit.Entity;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A record's bytes must be UTF-8 exactly: any damage rejects the line, any valid text reads back whole. */
class ChatkitRecordParserTest {

  @ParameterizedTest
  @ValueSource(strings = {"alice", "ü-ñ-中文", "emoji 😀", "a real \uFFFD replacement character", "\uFFFD"})
  void validTextReadsBackWhole(String id) {
    ChatkitRecordParser.Result result = parse(("{\"id\":\"" + id + "\"}").getBytes(StandardCharsets.UTF_8));
    assertNull(result.rejection());
    assertEquals(id, ((ChatkitUser) result.record()).id());
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "80",             // a continuation byte alone
      "c0af",           // an overlong '/'
      "e08080",         // an overlong NUL in three bytes
      "eda080",         // a UTF-16 surrogate encoded as UTF-8
      "e282",           // a sequence cut short
      "f8888080",       // a five-byte form
      "f4908080",       // past U+10FFFF
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

  private static ChatkitRecordParser.Result parse(byte[] bytes) {
    return ChatkitRecordParser.parse(Entity.USERS, bytes, "users.ndjson", 1, -1, 0);
  }
}
