package io.chatkitmigrate.transforms.rules;

import it.unimi.dsi.fastutil.longs.LongArrays;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Which records of a message disagree on the second of their {@code created_at}, told from 64-bit
 * hashes of their {@code (room_id, id)}. The message stage meets a message's records in buckets of
 * (room, second), so such copies would never meet and the message would be written twice
 * (docs/conversion.md §9). Two messages whose hashes collide can only name seconds too many, which
 * costs a detour and never a wrong message.
 */
public final class SecondsApart {
  private SecondsApart() {}

  /** A room, by its id's {@code hashCode}, and a second it holds a record of such a message in. */
  public record RoomSecond(int room, long second) {}

  /**
   * @param hashes the hash of each record's {@code (room_id, id)}
   * @param rooms the {@code hashCode} of each record's room id
   * @param seconds the second of each record's {@code created_at}
   * @return every (room, second) that holds a record of a message whose records fall in more than
   *     one second, in the order of their hashes
   */
  public static Set<RoomSecond> find(long[] hashes, int[] rooms, long[] seconds) {
    int n = hashes.length;
    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    LongArrays.radixSortIndirect(order, hashes, false);
    Set<RoomSecond> found = new LinkedHashSet<>();
    int start = 0;
    while (start < n) {
      long hash = hashes[order[start]];
      int end = start + 1;
      boolean apart = false;
      while (end < n && hashes[order[end]] == hash) {
        apart |= seconds[order[end]] != seconds[order[start]];
        end++;
      }
      if (apart) {
        for (int k = start; k < end; k++) {
          found.add(new RoomSecond(rooms[order[k]], seconds[order[k]]));
        }
      }
      start = end;
    }
    return found;
  }
}
