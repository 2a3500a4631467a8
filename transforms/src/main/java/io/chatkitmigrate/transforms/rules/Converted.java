package io.chatkitmigrate.transforms.rules;

import io.chatkitmigrate.schemas.Finding;
import java.util.List;

/**
 * What a rule made of one input: the Stream item, or none when the input is rejected, and the
 * findings on the way. A rejected input has {@code item == null} and exactly one {@code rejection}.
 */
public record Converted<T>(T item, Finding rejection, List<Finding> warnings) {
  public Converted {
    warnings = List.copyOf(warnings);
    if ((item == null) == (rejection == null)) {
      throw new IllegalArgumentException("exactly one of item and rejection");
    }
  }

  public static <T> Converted<T> ok(T item, List<Finding> warnings) {
    return new Converted<>(item, null, warnings);
  }

  public static <T> Converted<T> ok(T item) {
    return new Converted<>(item, null, List.of());
  }

  public static <T> Converted<T> rejected(Finding rejection) {
    return new Converted<>(null, rejection, List.of());
  }

  public boolean isRejected() {
    return rejection != null;
  }
}
