package io.chatkitmigrate.transforms.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.chatkitmigrate.schemas.stream.validate.ItemRules.Claim;
import io.chatkitmigrate.transforms.validate.Claims.Claimed;
import io.chatkitmigrate.transforms.validate.Claims.Referrers;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The rules between items, decided from all claims on an id and a part at a time. */
class ClaimsAndOrderTest {
  private static Claimed claim(String file, long line, Claim claim) {
    return new Claimed(file, line, 1, "message", claim, List.of("m1"));
  }

  @Test
  void theFirstHolderOwnsAnIdLaterOnesAreDuplicatesAndOnlyLaterItemsMayReferToIt() {
    Claimed early = claim("a", 9, Claim.PARENT_ID);
    Claimed owner = claim("b", 2, Claim.MESSAGE_ID);
    Claimed self = claim("b", 2, Claim.QUOTED_MESSAGE_ID);
    Claimed later = claim("b", 7, Claim.PARENT_ID);
    Claimed duplicate = claim("c", 1, Claim.MESSAGE_ID);
    // Given in no particular order, as a grouping hands them.
    List<Claimed> failed = Claims.failures(List.of(later, duplicate, self, early, owner));
    assertEquals(List.of(duplicate, self, early), failed);
    assertEquals(List.of(later), Claims.failures(List.of(later)));
    assertEquals(
        new Found("c", 1, 1, "duplicate", "duplicate message id m1", "message", null).toString(),
        duplicate.failure().toString());
  }

  @Test
  void aReferenceThatStandsForLaterItemsFailsForEachOfThemTheOwnerDoesNotPrecede() {
    // Items at lines 3, 5, 8 and 12 of part b refer to m1; given the owner, which of them fail.
    Referrers later =
        new Referrers(
            new long[] {5, 8, 12}, new int[] {2, 1, 4}, new String[] {"message", "poll", null});
    Claimed first = new Claimed("b", 3, 1, "message", Claim.PARENT_ID, List.of("m1"), later);
    Claimed atThree = first.alone();
    Claimed atFive = new Claimed("b", 5, 2, "message", Claim.PARENT_ID, List.of("m1"));
    Claimed atEight = new Claimed("b", 8, 1, "poll", Claim.PARENT_ID, List.of("m1"));
    Claimed atTwelve = new Claimed("b", 12, 4, null, Claim.PARENT_ID, List.of("m1"));
    assertEquals(List.of(atThree, atFive, atEight, atTwelve), Claims.failures(List.of(first)));
    // The owner between them: the items up to its line fail, the later ones hold.
    Claimed ownerAtFive = claim("b", 5, Claim.MESSAGE_ID);
    assertEquals(List.of(atThree, atFive), Claims.failures(List.of(first, ownerAtFive)));
    assertEquals(
        List.of(atThree, atFive, atEight),
        Claims.failures(List.of(claim("b", 8, Claim.MESSAGE_ID), first)));
    // An owner before the first holds them all; a later duplicate fails alone.
    Claimed duplicate = claim("b", 9, Claim.MESSAGE_ID);
    assertEquals(
        List.of(duplicate),
        Claims.failures(List.of(first, duplicate, claim("a", 100, Claim.MESSAGE_ID))));
    assertEquals(
        new Found(
                "b",
                12,
                4,
                "reference",
                "parent_id m1 is not an earlier message of the import",
                null,
                null)
            .toString(),
        first.referrer(2).failure().toString());
    assertThrows(
        IllegalArgumentException.class,
        () -> new Claimed("b", 3, 1, "message", Claim.MESSAGE_ID, List.of("m1"), later));
    // What holds for the first holds for the later ones only: none may come before it.
    assertThrows(
        IllegalArgumentException.class,
        () -> new Claimed("b", 6, 1, "message", Claim.PARENT_ID, List.of("m1"), later));
  }

  @Test
  void anItemIsOutOfOrderAfterAHigherRankInAnEarlierPartOrEarlierInItsOwn() {
    assertEquals(
        Map.of("p1", -1, "p2", 3, "p3", 4),
        TypeOrder.highestBeforeEachPart(Map.of("p3", 0, "p1", 3, "p2", 4)));
    // Lines in the order a grouping hands them: ranks 0 (line 1), 3 (5), 0 (9), 3 (12), 5 (13).
    long[] lines = {9, 1, 13, 5, 12};
    int[] ranks = {0, 0, 5, 3, 3};
    assertEquals(
        List.of(new TypeOrder.OutOfOrder(9, 0, 3)), TypeOrder.outOfOrder(-1, lines, ranks));
    assertEquals(
        List.of(
            new TypeOrder.OutOfOrder(1, 0, 4),
            new TypeOrder.OutOfOrder(5, 3, 4),
            new TypeOrder.OutOfOrder(9, 0, 4),
            new TypeOrder.OutOfOrder(12, 3, 4)),
        TypeOrder.outOfOrder(4, lines, ranks));
  }
}
