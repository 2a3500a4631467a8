package io.chatkitmigrate.transforms.validate;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The order rule of the import: an item is out of order when an item of a higher rank comes before
 * it, in an earlier part or earlier in its own. Decided a part at a time, from the highest rank of
 * the parts before it.
 */
final class TypeOrder {
  private TypeOrder() {}

  /** An item out of order, and the rank of the highest item before it. */
  record OutOfOrder(long line, int rank, int highestBefore) {}

  /** For each part, the highest rank of an item in the parts before it (-1 when none). */
  static Map<String, Integer> highestBeforeEachPart(Map<String, Integer> highestOfPart) {
    Map<String, Integer> before = new TreeMap<>();
    int highest = -1;
    for (Map.Entry<String, Integer> e : new TreeMap<>(highestOfPart).entrySet()) {
      before.put(e.getKey(), highest);
      highest = Math.max(highest, e.getValue());
    }
    return before;
  }

  /**
   * The items of one part out of order, given their lines and ranks in any order and the highest
   * rank before the part; in line order.
   */
  static List<OutOfOrder> outOfOrder(int highestBeforePart, long[] lines, int[] ranks) {
    Integer[] byLine = new Integer[lines.length];
    for (int i = 0; i < byLine.length; i++) {
      byLine[i] = i;
    }
    Arrays.sort(byLine, (a, b) -> Long.compare(lines[a], lines[b]));
    List<OutOfOrder> found = new ArrayList<>();
    int highest = highestBeforePart;
    for (int i : byLine) {
      if (ranks[i] < highest) {
        found.add(new OutOfOrder(lines[i], ranks[i], highest));
      } else {
        highest = ranks[i];
      }
    }
    return found;
  }
}
