package io.chatkitmigrate.transforms.validate;

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

  /** A claim of the item at (file, line): its {@code index}-th entry. */
  record Claimed(String file, long line, int index, boolean defines) implements Serializable {
    boolean before(String otherFile, long otherLine) {
      int c = file.compareTo(otherFile);
      return c < 0 || c == 0 && line < otherLine;
    }
  }

  /** The claims that fail. */
  static List<Claimed> failures(Iterable<Claimed> claims) {
    Claimed owner = null;
    for (Claimed c : claims) {
      if (c.defines() && (owner == null || c.before(owner.file(), owner.line()))) {
        owner = c;
      }
    }
    List<Claimed> failed = new ArrayList<>();
    for (Claimed c : claims) {
      if (c.defines()) {
        if (c != owner) {
          failed.add(c);
        }
      } else if (owner == null || !owner.before(c.file(), c.line())) {
        failed.add(c);
      }
    }
    return failed;
  }
}
