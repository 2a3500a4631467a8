package io.chatkitmigrate.transforms.validate;

import it.unimi.dsi.fastutil.longs.Long2IntOpenHashMap;
import it.unimi.dsi.fastutil.longs.LongOpenHashSet;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * The keys of one bucket that the hashes cannot clear, and the ranges whose claims on them must be
 * made again to decide them ({@link Claims}). A key is clear when exactly one item holds it and
 * every range that refers to it without holding it comes after that item's range; anything else
 * (two holders, none, or a holder not in an earlier range) may be an error, and is decided again
 * from the claims. Two keys whose hashes are equal look like one key here, so a reference could
 * pass for a key it only collides with, with odds near 2^-64 per key the import holds; the
 * sequential validator keeps members, messages and reactions by the same hash.
 */
final class KeyChecks {
  private KeyChecks() {}

  /** Each (range, key) whose claims must be made again, given as the range's name and the hash. */
  static void unclear(Iterable<KeyHashes> bucket, BiConsumer<String, Long> out) {
    List<KeyHashes> ranges = new ArrayList<>();
    bucket.forEach(ranges::add);
    ranges.sort(Comparator.comparing(KeyHashes::file).thenComparingInt(KeyHashes::index));
    Long2IntOpenHashMap holder = new Long2IntOpenHashMap();
    holder.defaultReturnValue(-1);
    LongOpenHashSet unclear = new LongOpenHashSet();
    for (int r = 0; r < ranges.size(); r++) {
      for (long h : ranges.get(r).defined()) {
        if (holder.putIfAbsent(h, r) != -1) {
          unclear.add(h);
        }
      }
    }
    for (int r = 0; r < ranges.size(); r++) {
      for (long h : ranges.get(r).referred()) {
        int held = holder.get(h);
        if (held < 0 || held >= r) {
          unclear.add(h);
        }
      }
    }
    if (unclear.isEmpty()) {
      return;
    }
    for (KeyHashes range : ranges) {
      LongOpenHashSet ofRange = new LongOpenHashSet();
      for (long h : range.defined()) {
        if (unclear.contains(h) && ofRange.add(h)) {
          out.accept(range.rangeName(), h);
        }
      }
      for (long h : range.referred()) {
        if (unclear.contains(h) && ofRange.add(h)) {
          out.accept(range.rangeName(), h);
        }
      }
    }
  }
}
