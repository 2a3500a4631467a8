package io.chatkitmigrate.transforms.convert;

/**
 * Shuffle keys for the conversion stages: a key is a bucket number, not an entity id. The Direct
 * runner pays ~8 ms per distinct key, and a Flink group is read once in one pass, so a few thousand
 * buckets of bounded size beat millions of tiny groups on both.
 */
public final class Groups {
  private Groups() {}

  /** The bucket of a key, stable across JVMs (String.hashCode is specified), spread by a mix. */
  public static int of(String key, int groups) {
    int h = key.hashCode();
    h ^= h >>> 16;
    h *= 0x85ebca6b;
    h ^= h >>> 13;
    h *= 0xc2b2ae35;
    h ^= h >>> 16;
    return Math.floorMod(h, groups);
  }

  /** Groups for an input of this size: about 8 MB of export a group, never fewer than {@code min}. */
  public static int forInput(long inputBytes, int min) {
    long wanted = inputBytes / (8L << 20);
    return (int) Math.max(min, Math.min(100_000, wanted));
  }
}
