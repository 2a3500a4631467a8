package io.chatkitmigrate.transforms.convert;

import io.chatkitmigrate.transforms.Progress;

import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;

/**
 * The counters behind the "nothing is lost" line: for each entity, records read = written + merged +
 * rejected. Each stage counts at the point where it decides a record's fate, once per record.
 */
public final class Accounting {
  public static final String NAMESPACE = "accounting";

  private Accounting() {}

  public static Counter written(String entity) {
    return Metrics.counter(NAMESPACE, "written_" + entity);
  }

  public static Counter merged(String entity) {
    return Metrics.counter(NAMESPACE, "merged_" + entity);
  }

  public static Counter rejected(String entity) {
    return Metrics.counter(NAMESPACE, "rejected_" + entity);
  }

  /** Items written per Stream type, placeholders included. */
  public static Counter items(String itemType) {
    return Progress.tallied(Metrics.counter(NAMESPACE, "items_" + itemType), "items " + itemType);
  }

  public static final String MONTHS = "messages_per_month";

  /** Messages written per month of their {@code created_at} (UTC), for the report's chart. */
  public static Counter month(long micros) {
    java.time.LocalDate day = java.time.LocalDate.ofEpochDay(Math.floorDiv(micros, 86_400_000_000L));
    return Metrics.counter(MONTHS, String.format("%04d-%02d", day.getYear(), day.getMonthValue()));
  }

  /** Findings by reason, for the report. */
  public static Counter reason(String kind, String reason) {
    return Metrics.counter(NAMESPACE, kind + "_reason_" + reason);
  }
}
