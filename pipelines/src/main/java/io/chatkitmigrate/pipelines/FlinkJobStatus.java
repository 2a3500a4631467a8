package io.chatkitmigrate.pipelines;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Flink job's progress as the cluster's REST API reports it: its state and steps (job vertices),
 * and the run's own counters, which Beam's Flink runner registers as metrics of each step's
 * operators under {@code <namespace>.<name>}. Flink's records in and out of a step are no measure
 * of records read (a step may hold several stages and hand a record to several others), so the
 * counters are what is shown; until the cluster's metrics have them, Flink's count of the records
 * that passed between steps shows the job moves.
 *
 * @param passed records written by all steps to the next ones, as Flink counts them in {@code GET
 *     /jobs/<id>}
 */
record FlinkJobStatus(String state, int steps, int stepsFinished, long passed) {
  /**
   * Records read per entity ({@code read_<entity>}), items written per type ({@code items_<type>})
   * and items the job's validation checked ({@code validation.checked_items}).
   */
  private static final Pattern COUNTER =
      Pattern.compile(
          ".*(?:ReadExport[._](?<read>read)|(?:^|[._])accounting[._]items"
              + "|(?:^|[._])validation[._](?<checked>checked))_(?<name>[a-z_]+)$");

  /**
   * The id of the job named {@code jobName} in {@code GET /jobs/overview}; of several (a name
   * reused), the latest started.
   */
  static Optional<String> jobId(JsonNode overview, String jobName) {
    String id = null;
    long latest = Long.MIN_VALUE;
    for (JsonNode job : overview.path("jobs")) {
      if (job.path("name").asText().equals(jobName) && job.path("start-time").asLong() >= latest) {
        latest = job.path("start-time").asLong();
        id = job.path("jid").asText();
      }
    }
    return Optional.ofNullable(id);
  }

  /** The status in {@code GET /jobs/<id>}. */
  static FlinkJobStatus of(JsonNode job) {
    int steps = 0;
    int finished = 0;
    long passed = 0;
    for (JsonNode vertex : job.path("vertices")) {
      steps++;
      finished += vertex.path("status").asText().equals("FINISHED") ? 1 : 0;
      passed += vertex.path("metrics").path("write-records").asLong();
    }
    return new FlinkJobStatus(job.path("state").asText("UNKNOWN"), steps, finished, passed);
  }

  /**
   * Of the metric ids in {@code GET /jobs/<id>/vertices/<vertex>/subtasks/metrics}, those of the
   * run's counters, each with its progress tally's name ("read messages", "items user", "checked
   * items").
   */
  static Map<String, String> counters(JsonNode metricIds) {
    Map<String, String> wanted = new LinkedHashMap<>();
    for (JsonNode metric : metricIds) {
      String id = metric.path("id").asText();
      Matcher m = COUNTER.matcher(id);
      if (m.matches()) {
        String kind =
            m.group("read") != null ? "read " : m.group("checked") != null ? "checked " : "items ";
        wanted.put(id, kind + m.group("name"));
      }
    }
    return wanted;
  }

  /**
   * The tallies in {@code GET .../subtasks/metrics?get=...&agg=sum}, added to {@code into} (several
   * steps can count the same tally).
   */
  static void addSums(JsonNode values, Map<String, String> counters, Map<String, Long> into) {
    for (JsonNode value : values) {
      String tally = counters.get(value.path("id").asText());
      if (tally != null && value.has("sum")) {
        into.merge(tally, Math.round(value.path("sum").asDouble()), Long::sum);
      }
    }
  }

  /** The larger of two readings of each tally: a finished job's metrics leave the REST API. */
  static Map<String, Long> atLeast(Map<String, Long> previous, Map<String, Long> now) {
    Map<String, Long> kept = new TreeMap<>(previous);
    now.forEach((k, v) -> kept.merge(k, v, Math::max));
    return kept;
  }

  /** Whether the job has ended, well or not. */
  boolean ended() {
    return switch (state) {
      case "FINISHED", "FAILED", "CANCELED", "SUSPENDED" -> true;
      default -> false;
    };
  }
}
