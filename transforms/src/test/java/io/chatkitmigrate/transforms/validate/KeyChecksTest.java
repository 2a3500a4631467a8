package io.chatkitmigrate.transforms.validate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.chatkitmigrate.schemas.stream.validate.ItemRules.Claim;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * What the keys' hashes clear and what they leave to the claims: a key is clear only with one
 * holder in a range before every range that refers to it without holding it.
 */
class KeyChecksTest {
  private static KeyHashes range(String file, int index, long[] defined, long... referred) {
    return new KeyHashes(file, index, defined, referred);
  }

  private static long[] ids(long... hashes) {
    return hashes;
  }

  /** The unclear keys by range, "file#index" to its hashes. */
  private static Map<String, TreeSet<Long>> unclear(KeyHashes... ranges) {
    Map<String, TreeSet<Long>> found = new TreeMap<>();
    KeyChecks.unclear(
        List.of(ranges),
        (range, hash) -> {
          boolean added =
              found.computeIfAbsent(range.replace('\n', '#'), r -> new TreeSet<>()).add(hash);
          assertEquals(true, added, "each (range, key) once: " + range + " " + hash);
        });
    return found;
  }

  @Test
  void keysHeldOnceAndReferredToFromLaterRangesAreClear() {
    // Given out of order, as a grouping hands them; range 10 comes after range 2, part b after a.
    assertEquals(
        Map.of(),
        unclear(
            range("b", 0, ids(), 3, 1),
            range("a", 10, ids(3), 2),
            range("a", 2, ids(1, 2)),
            range("a", 5, ids(4), 1),
            range("a", 0, ids(9))));
  }

  @Test
  void everyOtherKeyIsLeftToItsClaimsInEveryRangeThatTouchesIt() {
    assertEquals(
        Map.of(
            "a#0", new TreeSet<>(List.of(1L, 5L, 6L)),
            "a#1", new TreeSet<>(List.of(1L, 6L)),
            "b#0", new TreeSet<>(List.of(1L, 6L, 7L, 9L))),
        unclear(
            // 1: held twice (a#0, a#1), and referred to from b#0.
            range("a", 0, ids(1, 5, 5), 6),
            range("a", 1, ids(1, 6)),
            // 5: held twice within one range; 6: referred to (a#0) before its holder's range;
            // 7: referred to before its holder within one range; 9: held by no item.
            range("b", 0, ids(7, 8), 1, 7, 9, 6)));
  }

  @Test
  void aRangeSaysEachKeyItRefersToOnceAndNotWhenAnEarlierItemHoldsIt() {
    PartRange where = new PartRange("p", 3, 0, 100);
    RangeKeys keys = new RangeKeys(where, 1);
    keys.item(facts(1, Claim.PARENT_ID, "m2"));
    keys.item(facts(2, Claim.MESSAGE_ID, "m1", Claim.QUOTED_MESSAGE_ID, "m1"));
    keys.item(facts(3, Claim.MESSAGE_ID, "m2", Claim.PARENT_ID, "m1"));
    keys.item(facts(4, Claim.MESSAGE_ID, "m1", Claim.PARENT_ID, "m2"));
    keys.item(facts(5, Claim.USER, "m1", Claim.PARENT_ID, "m3", Claim.QUOTED_MESSAGE_ID, "m3"));
    List<KeyHashes> sent = new ArrayList<>();
    keys.finish((bucket, k) -> sent.add(k));
    assertEquals(1, sent.size());
    KeyHashes k = sent.get(0);
    assertEquals("p", k.file());
    assertEquals(3, k.index());
    // Every holding, the duplicate m1 too; m2 referred to before its holder, m1 by the item that
    // holds it, m3 once for two references, and the user m1 apart from the message m1.
    assertArrayEquals(sorted(message("m1"), message("m2"), message("m1")), sorted(k.defined()));
    assertArrayEquals(
        sorted(
            message("m2"), message("m1"), message("m3"), RangeKeys.hash(entry(Claim.USER, "m1"))),
        sorted(k.referred()));
  }

  private static long message(String id) {
    return RangeKeys.hash(entry(Claim.MESSAGE_ID, id));
  }

  private static ItemFacts.Entry entry(Claim claim, String id) {
    return ItemFacts.Entry.claim(claim, id);
  }

  private static ItemFacts facts(long line, Object... claimsAndIds) {
    List<ItemFacts.Entry> entries = new ArrayList<>();
    for (int i = 0; i < claimsAndIds.length; i += 2) {
      entries.add(entry((Claim) claimsAndIds[i], (String) claimsAndIds[i + 1]));
    }
    return new ItemFacts("p", line, "message", 3, entries);
  }

  private static long[] sorted(long... hashes) {
    long[] copy = hashes.clone();
    java.util.Arrays.sort(copy);
    return copy;
  }
}
