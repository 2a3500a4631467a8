package io.chatkitmigrate.transforms.rules;

import it.unimi.dsi.fastutil.ints.IntArrays;

/**
 * Keeps Chatkit's message order in Stream (docs/conversion.md §12). Chatkit orders by id and many
 * messages share one second; Stream orders by {@code created_at}. The k-th message (from 0, in id
 * order) among those of a room that share one original timestamp gets +k µs, so the order and every
 * read cursor survive. Exports are to the second, so +k stays below the next second for up to
 * 999,999 messages a second; timestamps with fractions closer together than their group's size
 * could meet, which {@link RoomTimeline} would then report as a read-state difference rather than
 * hide.
 */
public final class TieBreak {
  private TieBreak() {}

  /**
   * @param ids message ids of one room (any subset that holds every message sharing a timestamp)
   * @param original their original {@code created_at}, µs
   * @return the final {@code created_at} of each, in the input's order
   */
  public static long[] assign(long[] ids, long[] original) {
    int n = ids.length;
    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    IntArrays.quickSort(
        order,
        (a, b) -> {
          int c = Long.compare(original[a], original[b]);
          return c != 0 ? c : Long.compare(ids[a], ids[b]);
        });
    long[] result = new long[n];
    int k = 0;
    for (int j = 0; j < n; j++) {
      int i = order[j];
      k = j > 0 && original[order[j - 1]] == original[i] ? k + 1 : 0;
      result[i] = original[i] + k;
    }
    return result;
  }
}
