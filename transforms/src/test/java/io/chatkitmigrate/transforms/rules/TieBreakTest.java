package io.chatkitmigrate.transforms.rules;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** docs/conversion.md §12. */
class TieBreakTest {
  @Test
  void twoHundredMessagesInOneSecondKeepTheirIdOrder() {
    int n = 200;
    long second = 1_585_140_779_000_000L;
    long[] ids = new long[n];
    long[] original = new long[n];
    // Shuffled input: the order given must not matter.
    Random random = new Random(1);
    for (int i = 0; i < n; i++) {
      ids[i] = 1000 + i;
      original[i] = second;
    }
    for (int i = n - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      long t = ids[i];
      ids[i] = ids[j];
      ids[j] = t;
    }
    long[] result = TieBreak.assign(ids, original);
    for (int i = 0; i < n; i++) {
      assertTrue(
          result[i] == second + (ids[i] - 1000),
          "id " + ids[i] + " gets +" + (ids[i] - 1000) + " µs");
    }
  }

  @Test
  void messagesAloneInTheirSecondKeepTheirInstant() {
    assertArrayEquals(
        new long[] {5_000_000, 7_000_000, 7_000_001, 6_000_000},
        TieBreak.assign(
            new long[] {1, 3, 4, 2}, new long[] {5_000_000, 7_000_000, 7_000_000, 6_000_000}));
  }
}
