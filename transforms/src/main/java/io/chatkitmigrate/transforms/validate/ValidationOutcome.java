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
