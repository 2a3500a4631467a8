package io.chatkitmigrate.pipelines.generate;

import com.fasterxml.jackson.databind.JsonNode;
import io.chatkitmigrate.schemas.chatkit.Entity;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a conversion of a generated export must report, tallied while the export is written: per
 * entity the records read, written, merged and rejected, and the Stream items per type. {@link
 * #differences} holds a run's {@code report.json} against it, so a benchmark proves its own output.
 */
public final class ExpectedCounts {
  /** One entity's line of the books. */
  public static final class Line {
    long read;
    long written;
    long merged;
    long rejected;

    Map<String, Object> toMap() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("read", read);
      m.put("written", written);
      m.put("merged", merged);
      m.put("rejected", rejected);
      return m;
    }
  }

  private final Map<String, Line> entities = new LinkedHashMap<>();
  private final Map<String, Long> items = new TreeMap<>();
  private final Map<String, Long> rejectedByReason = new TreeMap<>();

  ExpectedCounts() {
    for (Entity e : Entity.values()) {
      entities.put(e.word(), new Line());
    }
    for (String type : List.of("user", "channel", "member", "message")) {
      items.put(type, 0L);
    }
  }

  /** A record that becomes an item (or is kept as the winner of its copies). */
  void written(String entity) {
    Line l = entities.get(entity);
    l.read++;
    l.written++;
  }

  /** A record folded into another one: a copy or a fragment. */
  void merged(String entity, long records) {
    Line l = entities.get(entity);
    l.read += records;
    l.merged += records;
  }

  void rejected(String entity, String reason, long records) {
    Line l = entities.get(entity);
    l.read += records;
    l.rejected += records;
    rejectedByReason.merge(reason, records, Long::sum);
  }

  /** A record left out with a warning: rejected in the books, its reason among the warnings. */
  void droppedWithWarning(String entity) {
    Line l = entities.get(entity);
    l.read++;
    l.rejected++;
  }

  void items(String type, long n) {
    items.merge(type, n, Long::sum);
  }

  public long items(String type) {
    return items.getOrDefault(type, 0L);
  }

  public long read(String entity) {
    return entities.get(entity).read;
  }

  public Map<String, Object> toMap() {
    Map<String, Object> entityMaps = new LinkedHashMap<>();
    entities.forEach((k, v) -> entityMaps.put(k, v.toMap()));
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("entities", entityMaps);
    m.put("items", items);
    m.put("rejected_by_reason", rejectedByReason);
    return m;
  }

  /**
   * Every figure of {@code expected} (an {@code expected.json}) that a run's {@code report.json}
   * does not show, as one readable line each; empty when the run produced exactly what the export
   * calls for.
   */
  public static List<String> differences(JsonNode expected, JsonNode report) {
    List<String> out = new ArrayList<>();
    JsonNode accounting = report.path("accounting");
    expected
        .path("entities")
        .fields()
        .forEachRemaining(
            e ->
                e.getValue()
                    .fields()
                    .forEachRemaining(
                        f -> {
                          JsonNode actual =
                              accounting.path("entities").path(e.getKey()).path(f.getKey());
                          if (actual.asLong(-1) != f.getValue().asLong()) {
                            out.add(
                                e.getKey()
                                    + "."
                                    + f.getKey()
                                    + ": expected "
                                    + f.getValue().asLong()
                                    + ", got "
                                    + actual);
                          }
                        }));
    expected
        .path("items")
        .fields()
        .forEachRemaining(
            f -> {
              JsonNode actual = accounting.path("items").path(f.getKey());
              if (actual.asLong(0) != f.getValue().asLong()) {
                out.add(
                    "items."
                        + f.getKey()
                        + ": expected "
                        + f.getValue().asLong()
                        + ", got "
                        + actual.asLong(0));
              }
            });
    expected
        .path("rejected_by_reason")
        .fields()
        .forEachRemaining(
            f -> {
              JsonNode actual = accounting.path("rejected_by_reason").path(f.getKey());
              if (actual.asLong(0) != f.getValue().asLong()) {
                out.add(
                    "rejected_by_reason."
                        + f.getKey()
                        + ": expected "
                        + f.getValue().asLong()
                        + ", got "
                        + actual.asLong(0));
              }
            });
    return out;
  }
}
