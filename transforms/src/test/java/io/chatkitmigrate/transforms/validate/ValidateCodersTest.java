package io.chatkitmigrate.transforms.validate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chatkitmigrate.schemas.stream.validate.ItemRules.Claim;
import io.chatkitmigrate.transforms.validate.Claims.Claimed;
import io.chatkitmigrate.transforms.validate.Claims.Referrers;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.beam.sdk.testing.CoderProperties;
import org.apache.beam.sdk.util.CoderUtils;
import org.junit.jupiter.api.Test;

/** What the validator shuffles decodes as it was encoded, whatever the items held. */
class ValidateCodersTest {
  @Test
  void aBatchDecodesAsItWasEncoded() throws Exception {
    String longId = "m".repeat(70_000);
    ClaimBatch batch =
        new ClaimBatch(
            "part-1",
            List.of(
                new Claimed(
                    "part-1", Position.of(0, 3), 1, "message", Claim.MESSAGE_ID, List.of("m1")),
                new Claimed(
                    "part-1", Position.of(0, 3), 2, "message", Claim.PARENT_ID, List.of("é")),
                new Claimed(
                    "part-1", Position.of(2, 1), 7, "poll", Claim.MESSAGE_ID, List.of(longId)),
                new Claimed("part-1", Position.of(2, 9), 1, null, Claim.MESSAGE_ID, List.of())));
    CoderProperties.coderDecodeEncodeEqual(new ClaimBatch.Coder(), batch);
  }

  @Test
  void aRangesKeyHashesDecodeAsTheyWereEncoded() throws Exception {
    long[] defined = {Long.MIN_VALUE, -1, 0, 1, Long.MAX_VALUE, 0x0123456789abcdefL};
    long[] referred = {42};
    byte[] encoded =
        CoderUtils.encodeToByteArray(
            new KeyHashes.Coder(), new KeyHashes("part-é", 7, defined, referred));
    KeyHashes back = CoderUtils.decodeFromByteArray(new KeyHashes.Coder(), encoded);
    assertEquals("part-é", back.file());
    assertEquals(7, back.index());
    assertArrayEquals(defined, back.defined());
    assertArrayEquals(referred, back.referred());
    KeyHashes none =
        CoderUtils.decodeFromByteArray(
            new KeyHashes.Coder(),
            CoderUtils.encodeToByteArray(
                new KeyHashes.Coder(), new KeyHashes("p", 0, new long[0], new long[0])));
    assertEquals(0, none.defined().length + none.referred().length);
  }

  @Test
  void aBatchOfReferencesThatStandForLaterItemsDecodesAsItWasEncoded() throws Exception {
    Referrers later =
        new Referrers(
            new long[] {Position.of(1, 12), Position.of(1, 12), Position.of(1, 300_000)},
            new int[] {3, 1, 200},
            new String[] {"message", null, "poll"});
    ClaimBatch batch =
        new ClaimBatch(
            "part-é",
            List.of(
                new Claimed(
                    "part-é", Position.of(1, 40), 1, "message", Claim.MESSAGE_ID, List.of("m40")),
                // Held references go after the range's ids, so lines go back and forth.
                new Claimed(
                    "part-é", Position.of(1, 5), 2, "member", Claim.USER, List.of("u1"), later),
                new Claimed(
                    "part-é",
                    Position.of(1, 7),
                    1,
                    "message",
                    Claim.CHANNEL,
                    List.of("messaging", "c\uD83D\uDE00"),
                    new Referrers(new long[] {Position.of(1, 9)}, new int[] {1}, new String[1])),
                // Later items like the first but for their lines, as in a part of valid items.
                new Claimed(
                    "part-é",
                    Position.of(1, 8),
                    2,
                    "message",
                    Claim.USER,
                    List.of("u2"),
                    new Referrers(
                        new long[] {Position.of(1, 8), Position.of(1, 20_000)},
                        new int[] {2, 2},
                        new String[] {"message", "message"}))));
    CoderProperties.coderDecodeEncodeEqual(new ClaimBatch.Coder(), batch);
    ClaimBatch decoded = CoderUtils.clone(new ClaimBatch.Coder(), batch);
    assertEquals(later, decoded.claims().get(1).later());
    assertEquals(Referrers.NONE, decoded.claims().get(0).later());
  }

  @Test
  void idsThatAreNoValidUtf16ReachTheirBucketAsTheyWereRead() throws Exception {
    // Lone surrogates, as JSON escapes may give them: the JDK's UTF-8 encoder makes each a '?'.
    List<String> ids = List.of("\uD800", "\uDC00", "a\uD801", "\uDBFF\uDBFF\uDFFF", "\uDFFFx");
    List<Claimed> claims = new ArrayList<>();
    for (int i = 0; i < ids.size(); i++) {
      claims.add(
          new Claimed(
              "p", Position.of(0, i + 1), 1, "message", Claim.MESSAGE_ID, List.of(ids.get(i))));
    }
    ClaimBatch decoded = CoderUtils.clone(new ClaimBatch.Coder(), new ClaimBatch("p", claims));
    assertEquals(ids, decoded.claims().stream().map(c -> c.key().get(0)).toList());
  }

  @Test
  void aBlockCutShortOrLongerThanItSaidIsAnError() throws Exception {
    ClaimBatch batch =
        new ClaimBatch(
            "p",
            List.of(new Claimed("p", Position.of(0, 3), 1, "user", Claim.USER_ID, List.of("u"))));
    byte[] bytes = CoderUtils.encodeToByteArray(new ClaimBatch.Coder(), batch);
    // The block's length says one byte less (or more) than its claims take.
    byte[] shorter = Arrays.copyOf(bytes, bytes.length - 1);
    shorter[0]--;
    assertThrows(
        IOException.class, () -> new ClaimBatch.Coder().decode(new ByteArrayInputStream(shorter)));
    byte[] longer = Arrays.copyOf(bytes, bytes.length + 1);
    longer[0]++;
    IOException left =
        assertThrows(
            IOException.class,
            () -> new ClaimBatch.Coder().decode(new ByteArrayInputStream(longer)));
    assertTrue(left.getMessage().endsWith("of " + (bytes.length) + " bytes"), left.getMessage());
    // And a stream that ends before the block does.
    assertThrows(
        EOFException.class,
        () -> new ClaimBatch.Coder().decode(new ByteArrayInputStream(bytes, 0, bytes.length - 1)));
  }

  @Test
  void ranksDecodeAsTheyWereEncoded() throws Exception {
    long[] lines = {Position.of(0, 1), Position.of(0, 2), Position.of(4, 1), Position.of(4, 900)};
    int[] ranks = {0, 3, 3, 1};
    byte[] bytes =
        CoderUtils.encodeToByteArray(
            new ValidateParts.RanksCoder(), new ValidateParts.Ranks(lines, ranks));
    ValidateParts.Ranks decoded =
        CoderUtils.decodeFromByteArray(new ValidateParts.RanksCoder(), bytes);
    assertArrayEquals(lines, decoded.lines());
    assertArrayEquals(ranks, decoded.ranks());
  }
}
