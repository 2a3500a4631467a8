package io.chatkitmigrate.transforms.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** docs/conversion.md §3. */
class IdMapperTest {
  static String sha10(String s) throws Exception {
    return HexFormat.of()
        .formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)))
        .substring(0, 10);
  }

  @Test
  void validIdsAreKept() {
    assertEquals("alice", IdMapper.userId("alice"));
    assertEquals("@bob_2-x", IdMapper.userId("@bob_2-x"));
    assertEquals("alice_x_bob", IdMapper.channelId("alice_x_bob"));
  }

  @Test
  void colonsAndNonAsciiLettersBecomeUnderscoresWithAHashSuffix() throws Exception {
    String id = "acme:josé.müller";
    assertEquals("acme_jos__m_ller-" + sha10(id), IdMapper.userId(id));
    assertEquals("acme_jos__m_ller-" + sha10(id), IdMapper.channelId(id));
  }

  @Test
  void eachCodePointIsOneUnderscoreEvenOutsideTheBasicPlane() throws Exception {
    String id = "a😀b";
    assertEquals("a_b-" + sha10(id), IdMapper.userId(id));
  }

  @Test
  void atSignIsAllowedInUserIdsButNotChannelIds() throws Exception {
    assertEquals("a@b", IdMapper.userId("a@b"));
    assertEquals("a_b-" + sha10("a@b"), IdMapper.channelId("a@b"));
  }

  @Test
  void longIdsAreCutSoTheResultFitsStreamsLimits() throws Exception {
    String user = "é".repeat(300);
    String mapped = IdMapper.userId(user);
    assertEquals("_".repeat(244) + "-" + sha10(user), mapped);
    assertEquals(255, mapped.length());
    assertEquals(
        "x".repeat(244) + "-" + sha10("x".repeat(255) + "é"),
        IdMapper.userId("x".repeat(255) + "é"));
    String room = "r".repeat(65);
    assertEquals("r".repeat(53) + "-" + sha10(room), IdMapper.channelId(room));
    assertEquals(64, IdMapper.channelId(room).length());
    assertEquals("r".repeat(64), IdMapper.channelId("r".repeat(64)));
  }

  @Test
  void idsThatSanitiseAlikeStillDiffer() {
    assertNotEquals(IdMapper.userId("a:b"), IdMapper.userId("a.b"));
    assertTrue(IdMapper.userId("a:b").startsWith("a_b-"));
  }

  @Test
  void messageIdsAreChannelDashId() {
    assertEquals("general-43", IdMapper.messageId("general", 43));
  }
}
