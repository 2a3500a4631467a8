package io.chatkitmigrate.transforms.join;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;
import org.apache.beam.sdk.values.TupleTag;

/**
 * One group of a {@link JoinById}: its ids in order (so the same export gives the same output order
 * on every runner), and for each id its records by tag.
 */
public final class Bucket {
  private final Map<TupleTag<?>, Integer> places;
  private final NavigableMap<String, List<Object>[]> byId = new TreeMap<>();

  Bucket(Map<TupleTag<?>, Integer> places) {
    this.places = places;
  }

  @SuppressWarnings("unchecked")
  void add(String id, int input, Object value) {
    List<Object>[] lists = byId.computeIfAbsent(id, k -> new List[places.size()]);
    if (lists[input] == null) {
      lists[input] = new ArrayList<>(1);
    }
    lists[input].add(value);
  }

  /** The ids of this bucket, in order. */
  public Set<String> ids() {
    return Collections.unmodifiableSet(byId.keySet());
  }

  /** The records of {@code tag} under {@code id}, in the order they came; empty if none. */
  @SuppressWarnings("unchecked")
  public <T> List<T> get(String id, TupleTag<T> tag) {
    List<Object>[] lists = byId.get(id);
    List<Object> list = lists == null ? null : lists[place(tag)];
    return list == null ? List.of() : (List<T>) Collections.unmodifiableList(list);
  }

  /** The records of {@code tag} under every id of the bucket, in the order of their ids. */
  @SuppressWarnings("unchecked")
  public <T> List<T> all(TupleTag<T> tag) {
    int place = place(tag);
    List<T> all = new ArrayList<>();
    for (List<Object>[] lists : byId.values()) {
      if (lists[place] != null) {
        all.addAll((List<T>) lists[place]);
      }
    }
    return all;
  }

  private int place(TupleTag<?> tag) {
    Integer place = places.get(tag);
    if (place == null) {
      throw new IllegalArgumentException(tag + " is not an input of this join");
    }
    return place;
  }
}
