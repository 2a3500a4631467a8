package io.chatkitmigrate.transforms.slice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RoomChoiceTest {
  @Test
  void namedRoomsAreExactlyTheOnesKept() {
    RoomChoice c = RoomChoice.of(" a, b ,c", 0, 1);
    assertTrue(c.keeps("a") && c.keeps("b") && c.keeps("c"));
    assertFalse(c.keeps("d"));
    assertFalse(c.everything());
    assertEquals("the rooms a, b, c", c.describe());
  }

  @Test
  void aSeededShareKeepsTheSameRoomsForTheSameSeedAndAboutTheShare() {
    RoomChoice c = RoomChoice.of("", 0.2, 9);
    RoomChoice other = RoomChoice.of("", 0.2, 10);
    int kept = 0;
    int differ = 0;
    for (int i = 0; i < 10_000; i++) {
      String id = "room-" + i;
      assertEquals(c.keeps(id), RoomChoice.of("", 0.2, 9).keeps(id));
      kept += c.keeps(id) ? 1 : 0;
      differ += c.keeps(id) != other.keeps(id) ? 1 : 0;
    }
    assertTrue(kept > 1800 && kept < 2200, kept + " of 10000");
    assertTrue(differ > 1000, "another seed, other rooms: " + differ);
  }

  @Test
  void neitherOptionMeansEveryRoom() {
    assertTrue(RoomChoice.of("", 0, 1).everything());
    assertTrue(RoomChoice.of(null, 0, 1).keeps("anything"));
  }
}
