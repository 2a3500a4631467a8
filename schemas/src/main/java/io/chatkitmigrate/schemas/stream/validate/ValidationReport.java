package io.chatkitmigrate.schemas.stream.validate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chatkitmigrate.schemas.Json;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the validator found, as Stream reports it: each error {@code {"error", "item_type", "item"}}
 * plus the file and line, counts by kind, and the items checked by type and by file.
 */
public final class ValidationReport {
  /** Every kind of error a report can hold; an error of another kind is a bug. */
  public static final List<String> KINDS =
      List.of("parse", "order", "validation", "reference", "duplicate", "part_too_large");

  private final int maxKept;
  private final ArrayNode errors = Json.MAPPER.createArrayNode();
  private final Map<String, Long> errorsByKind = new TreeMap<>();
  private final Map<String, Long> totals = new LinkedHashMap<>();
  private final Map<String, Map<String, Long>> byFile = new LinkedHashMap<>();
  private long errorCount;

  ValidationReport(int maxKept) {
    this.maxKept = maxKept;
  }

  void error(String kind, String message, String itemType, JsonNode item, String file, long line) {
    if (!KINDS.contains(kind)) {
      throw new IllegalArgumentException("no such error kind: " + kind);
    }
    errorCount++;
    errorsByKind.merge(kind, 1L, Long::sum);
    if (errors.size() < maxKept) {
      errors.add(errorJson(kind, message, itemType, item, file, line));
    }
  }

  /** One error as a report keeps it. */
  public static ObjectNode errorJson(
      String kind, String message, String itemType, JsonNode item, String file, long line) {
    ObjectNode e = Json.MAPPER.createObjectNode();
    e.put("error", message);
    e.put("kind", kind);
    e.put("item_type", itemType);
    e.set("item", item);
    e.put("file", file);
    e.put("line", line);
    return e;
  }

  void count(String file, String type, long items) {
    totals.merge(type, items, Long::sum);
    byFile.computeIfAbsent(file, f -> new LinkedHashMap<>()).merge(type, items, Long::sum);
  }

  /** Items of one type in one file: a report's totals and files are these, summed in order. */
  public record Count(String file, String type, long items) {}

  /**
   * A report put together from what was found elsewhere (a pipeline's counts and kept errors), the
   * same as one filled error by error: {@code kept} are the first errors in the order found, at
   * most {@code maxKept} of them, each as {@link #errors()} shows one.
   */
  public static ValidationReport assembled(
      int maxKept,
      long errorCount,
      Map<String, Long> errorsByKind,
      List<ObjectNode> kept,
      List<Count> counts) {
    ValidationReport report = new ValidationReport(maxKept);
    report.errorCount = errorCount;
    report.errorsByKind.putAll(errorsByKind);
    kept.stream().limit(maxKept).forEach(report.errors::add);
    counts.forEach(c -> report.count(c.file(), c.type(), c.items()));
    return report;
  }

  public boolean ok() {
    return errorCount == 0;
  }

  public long errorCount() {
    return errorCount;
  }

  public Map<String, Long> errorsByKind() {
    return errorsByKind;
  }

  public Map<String, Long> totals() {
    return totals;
  }

  /** The kept errors, in the order found. */
  public ArrayNode errors() {
    return errors;
  }

  public ObjectNode toJson() {
    ObjectNode node = Json.MAPPER.createObjectNode();
    node.put("ok", ok());
    node.put("errors", errorCount);
    ObjectNode kinds = node.putObject("errors_by_kind");
    errorsByKind.forEach(kinds::put);
    ObjectNode t = node.putObject("totals");
    totals.forEach(t::put);
    ObjectNode files = node.putObject("files");
    byFile.forEach(
        (f, counts) -> {
          ObjectNode c = files.putObject(f);
          counts.forEach(c::put);
        });
    node.set("error_examples", errors);
    return node;
  }
}
