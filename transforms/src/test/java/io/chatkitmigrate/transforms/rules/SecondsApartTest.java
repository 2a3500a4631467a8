package io.chatkitmigrate.transforms.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.chatkitmigrate.transforms.rules.SecondsApart.RoomSecond;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SecondsApartTest {
  @Test
  void copiesInOneSecondAndSingleRecordsNameNothing() {
    assertEquals(
        Set.of(),
        SecondsApart.find(
            new long[] {7, 9, 7, 3}, new int[] {1, 1, 1, 2}, new long[] {100, 100, 100, 5}));
    assertEquals(Set.of(), SecondsApart.find(new long[0], new int[0], new long[0]));
  }

  @Test
  void everySecondOfAMessageWhoseCopiesDisagreeIsNamedOnce() {
    assertEquals(
        Set.of(new RoomSecond(1, 100), new RoomSecond(1, 107), new RoomSecond(1, 200)),
        SecondsApart.find(
            new long[] {7, 9, 7, 7, 7, 3},
            new int[] {1, 1, 1, 1, 1, 2},
            new long[] {100, 100, 107, 200, 107, 5}));
  }

  @Test
  void twoMessagesWhoseHashesCollideNameTheSecondsOfBoth() {
    // A collision can only set records aside that did not need it, never hide a split message.
    assertEquals(
        Set.of(new RoomSecond(1, 100), new RoomSecond(2, 300)),
        SecondsApart.find(new long[] {-5, -5}, new int[] {1, 2}, new long[] {100, 300}));
  }
}
