package io.chatkitmigrate.transforms.validate;

import io.chatkitmigrate.schemas.stream.validate.ItemRules;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * The rules between items on one key, decided from every claim on it at once: the first item (in
 * the order of the import) that holds the key as its id owns it; every later holder is a duplicate,
 * and a reference holds only when the owner comes before the referring item.
 */
final class Claims {
  private Claims() {}

  /**
   * The claim that is the {@code seq}-th error place of the item of {@code type} at (file, line),
   * the line a {@link Position}, which orders as the line does.
   */
  record Claimed(
      String file, long line, int seq, String type, ItemRules.Claim claim, List<String> key)
      implements Serializable {
    boolean defines() {
      return claim.defines();
    }

    /** The key the claim is on, the same for an id and every reference to it. */
    String on() {
      return ItemFacts.claimKey(claim, key);
    }

    boolean before(Claimed other) {
      int c = file.compareTo(other.file);
      return c < 0 || c == 0 && line < other.line;
    }

    Found failure() {
      return new Found(
          file, line, seq, claim.kind(), claim.message(key.toArray(String[]::new)), type, null);
    }
  }

  /** The claims on one key that fail. */
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
        failed.add(c);
      }
    }
    return failed;
  }
}
