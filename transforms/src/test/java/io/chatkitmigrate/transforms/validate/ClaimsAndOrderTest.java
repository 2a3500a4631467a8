package io.chatkitmigrate.transforms.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.chatkitmigrate.transforms.validate.Claims.Claimed;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The rules between items, decided from all claims on a key and from each part's types. */
class ClaimsAndOrderTest {
  @Test
  void theFirstHolderOwnsAnIdLaterOnesAreDuplicatesAndOnlyLaterItemsMayReferToIt() {
    Claimed early = new Claimed("a", 9, 1, false);
    Claimed owner = new Claimed("b", 2, 0, true);
    Claimed self = new Claimed("b", 2, 3, false);
    Claimed later = new Claimed("b", 7, 2, false);
    Claimed duplicate = new Claimed("c", 1, 0, true);
    // Given in no particular order, as a grouping hands them.
    List<Claimed> failed = Claims.failures(List.of(later, duplicate, self, early, owner));
    assertEquals(List.of(duplicate, self, early), failed);
    assertEquals(List.of(later), Claims.failures(List.of(later)));
  }

  @Test
  void anItemIsOutOfOrderAfterAHigherRankInAnEarlierPartOrEarlierInItsOwn() {
    FileTypes first = new FileTypes().add(0, 1).add(3, 5).add(0, 9);
    FileTypes second = new FileTypes().add(4, 1).add(0, 2);
    TypeOrder order = new TypeOrder(Map.of("p2", second, "p1", first));
    assertEquals(-1, order.highestBefore("p1", 1));
    assertEquals(0, order.highestBefore("p1", 5));
    assertEquals(3, order.highestBefore("p1", 9));
    assertEquals(3, order.highestBefore("p2", 1));
    assertEquals(4, order.highestBefore("p2", 2));
    assertEquals(List.of(0, 3), List.of(first.inOrder()));
    assertEquals(List.of(4, 0), List.of(second.inOrder()));
  }
}
