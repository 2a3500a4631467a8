package io.chatkitmigrate.transforms.validate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import io.chatkitmigrate.schemas.stream.validate.ItemRules.Claim;
import io.chatkitmigrate.transforms.validate.Claims.Claimed;
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
