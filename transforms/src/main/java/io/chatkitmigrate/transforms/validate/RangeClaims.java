package io.chatkitmigrate.transforms.validate;

import io.chatkitmigrate.schemas.stream.validate.ItemRules;
import io.chatkitmigrate.transforms.validate.Claims.Referrers;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The claims of one range's items, in line order, on their way to their keys' buckets, as few as
 * stay exact. A reference to a key an earlier item of the range holds is not sent: whoever owns the
 * key comes no later. Of the other references on one key, only the range's first is sent, standing
 * for the later ones ({@link Referrers}): if it holds, the owner is before them all. Claims come
 * straight from the rules ({@link #claim}) and go into each bucket's columns, with no object per
 * claim: a range of messages makes about one per item.
 */
final class RangeClaims implements ItemRules.Sink {
  /** Where a batch of claims of one bucket goes. */
  interface Out {
    void batch(int bucket, ClaimBatch batch);
  }

  /** Where an item's own errors go, with their place among its errors and claims. */
  interface Errors {
    void error(long line, int seq, String type, String kind, String message);
  }

  private static final ItemRules.Claim[] CLAIMS = ItemRules.Claim.values();
  private static final int SPACES = ItemRules.Space.values().length;
  private static final Errors NO_ERRORS = (line, seq, type, kind, message) -> {};

  private final String file;
  private final int groups;
  private final int perBatch;
  private final int maxHeld;
  private final Out out;
  private final Map<Integer, ClaimBatch.Builder> batches = new HashMap<>();
  // By the key's set of ids: the keys held by items of earlier lines of the range.
  private final List<ByKey<Boolean>> definedBefore = new ArrayList<>(SPACES);
  // By the claim: the references not yet sent, each the first on its key since the last sending.
  private final List<ByKey<Held>> held = new ArrayList<>(CLAIMS.length);
  private int heldCount;

  // The item whose rules are running: where it is, its type, its errors and claims so far, and the
  // ids it holds (by space, hash and parts), which count as before only for later items.
  private long line;
  private String type;
  private int seq;
  private Errors errors = NO_ERRORS;
  private final List<Defined> defines = new ArrayList<>(2);

  private record Defined(ItemRules.Space space, long hash, List<String> key) {}

  /**
   * @param perBatch claims of a bucket that travel together, at most
   * @param maxHeld references held back at once, at most: when there are more, those held are sent
   */
  RangeClaims(String file, int groups, int perBatch, int maxHeld, Out out) {
    this.file = file;
    this.groups = groups;
    this.perBatch = perBatch;
    this.maxHeld = maxHeld;
    this.out = out;
    for (ItemRules.Space space : ItemRules.Space.values()) {
      definedBefore.add(new ByKey<>(space));
    }
    for (ItemRules.Claim claim : CLAIMS) {
      held.add(new ByKey<>(claim.space()));
    }
  }

  /**
   * Starts the item at {@code line} (a {@link Position}; lines come in increasing order): the rules
   * then report its errors and claims to this sink, its errors going on to {@code errors}.
   */
  void startItem(long line, String type, Errors errors) {
    this.line = line;
    this.type = Claims.shared(type);
    this.seq = 0;
    this.errors = errors;
  }

  /**
   * Ends the item: only now do its ids count, as an item that refers to its own id does not come
   * after it.
   */
  void endItem() {
    for (Defined d : defines) {
      definedBefore.get(d.space().ordinal()).put(d.hash(), d.key(), Boolean.TRUE);
    }
    defines.clear();
    errors = NO_ERRORS;
  }

  /** The claims of an item whose rules ran before (in tests): as if they ran now. */
  void item(ItemFacts facts) {
    startItem(facts.line(), facts.type(), NO_ERRORS);
    for (ItemFacts.Entry e : facts.entries()) {
      if (e.claim() == null) {
        error(e.kind(), e.message());
      } else {
        claim(e.claim(), e.key().toArray(String[]::new));
      }
    }
    endItem();
  }

  @Override
  public void error(String kind, String message) {
    // The item's errors come after its order error (place 0), in the order found.
    errors.error(line, ++seq, type, kind, message);
  }

  @Override
  public void claim(ItemRules.Claim claim, String... parts) {
    int at = ++seq;
    long hash = ItemRules.hash(parts);
    List<String> key = claim.space().hashed() ? null : List.of(parts);
    if (claim.defines()) {
      defines.add(new Defined(claim.space(), hash, key));
      send(hash, line, at, type, claim, key, null);
      return;
    }
    if (definedBefore.get(claim.space().ordinal()).get(hash, key) != null) {
      return;
    }
    ByKey<Held> byKey = held.get(claim.ordinal());
    Held h = byKey.get(hash, key);
    if (h != null) {
      h.add(line, at, type);
      return;
    }
    if (heldCount >= maxHeld) {
      sendHeld();
    }
    byKey.put(hash, key, new Held(hash, line, at, type, claim, key));
    heldCount++;
  }

  /** Sends every claim not yet sent: at the range's end. */
  void finish() {
    sendHeld();
    batches.forEach(
        (bucket, batch) -> {
          if (batch.size() > 0) {
            out.batch(bucket, batch.build());
          }
        });
    batches.clear();
  }

  private void sendHeld() {
    for (ByKey<Held> byKey : held) {
      for (Held h : byKey.values()) {
        send(h.hash, h.line, h.seq, h.type, h.claim, h.key, h.referrers());
      }
      byKey.clear();
    }
    heldCount = 0;
  }

  private void send(
      long hash,
      long at,
      int place,
      String itemType,
      ItemRules.Claim claim,
      List<String> key,
      Referrers referrers) {
    int bucket = Claims.bucket(claim.space(), hash, groups);
    ClaimBatch.Builder batch = batches.computeIfAbsent(bucket, b -> new ClaimBatch.Builder(file));
    batch.add(hash, at, place, itemType, claim, key, referrers);
    if (batch.size() >= perBatch) {
      out.batch(bucket, batch.build());
    }
  }

  /** A first reference of the range on its key, and the later items that make it too. */
  private static final class Held {
    final long hash;
    final long line;
    final int seq;
    final String type;
    final ItemRules.Claim claim;
    final List<String> key;
    private long[] lines = new long[0];
    private int[] seqs = new int[0];
    private String[] types = new String[0];
    private int n;

    Held(long hash, long line, int seq, String type, ItemRules.Claim claim, List<String> key) {
      this.hash = hash;
      this.line = line;
      this.seq = seq;
      this.type = type;
      this.claim = claim;
      this.key = key;
    }

    void add(long at, int place, String itemType) {
      if (n == lines.length) {
        int size = Math.max(4, 2 * n);
        lines = Arrays.copyOf(lines, size);
        seqs = Arrays.copyOf(seqs, size);
        types = Arrays.copyOf(types, size);
      }
      lines[n] = at;
      seqs[n] = place;
      types[n++] = itemType;
    }

    /** The later items, or null when there are none. */
    Referrers referrers() {
      return n == 0
          ? null
          : new Referrers(Arrays.copyOf(lines, n), Arrays.copyOf(seqs, n), Arrays.copyOf(types, n));
    }
  }
}
