package io.chatkitmigrate.pipelines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.Map;
import java.util.TreeMap;

/** The promises every finished run keeps about its books, checked on what it wrote. */
final class OutputChecks {
  private OutputChecks() {}

  /**
   * Each entity's books balance, and every count in them has exactly its lines: per entity and per
   * reason, the rejected and warning counts equal the findings in {@code rejected/} and {@code warnings/}.
   */
  static void assertBooksAndLines(Runs run, String what) throws IOException {
    JsonNode accounting = run.report().get("accounting");
    accounting.get("entities").fields().forEachRemaining(e ->
        assertTrue(e.getValue().get("balances").asBoolean(), e.getKey() + " does not balance: " + e.getValue()
            + " for " + what));

    Map<String, Long> rejectedByEntity = new TreeMap<>();
    accounting.get("entities").fields().forEachRemaining(e -> {
      if (e.getValue().get("rejected").asLong() > 0) {
        rejectedByEntity.put(e.getKey(), e.getValue().get("rejected").asLong());
      }
    });
    Map<String, Long> rejectedLinesByEntity = new TreeMap<>();
    Map<String, Long> rejectedLinesByReason = new TreeMap<>();
    for (JsonNode f : run.findings("rejected")) {
      if (f.path("reason").asText().equals("stream_rejected")) {
        continue; // Stream's refusals of delivered items are counted by the sink's own books.
      }
      rejectedLinesByEntity.merge(f.get("entity").asText(), 1L, Long::sum);
      rejectedLinesByReason.merge(f.get("reason").asText(), 1L, Long::sum);
    }
    Map<String, Long> warningLinesByReason = new TreeMap<>();
    for (JsonNode f : run.findings("warnings")) {
      warningLinesByReason.merge(f.get("reason").asText(), 1L, Long::sum);
    }
    assertEquals(rejectedByEntity, rejectedLinesByEntity, "rejected per entity against rejected/ for " + what);
    assertEquals(counts(accounting.get("rejected_by_reason")), rejectedLinesByReason,
        "rejected per reason against rejected/ for " + what);
    assertEquals(counts(accounting.get("warnings_by_reason")), warningLinesByReason,
        "warnings per reason against warnings/ for " + what);
  }

  private static Map<String, Long> counts(JsonNode node) {
    Map<String, Long> counts = new TreeMap<>();
    node.fields().forEachRemaining(e -> {
      if (e.getValue().asLong() > 0) {
        counts.put(e.getKey(), e.getValue().asLong());
      }
    });
    return counts;
  }
}
