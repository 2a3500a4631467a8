package io.chatkitmigrate.transforms.slice;

import java.io.Serializable;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which rooms a slice keeps: the ones named, or a seeded share of all of them (each room by a hash
 * of its id and the seed, so the same seed keeps the same rooms on every run and every worker).
 */
public record RoomChoice(Set<String> rooms, double fraction, long seed) implements Serializable {
  public static RoomChoice all() {
    return new RoomChoice(Set.of(), 1.0, 0);
  }

  /**
   * From {@code --rooms=ID,ID} (when not blank) or {@code --sampleRooms=FRACTION} (when above 0).
   */
  public static RoomChoice of(String rooms, double fraction, long seed) {
    if (rooms != null && !rooms.isBlank()) {
      return new RoomChoice(Set.copyOf(List.of(rooms.trim().split("\\s*,\\s*"))), 1.0, seed);
    }
    if (fraction > 0 && fraction < 1) {
      return new RoomChoice(Set.of(), fraction, seed);
    }
    return all();
  }

  public boolean everything() {
    return rooms.isEmpty() && fraction >= 1;
  }

  public boolean keeps(String roomId) {
    if (!rooms.isEmpty()) {
      return rooms.contains(roomId);
    }
    return fraction >= 1 || share(roomId, seed) < fraction;
  }

  /** An id's place in [0, 1) for this seed: a seeded sample takes the ids below its fraction. */
  public static double share(String id, long seed) {
    long h = seed ^ 0x9E3779B97F4A7C15L;
    for (int i = 0; i < id.length(); i++) {
      h = (h ^ id.charAt(i)) * 0x100000001B3L;
    }
    h ^= h >>> 33;
    h *= 0xff51afd7ed558ccdL;
    h ^= h >>> 33;
    h *= 0xc4ceb9fe1a85ec53L;
    h ^= h >>> 33;
    return (h >>> 11) * 0x1.0p-53;
  }

  public String describe() {
    return !rooms.isEmpty()
        ? "the rooms " + String.join(", ", new TreeSet<>(rooms))
        : everything()
            ? "every room"
            : String.format("a seeded share of %s of the rooms (seed %d)", fraction, seed);
  }
}
