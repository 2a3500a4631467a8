package io.chatkitmigrate.transforms.validate;

import io.chatkitmigrate.schemas.stream.ImportItem;
import io.chatkitmigrate.schemas.stream.validate.ItemRules;
import io.chatkitmigrate.transforms.join.Groups;
import it.unimi.dsi.fastutil.longs.LongArrays;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The rules between items on one key, decided from every claim on it at once: the first item (in
 * the order of the import) that holds the key as its id owns it; every later holder is a duplicate,
 * and a reference holds only when the owner comes before the referring item. A key is its parts in
 * the spaces the validators keep as text, its hash in the others ({@link ByKey}).
 */
final class Claims {
  private Claims() {}

  /**
   * The claim that is the {@code seq}-th error place of the item of {@code type} at (file, line),
   * the line a {@link Position}, which orders as the line does, on the key of {@code hash} ({@link
   * ItemRules#hash}) whose parts are {@code key}, or null in a hashed space: there the error's
   * message is made when the report reads the item again. A reference may stand for the later items
   * of its range that make the same reference too ({@code later}).
   */
  record Claimed(
      String file,
      long line,
      int seq,
      String type,
      ItemRules.Claim claim,
      long hash,
      List<String> key,
      Referrers later)
      implements Serializable {
    Claimed {
      if ((key == null) != claim.space().hashed()) {
        throw new IllegalArgumentException("a key's parts go with it in unhashed spaces only");
      }
      if (claim.defines() && later.size() > 0) {
        throw new IllegalArgumentException("only a reference stands for later items: " + claim);
      }
      // What holds for the first holds for the later ones only when they come after it.
      long previous = line;
      for (long at : later.lines()) {
        if (at < previous) {
          throw new IllegalArgumentException("a reference stands for later items only: " + at);
        }
        previous = at;
      }
    }

    Claimed(
        String file,
        long line,
        int seq,
        String type,
        ItemRules.Claim claim,
        long hash,
        List<String> key) {
      this(file, line, seq, type, claim, hash, key, Referrers.NONE);
    }

    /** The claim on a key of these parts, as its space keeps them. */
    static Claimed of(
        String file, long line, int seq, String type, ItemRules.Claim claim, List<String> parts) {
      return new Claimed(
          file,
          line,
          seq,
          type,
          claim,
          ItemRules.hash(parts.toArray(String[]::new)),
          claim.space().hashed() ? null : parts);
    }

    boolean defines() {
      return claim.defines();
    }

    boolean before(Claimed other) {
      return before(other.file, other.line);
    }

    /** Whether this claim's item comes before the item at {@code line} of {@code otherFile}. */
    boolean before(String otherFile, long otherLine) {
      int c = file.compareTo(otherFile);
      return c < 0 || c == 0 && line < otherLine;
    }

    /** This claim's own item, without the later ones it stands for. */
    Claimed alone() {
      return later.size() == 0 ? this : new Claimed(file, line, seq, type, claim, hash, key);
    }

    /** The {@code i}-th of the later items this claim stands for, as a claim of its own. */
    Claimed referrer(int i) {
      return new Claimed(file, later.lines[i], later.seqs[i], later.types[i], claim, hash, key);
    }

    /** The claim's error; its message waits for the item in a hashed space ({@link Found}). */
    Found failure() {
      String message = key == null ? null : claim.message(key.toArray(String[]::new));
      return new Found(file, line, seq, claim.kind(), message, type, null);
    }
  }

  /**
   * The later items of one range (so of the same part, at later lines) that make the same reference
   * as the claim that carries them: their lines, error places and types.
   */
  record Referrers(long[] lines, int[] seqs, String[] types) implements Serializable {
    static final Referrers NONE = new Referrers(new long[0], new int[0], new String[0]);

    Referrers {
      if (seqs.length != lines.length || types.length != lines.length) {
        throw new IllegalArgumentException("referrers of unequal lengths");
      }
    }

    int size() {
      return lines.length;
    }

    /** Whether every one of them has this error place and type, as in a part of valid items. */
    boolean all(int seq, String type) {
      for (int i = 0; i < lines.length; i++) {
        if (seqs[i] != seq || !Objects.equals(types[i], type)) {
          return false;
        }
      }
      return true;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Referrers r
          && Arrays.equals(lines, r.lines)
          && Arrays.equals(seqs, r.seqs)
          && Arrays.equals(types, r.types);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(lines) * 31 + Arrays.hashCode(seqs);
    }

    @Override
    public String toString() {
      return "Referrers" + Arrays.toString(lines) + Arrays.toString(seqs) + Arrays.toString(types);
    }
  }

  /**
   * The claims on one key that fail, each failing item once: the later items a failing reference
   * stands for are decided one by one, as the owner may lie between them.
   */
  static List<Claimed> failures(Iterable<Claimed> claims) {
    Claimed owner = null;
    for (Claimed c : claims) {
      if (c.defines() && (owner == null || c.before(owner))) {
        owner = c;
      }
    }
    List<Claimed> failed = new ArrayList<>();
    for (Claimed c : claims) {
      if (c.defines()) {
        if (c != owner) {
          failed.add(c);
        }
      } else if (owner == null || !owner.before(c)) {
        // A reference that holds holds for the later items of its part too; one that fails may not.
        failed.add(c.alone());
        for (int i = 0; i < c.later().size(); i++) {
          if (owner == null || !owner.before(c.file(), c.later().lines()[i])) {
            failed.add(c.referrer(i));
          }
        }
      }
    }
    return failed;
  }

  /**
   * The claims of one bucket that fail, decided key by key. The claims' hashes are sorted with
   * their places (space, batch and index), so the claims on one key lie together; a key's only
   * claim (most ids have no other) is decided without becoming an object. In a space kept as text,
   * the claims on one hash are told apart by their parts.
   */
  static void decide(Iterable<ClaimBatch> bucket, Consumer<Claimed> failed) {
    List<ClaimBatch> batches = new ArrayList<>();
    int n = 0;
    for (ClaimBatch batch : bucket) {
      if (batch.size() > PLACE_MASK) {
        throw new IllegalArgumentException("a batch of " + batch.size() + " claims");
      }
      batches.add(batch);
      n = Math.addExact(n, batch.size());
    }
    long[] hashes = new long[n];
    long[] places = new long[n];
    int at = 0;
    for (int b = 0; b < batches.size(); b++) {
      ClaimBatch batch = batches.get(b);
      for (int i = 0; i < batch.size(); i++) {
        hashes[at] = batch.hash(i);
        places[at++] =
            (long) batch.claim(i).space().ordinal() << SPACE_SHIFT | (long) b << BATCH_SHIFT | i;
      }
    }
    LongArrays.radixSort(hashes, places);
    for (int start = 0; start < n; ) {
      int end = start + 1;
      while (end < n
          && hashes[end] == hashes[start]
          && places[end] >>> SPACE_SHIFT == places[start] >>> SPACE_SHIFT) {
        end++;
      }
      if (end - start == 1) {
        ClaimBatch batch = batches.get((int) (places[start] >>> BATCH_SHIFT & BATCH_MASK));
        int i = (int) (places[start] & PLACE_MASK);
        // An id alone is owned; a reference alone fails, with every item it stands for.
        if (!batch.claim(i).defines()) {
          failures(List.of(batch.claimed(i))).forEach(failed);
        }
      } else {
        Map<List<String>, List<Claimed>> byKey = new HashMap<>();
        for (int k = start; k < end; k++) {
          Claimed c =
              batches
                  .get((int) (places[k] >>> BATCH_SHIFT & BATCH_MASK))
                  .claimed((int) (places[k] & PLACE_MASK));
          // In a hashed space the hash is the key; its parts are null.
          byKey.computeIfAbsent(c.key(), key -> new ArrayList<>()).add(c);
        }
        for (List<Claimed> claims : byKey.values()) {
          failures(claims).forEach(failed);
        }
      }
      start = end;
    }
  }

  // A claim's place in a bucket: its space, its batch, and its index in the batch.
  private static final int SPACE_SHIFT = 60;
  private static final int BATCH_SHIFT = 20;
  private static final long BATCH_MASK = (1L << (SPACE_SHIFT - BATCH_SHIFT)) - 1;
  private static final long PLACE_MASK = (1L << BATCH_SHIFT) - 1;

  /**
   * The bucket of the key a claim is on, the same for an id and every reference to it, on every
   * JVM: from the key's set of ids and its hash.
   */
  static int bucket(ItemRules.Space space, long hash, int groups) {
    return Groups.ofHash(31 * space.ordinal() + Long.hashCode(hash), groups);
  }

  /** The type as {@link ImportItem#TYPE_ORDER} holds it, so that many items share one string. */
  static String shared(String type) {
    int rank = type == null ? -1 : ImportItem.TYPE_ORDER.indexOf(type);
    return rank < 0 ? type : ImportItem.TYPE_ORDER.get(rank);
  }
}
