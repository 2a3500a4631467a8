package io.chatkitmigrate.transforms.validate;

import io.chatkitmigrate.schemas.stream.validate.ItemRules;
import it.unimi.dsi.fastutil.longs.Long2ObjectOpenHashMap;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;

/**
 * Values by the key of a claim in one space: by the key's hash where the validators keep hashes
 * ({@link ItemRules.Space#hashed()}), by its parts elsewhere, so the pipeline decides every key
 * exactly as the sequential validator does.
 */
final class ByKey<V> {
  private final Long2ObjectOpenHashMap<V> byHash;
  private final HashMap<List<String>, V> byParts;

  ByKey(ItemRules.Space space) {
    byHash = space.hashed() ? new Long2ObjectOpenHashMap<>() : null;
    byParts = space.hashed() ? null : new HashMap<>();
  }

  /** The value on a key: its hash, and its parts (null in a hashed space). */
  V get(long hash, List<String> parts) {
    return byHash != null ? byHash.get(hash) : byParts.get(parts);
  }

  void put(long hash, List<String> parts, V value) {
    if (byHash != null) {
      byHash.put(hash, value);
    } else {
      byParts.put(parts, value);
    }
  }

  /** The value the key had, or null when it had none and now has {@code value}. */
  V putIfAbsent(long hash, List<String> parts, V value) {
    return byHash != null ? byHash.putIfAbsent(hash, value) : byParts.putIfAbsent(parts, value);
  }

  Collection<V> values() {
    return byHash != null ? byHash.values() : byParts.values();
  }

  void clear() {
    if (byHash != null) {
      byHash.clear();
    } else {
      byParts.clear();
    }
  }
}
