package io.chatkitmigrate.transforms.rules;

import io.chatkitmigrate.schemas.Source;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;
import java.util.function.ToLongFunction;

/**
 * Which of several records of one thing wins (docs/conversion.md §2, used for every entity): the
 * latest {@code updated_at}; on a tie the larger serialized record; then the lexically first source
 * file; then the first line. Total, so the input order never changes the result.
 */
public final class Latest {
  private Latest() {}

  public static <T> Comparator<T> order(ToLongFunction<T> updatedAt, Function<T, Source> source) {
    Comparator<T> byUpdated = Comparator.comparingLong(updatedAt);
    Comparator<T> bySize = Comparator.comparingLong(t -> source.apply(t).bytes());
    Comparator<T> byFile = Comparator.comparing(t -> source.apply(t).file());
    Comparator<T> byLine = Comparator.comparingLong(t -> source.apply(t).line());
    Comparator<T> byIndex = Comparator.comparingLong(t -> source.apply(t).index());
    // "Best first": latest, largest, then the first file and position.
    return byUpdated
        .reversed()
        .thenComparing(bySize.reversed())
        .thenComparing(byFile)
        .thenComparing(byLine)
        .thenComparing(byIndex);
  }

  public static <T> T pick(
      List<T> records, ToLongFunction<T> updatedAt, Function<T, Source> source) {
    return records.stream().min(order(updatedAt, source)).orElseThrow();
  }
}
