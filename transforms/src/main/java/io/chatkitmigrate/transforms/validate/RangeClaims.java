package io.chatkitmigrate.transforms.validate;

import io.chatkitmigrate.schemas.stream.validate.ItemRules;
import io.chatkitmigrate.transforms.validate.Claims.Claimed;
import io.chatkitmigrate.transforms.validate.Claims.Referrers;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongPredicate;

/**
 * The claims of one range's items, in line order, on their way to their keys' buckets, as few as
 * stay exact. A reference to a key an earlier item of the range holds is not sent: whoever owns the
 * key comes no later. Of the other references on one key, only the range's first is sent, standing
 * for the later ones ({@link Referrers}): if it holds, the owner is before them all. Claims are
 * made only on the keys asked for: the decision on a key needs every claim on it, and no other.
 */
final class RangeClaims {
  /** Where a batch of claims of one bucket goes. */
  interface Out {
    void batch(int bucket, ClaimBatch batch);
  }

  private static final ItemRules.Claim[] CLAIMS = ItemRules.Claim.values();
  private static final int SPACES = ItemRules.Space.values().length;

  private final String file;
  private final int groups;
  private final int perBatch;
  private final int maxHeld;
  private final LongPredicate keep;
  private final Out out;
  private final Map<Integer, List<Claimed>> batches = new HashMap<>();
  // By the key's set of ids: the keys held by items of earlier lines of the range.
  private final List<Set<List<String>>> definedBefore = new ArrayList<>(SPACES);
  // By the claim: the references not yet sent, each the first on its key since the last sending.
  private final List<Map<List<String>, Held>> held = new ArrayList<>(CLAIMS.length);
  private int heldCount;
  // The ids the current item holds.
  private final List<Claimed> defines = new ArrayList<>(2);

  /**
   * @param perBatch claims of a bucket that travel together, at most
   * @param maxHeld references held back at once, at most: when there are more, those held are sent
   * @param keep whether the claims on a key are made, by the key's hash ({@link RangeKeys#hash})
   */
  RangeClaims(String file, int groups, int perBatch, int maxHeld, LongPredicate keep, Out out) {
    this.file = file;
    this.groups = groups;
    this.perBatch = perBatch;
    this.maxHeld = maxHeld;
    this.keep = keep;
    this.out = out;
    for (int i = 0; i < SPACES; i++) {
      definedBefore.add(new HashSet<>());
    }
    for (int i = 0; i < CLAIMS.length; i++) {
      held.add(new HashMap<>());
    }
  }

  /** The claims of one item, its line a {@link Position}; lines come in increasing order. */
  void item(ItemFacts facts) {
    List<ItemFacts.Entry> entries = facts.entries();
    for (int i = 0; i < entries.size(); i++) {
      ItemFacts.Entry e = entries.get(i);
      if (e.claim() != null && keep.test(RangeKeys.hash(e))) {
        // The item's errors come after its order error (place 0), in the order found.
        claim(facts.line(), i + 1, facts.type(), e.claim(), e.key());
      }
    }
    // Only after the whole line: an item that refers to its own id does not come after it.
    for (Claimed c : defines) {
      definedBefore.get(c.claim().space().ordinal()).add(c.key());
    }
    defines.clear();
  }

  private void claim(long line, int seq, String type, ItemRules.Claim claim, List<String> key) {
    if (claim.defines()) {
      Claimed c = new Claimed(file, line, seq, type, claim, key);
      defines.add(c);
      send(c);
      return;
    }
    if (definedBefore.get(claim.space().ordinal()).contains(key)) {
      return;
    }
    Map<List<String>, Held> byKey = held.get(claim.ordinal());
    Held h = byKey.get(key);
    if (h != null) {
      h.add(line, seq, type);
      return;
    }
    if (heldCount >= maxHeld) {
      sendHeld();
    }
    byKey.put(key, new Held(new Claimed(file, line, seq, type, claim, key)));
    heldCount++;
  }

  /** Sends every claim not yet sent: at the range's end. */
  void finish() {
    sendHeld();
    batches.forEach(
        (bucket, batch) -> {
          if (!batch.isEmpty()) {
            out.batch(bucket, new ClaimBatch(file, batch));
          }
        });
    batches.clear();
  }

  private void sendHeld() {
    for (Map<List<String>, Held> byKey : held) {
      for (Held h : byKey.values()) {
        send(h.claim());
      }
      byKey.clear();
    }
    heldCount = 0;
  }

  private void send(Claimed c) {
    int bucket = Claims.bucket(c.claim().space(), c.key(), groups);
    List<Claimed> batch = batches.computeIfAbsent(bucket, b -> new ArrayList<>());
    batch.add(c);
    if (batch.size() >= perBatch) {
      out.batch(bucket, new ClaimBatch(file, batch));
      batches.put(bucket, new ArrayList<>());
    }
  }

  /** A first reference of the range on its key, and the later items that make it too. */
  private static final class Held {
    private final Claimed first;
    private long[] lines = new long[0];
    private int[] seqs = new int[0];
    private String[] types = new String[0];
    private int n;

    Held(Claimed first) {
      this.first = first;
    }

    void add(long line, int seq, String type) {
      if (n == lines.length) {
        int size = Math.max(4, 2 * n);
        lines = Arrays.copyOf(lines, size);
        seqs = Arrays.copyOf(seqs, size);
        types = Arrays.copyOf(types, size);
      }
      lines[n] = line;
      seqs[n] = seq;
      types[n++] = Claims.shared(type);
    }

    Claimed claim() {
      if (n == 0) {
        return first;
      }
      return new Claimed(
          first.file(),
          first.line(),
          first.seq(),
          first.type(),
          first.claim(),
          first.key(),
          new Referrers(Arrays.copyOf(lines, n), Arrays.copyOf(seqs, n), Arrays.copyOf(types, n)));
    }
  }
}
