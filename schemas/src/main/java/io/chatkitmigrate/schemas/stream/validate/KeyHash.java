package io.chatkitmigrate.schemas.stream.validate;

import java.util.List;

/**
 * A 64-bit hash of a claim's key (FNV-1a over its characters, each part preceded by its length so
 * that ("ab","c") and ("a","bc") differ, then MurmurHash3's finaliser). The ids are not
 * adversarial, so any two collide with odds near 2^-64 and a cryptographic digest would buy nothing
 * for its cost.
 */
public final class KeyHash {
  private static final long OFFSET = 0xcbf29ce484222325L;
  private static final long PRIME = 0x100000001b3L;

  private KeyHash() {}

  /** The hash of a key's parts. */
  public static long of(String... parts) {
    long h = OFFSET;
    for (String p : parts) {
      h = part(h, p);
    }
    return finish(h);
  }

  /** The hash of a key's parts in its space: the same parts in two spaces hash apart. */
  public static long of(ItemRules.Space space, List<String> parts) {
    long h = (OFFSET ^ space.ordinal()) * PRIME;
    for (int i = 0; i < parts.size(); i++) {
      h = part(h, parts.get(i));
    }
    return finish(h);
  }

  private static long part(long h, String p) {
    h = (h ^ p.length()) * PRIME;
    for (int i = 0; i < p.length(); i++) {
      h = (h ^ p.charAt(i)) * PRIME;
    }
    return h;
  }

  private static long finish(long h) {
    h ^= h >>> 33;
    h *= 0xff51afd7ed558ccdL;
    h ^= h >>> 33;
    h *= 0xc4ceb9fe1a85ec53L;
    h ^= h >>> 33;
    return h;
  }
}
