package io.chatkitmigrate.transforms.join;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A message's bucket is always one its room's facts were sent to, and a busy room spreads. */
class GroupsTest {

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 5, 16, 17, 48, 470})
  void everyMessageBucketReceivesItsRoom(int groups) {
    for (String room : new String[] {"general", "r-1", "ü-room", "", "a:b"}) {
      Set<Integer> roomBuckets =
          Arrays.stream(Groups.ofRoom(room, groups)).boxed().collect(Collectors.toSet());
      assertEquals(
          Math.min(groups, Groups.ROOM_SPREAD), roomBuckets.size(), "distinct buckets of " + room);
      for (long second = 1_585_000_000L; second < 1_585_000_000L + 5_000; second++) {
        int bucket = Groups.ofRoomAndSecond(room, second, groups);
        assertTrue(bucket >= 0 && bucket < groups);
        assertTrue(
            roomBuckets.contains(bucket), room + " at " + second + " fell in bucket " + bucket);
      }
    }
  }

  @Test
  void aRoomsSecondsUseAllItsBuckets() {
    Set<Integer> used = new HashSet<>();
    for (long second = 0; second < 1_000; second++) {
      used.add(Groups.ofRoomAndSecond("hot", second, 470));
    }
    assertEquals(Groups.ROOM_SPREAD, used.size());
  }
}
