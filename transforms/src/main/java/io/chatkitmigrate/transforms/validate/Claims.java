package io.chatkitmigrate.transforms.validate;

import io.chatkitmigrate.schemas.stream.ImportItem;
import io.chatkitmigrate.schemas.stream.validate.ItemRules;
import io.chatkitmigrate.transforms.join.Groups;
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
 * and a reference holds only when the owner comes before the referring item.
 */
final class Claims {
  private Claims() {}

  private static final int SPACES = ItemRules.Space.values().length;

  /**
   * The claim that is the {@code seq}-th error place of the item of {@code type} at (file, line),
   * the line a {@link Position}, which orders as the line does. A reference may stand for the later
   * items of its range that make the same reference too ({@code later}).
   */
  record Claimed(
      String file,
      long line,
      int seq,
      String type,
      ItemRules.Claim claim,
      List<String> key,
      Referrers later)
      implements Serializable {
    Claimed {
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

    Claimed(String file, long line, int seq, String type, ItemRules.Claim claim, List<String> key) {
      this(file, line, seq, type, claim, key, Referrers.NONE);
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
      return later.size() == 0 ? this : new Claimed(file, line, seq, type, claim, key);
    }

    /** The {@code i}-th of the later items this claim stands for, as a claim of its own. */
    Claimed referrer(int i) {
      return new Claimed(file, later.lines[i], later.seqs[i], later.types[i], claim, key);
    }

    Found failure() {
      return new Found(
          file, line, seq, claim.kind(), claim.message(key.toArray(String[]::new)), type, null);
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
   * The claims of one bucket that fail, decided key by key. A group is read once: the claims are
   * sorted by key in memory, by set of ids and the key's parts; a key's only claim (most ids have
   * no other) stands alone, in no list.
   */
  static void decide(Iterable<ClaimBatch> bucket, Consumer<Claimed> failed) {
    List<Map<List<String>, Object>> byKey = new ArrayList<>(SPACES);
    for (int i = 0; i < SPACES; i++) {
      byKey.add(new HashMap<>());
    }
    for (ClaimBatch batch : bucket) {
      for (Claimed c : batch.claims()) {
        Map<List<String>, Object> ofSpace = byKey.get(c.claim().space().ordinal());
        Object had = ofSpace.putIfAbsent(c.key(), c);
        if (had instanceof Claimed one) {
          List<Claimed> claims = new ArrayList<>(4);
          claims.add(one);
          claims.add(c);
          ofSpace.put(c.key(), claims);
        } else if (had != null) {
          claimsOf(had).add(c);
        }
      }
    }
    for (Map<List<String>, Object> ofSpace : byKey) {
      for (Object claims : ofSpace.values()) {
        if (claims instanceof Claimed one) {
          // An id alone is owned; a reference alone fails, with every item it stands for.
          if (!one.defines()) {
            failures(List.of(one)).forEach(failed);
          }
        } else {
          failures(claimsOf(claims)).forEach(failed);
        }
      }
    }
  }

  @SuppressWarnings("unchecked")
  private static List<Claimed> claimsOf(Object claims) {
    return (List<Claimed>) claims;
  }

  /**
   * The bucket of the key a claim is on, the same for an id and every reference to it, on every
   * JVM: the key's set of ids and its parts, hashed as a list hashes.
   */
  static int bucket(ItemRules.Space space, List<String> key, int groups) {
    return Groups.ofHash(31 * space.ordinal() + key.hashCode(), groups);
  }

  /** The type as {@link ImportItem#TYPE_ORDER} holds it, so that many items share one string. */
  static String shared(String type) {
    int rank = type == null ? -1 : ImportItem.TYPE_ORDER.indexOf(type);
    return rank < 0 ? type : ImportItem.TYPE_ORDER.get(rank);
  }
}
