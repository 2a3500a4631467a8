package io.chatkitmigrate.transforms.convert;

import io.chatkitmigrate.transforms.Progress;
import java.time.LocalDate;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;

/**
 * The counters behind the "nothing is lost" line: for each entity, records read = written + merged
 * + rejected. Each stage counts at the point where it decides a record's fate, once per record.
 */
public final class Counters {
  public static final String NAMESPACE = "accounting";

  private Counters() {}

  public static Counter written(String entity) {
    return Metrics.counter(NAMESPACE, "written_" + entity);
  }

  public static Counter merged(String entity) {
    return Metrics.counter(NAMESPACE, "merged_" + entity);
  }

  public static Counter rejected(String entity) {
    return Metrics.counter(NAMESPACE, "rejected_" + entity);
  }

  /**
   * Of an entity's rejected records, those the contract lists in warnings/ rather than rejected/
   * (cursors that fit no member), by reason: so each count of the books names the folder that holds
   * its lines.
   */
  public static Counter rejectedInWarnings(String entity, String reason) {
    return Metrics.counter(NAMESPACE, "rejected_in_warnings_" + entity + "_" + reason);
  }

  /** Items written per Stream type, placeholders included. */
  public static Counter items(String itemType) {
    return Progress.tallied(Metrics.counter(NAMESPACE, "items_" + itemType), "items " + itemType);
  }

  public static final String MONTHS = "messages_per_month";

  /**
   * The month of {@code created_at} (UTC) as {@code year * 12 + month - 1}, to tally before
   * counting.
   */
  public static int monthOf(long micros) {
    LocalDate day = LocalDate.ofEpochDay(Math.floorDiv(micros, 86_400_000_000L));
    return day.getYear() * 12 + day.getMonthValue() - 1;
  }

  /**
   * Messages written per month, for the report's chart; {@code month} as {@link #monthOf} gives it.
   */
  public static Counter month(int month) {
    int year = Math.floorDiv(month, 12);
    int m = Math.floorMod(month, 12) + 1;
    String y = Integer.toString(year);
    String paddedYear = year >= 0 && y.length() < 4 ? "0".repeat(4 - y.length()) + y : y;
    return Metrics.counter(MONTHS, paddedYear + (m < 10 ? "-0" : "-") + m);
  }

  /** Findings by reason, for the report. */
  public static Counter reason(String kind, String reason) {
    return Metrics.counter(NAMESPACE, kind + "_reason_" + reason);
  }
}
