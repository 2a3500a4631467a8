package io.chatkitmigrate.transforms.validate;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The order rule of the import from each part's types alone: an item is out of order when an item
 * of a higher rank comes before it, in an earlier part or earlier in its own.
 */
final class TypeOrder {
  private final Map<String, FileTypes> parts;
  private final Map<String, Integer> highestBeforePart = new HashMap<>();

  TypeOrder(Map<String, FileTypes> parts) {
    this.parts = parts;
    int highest = -1;
    for (Map.Entry<String, FileTypes> e : new TreeMap<>(parts).entrySet()) {
      highestBeforePart.put(e.getKey(), highest);
      highest = Math.max(highest, e.getValue().highest());
    }
  }

  /** The highest rank of an item before this one in the import, -1 when none. */
  int highestBefore(String file, long line) {
    FileTypes own = parts.get(file);
    int inPart = own == null ? -1 : own.highestBefore(line);
    return Math.max(highestBeforePart.getOrDefault(file, -1), inPart);
  }
}
