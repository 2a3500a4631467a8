package io.chatkitmigrate.transforms.validate;

import io.chatkitmigrate.schemas.stream.ImportItem;
import io.chatkitmigrate.schemas.stream.validate.ValidationReport;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** What {@link ValidateParts} found, from which the report is made. */
public final class ValidationOutcome implements Serializable {
  private final int maxKept;
  private final FirstErrors errors;
  private final TreeMap<String, FileTypes> parts;

  ValidationOutcome(int maxKept, FirstErrors errors, Map<String, FileTypes> parts) {
    this.maxKept = maxKept;
    this.errors = errors;
    this.parts = new TreeMap<>(parts);
  }

  /**
   * The same outcome for parts since renamed (a job's parts once the launcher has named them):
   * {@code names} maps each part's name then to its name now, and must keep their order.
   *
   * @throws IllegalArgumentException when a part has no new name or the names change its order
   */
  public ValidationOutcome renamed(Map<String, String> names) {
    TreeMap<String, FileTypes> renamed = new TreeMap<>();
    String previous = null;
    for (Map.Entry<String, FileTypes> part : parts.entrySet()) {
      String name = newName(names, part.getKey());
      if (previous != null && previous.compareTo(name) >= 0) {
        throw new IllegalArgumentException(
            "renaming " + part.getKey() + " to " + name + " changes the parts' order");
      }
      previous = name;
      renamed.put(name, part.getValue());
    }
    return new ValidationOutcome(maxKept, errors.renamed(file -> newName(names, file)), renamed);
  }

  private static String newName(Map<String, String> names, String part) {
    String name = names.get(part);
    if (name == null) {
      throw new IllegalArgumentException("no new name for the part " + part);
    }
    return name;
  }

  /** The report a sequential pass over the same parts makes. */
  public ValidationReport report() {
    List<ValidationReport.Count> counts = new ArrayList<>();
    parts.forEach(
        (file, types) -> {
          for (int rank : types.inOrder()) {
            counts.add(
                new ValidationReport.Count(
                    file, ImportItem.TYPE_ORDER.get(rank), types.counts[rank]));
          }
        });
    return ValidationReport.assembled(
        maxKept,
        errors.count,
        errors.byKind,
        errors.kept().stream().map(Found::toJson).toList(),
        counts);
  }
}
