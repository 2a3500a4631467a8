package io.chatkitmigrate.transforms.validate;

import io.chatkitmigrate.schemas.stream.validate.KeyHash;
import io.chatkitmigrate.transforms.join.Groups;
import it.unimi.dsi.fastutil.longs.LongArrayList;
import it.unimi.dsi.fastutil.longs.LongOpenHashSet;
import java.util.List;

/**
 * The keys of one range's items, as hashes, on their way to their buckets: every id an item holds,
 * and every key referred to that no earlier item of the range holds, once. Most outputs are valid,
 * and for them these hashes are all the claims need ({@link KeyChecks}); the claims themselves,
 * with the items' lines and the errors' words, are made again only for the keys the hashes cannot
 * clear.
 */
final class RangeKeys {
  private final PartRange range;
  private final int groups;
  private final LongArrayList defined = new LongArrayList();
  private final LongOpenHashSet definedBefore = new LongOpenHashSet();
  private final LongOpenHashSet referred = new LongOpenHashSet();
  // The ids the current item holds: it does not come before itself.
  private final LongArrayList defines = new LongArrayList(2);

  RangeKeys(PartRange range, int groups) {
    this.range = range;
    this.groups = groups;
  }

  /** The keys of one item; items come in line order. */
  void item(ItemFacts facts) {
    List<ItemFacts.Entry> entries = facts.entries();
    for (int i = 0; i < entries.size(); i++) {
      ItemFacts.Entry e = entries.get(i);
      if (e.claim() == null) {
        continue;
      }
      long h = hash(e);
      if (e.claim().defines()) {
        defines.add(h);
      } else if (!definedBefore.contains(h)) {
        referred.add(h);
      }
    }
    for (int i = 0; i < defines.size(); i++) {
      defined.add(defines.getLong(i));
      definedBefore.add(defines.getLong(i));
    }
    defines.clear();
  }

  /** The hash a claim's key is known by, here and where its claims are made again. */
  static long hash(ItemFacts.Entry e) {
    return KeyHash.of(e.claim().space(), e.key());
  }

  /** The bucket of a key's hash, the same for its id and every reference to it. */
  static int bucket(long hash, int groups) {
    return Groups.ofHash(Long.hashCode(hash), groups);
  }

  /** Where the range's keys of one bucket go. */
  interface Out {
    void keys(int bucket, KeyHashes keys);
  }

  /** The range's keys, a batch per bucket that has any. */
  void finish(Out out) {
    LongArrayList[] definedBy = split(defined.toLongArray());
    LongArrayList[] referredBy = split(referred.toLongArray());
    for (int b = 0; b < groups; b++) {
      if (definedBy[b] != null || referredBy[b] != null) {
        out.keys(
            b,
            new KeyHashes(range.file(), range.index(), array(definedBy[b]), array(referredBy[b])));
      }
    }
  }

  private LongArrayList[] split(long[] hashes) {
    LongArrayList[] by = new LongArrayList[groups];
    for (long h : hashes) {
      int b = bucket(h, groups);
      if (by[b] == null) {
        by[b] = new LongArrayList();
      }
      by[b].add(h);
    }
    return by;
  }

  private static long[] array(LongArrayList list) {
    return list == null ? new long[0] : list.toLongArray();
  }
}
