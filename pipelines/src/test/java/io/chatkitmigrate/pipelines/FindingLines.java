package io.chatkitmigrate.pipelines;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.chatkitmigrate.schemas.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * The identity between a run's books and its finding files: every count in report.json's accounting
 * has exactly its lines in rejected/ or warnings/, and every line there is counted.
 *
 * <ul>
 *   <li>per reason: {@code rejected_by_reason} = lines of rejected/ with that reason (delivery
 *       refusals aside: the REST sink counts those), and {@code warnings_by_reason} = lines of
 *       warnings/ with it;
 *   <li>per entity: {@code rejected} - the {@code rejected_in_warnings} = lines of rejected/
 *       (records, not delivery refusals) of that entity, and each {@code rejected_in_warnings}
 *       reason = the lines of warnings/ of that entity and reason;
 *   <li>per reason of a finding about a whole file (entity {@code file}, outside the entities'
 *       books): {@code files.rejected} and {@code files.warnings} = the lines of entity file in
 *       rejected/ and warnings/;
 *   <li>per item type of the REST sink: {@code delivery.<type>.rejected} = lines of
 *       rejected/delivery-*.
 * </ul>
 */
final class FindingLines {
  private FindingLines() {}

  static void assertEveryCountHasItsLines(Path output) throws IOException {
    List<String> mismatches = mismatches(output);
    assertEquals(List.of(), mismatches, "counts without their lines in " + output);
  }

  /**
   * Each count that differs from its lines, as "what: counted n, lines m"; empty when all agree.
   */
  static List<String> mismatches(Path output) throws IOException {
    JsonNode accounting =
        Json.tree(Files.readString(output.resolve("report.json"))).path("accounting");
    List<JsonNode> rejected = new ArrayList<>();
    List<JsonNode> delivery = new ArrayList<>();
    for (Path file : files(output.resolve("rejected"))) {
      (file.getFileName().toString().startsWith("delivery") ? delivery : rejected)
          .addAll(read(file));
    }
    List<JsonNode> warnings = new ArrayList<>();
    for (Path file : files(output.resolve("warnings"))) {
      warnings.addAll(read(file));
    }

    List<String> out = new ArrayList<>();
    compare(
        "rejected_by_reason",
        counts(accounting.path("rejected_by_reason")),
        tally(rejected, "reason"),
        out);
    compare(
        "warnings_by_reason",
        counts(accounting.path("warnings_by_reason")),
        tally(warnings, "reason"),
        out);

    compare(
        "files.rejected",
        counts(accounting.path("files").path("rejected")),
        tally(ofFiles(rejected), "reason"),
        out);
    compare(
        "files.warnings",
        counts(accounting.path("files").path("warnings")),
        tally(ofFiles(warnings), "reason"),
        out);
    Map<String, Long> recordLines = tally(rejected, "entity");
    recordLines.remove("file");
    Map<String, Long> entityRejected = new TreeMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = accounting.path("entities").fields();
        it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      String entity = e.getKey();
      long inWarnings = 0;
      for (Map.Entry<String, Long> r :
          counts(e.getValue().path("rejected_in_warnings")).entrySet()) {
        inWarnings += r.getValue();
        long lines =
            warnings.stream()
                .filter(
                    w ->
                        w.path("entity").asText().equals(entity)
                            && w.path("reason").asText().equals(r.getKey()))
                .count();
        if (lines != r.getValue()) {
          out.add(
              "entities."
                  + entity
                  + ".rejected_in_warnings."
                  + r.getKey()
                  + ": counted "
                  + r.getValue()
                  + ", lines in warnings/ "
                  + lines);
        }
      }
      entityRejected.put(entity, e.getValue().path("rejected").asLong() - inWarnings);
    }
    compare("entities.*.rejected (less rejected_in_warnings)", entityRejected, recordLines, out);

    Map<String, Long> deliveryCounted = new TreeMap<>();
    accounting
        .path("delivery")
        .fields()
        .forEachRemaining(
            e -> deliveryCounted.put(e.getKey(), e.getValue().path("rejected").asLong()));
    compare("delivery.*.rejected", deliveryCounted, tally(delivery, "entity"), out);
    return out;
  }

  private static void compare(
      String what, Map<String, Long> counted, Map<String, Long> lines, List<String> out) {
    TreeSet<String> keys = new TreeSet<>(counted.keySet());
    keys.addAll(lines.keySet());
    for (String k : keys) {
      long c = counted.getOrDefault(k, 0L);
      long l = lines.getOrDefault(k, 0L);
      if (c != l) {
        out.add(what + " " + k + ": counted " + c + ", lines " + l);
      }
    }
  }

  private static List<JsonNode> ofFiles(List<JsonNode> findings) {
    return findings.stream().filter(f -> f.path("entity").asText().equals("file")).toList();
  }

  private static Map<String, Long> counts(JsonNode object) {
    Map<String, Long> m = new TreeMap<>();
    object.fields().forEachRemaining(e -> m.put(e.getKey(), e.getValue().asLong()));
    return m;
  }

  private static Map<String, Long> tally(List<JsonNode> findings, String field) {
    Map<String, Long> m = new TreeMap<>();
    findings.forEach(f -> m.merge(f.path(field).asText(), 1L, Long::sum));
    return m;
  }

  private static List<Path> files(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(Files::isRegularFile).sorted().toList();
    }
  }

  private static List<JsonNode> read(Path file) throws IOException {
    List<JsonNode> all = new ArrayList<>();
    for (String line : Files.readAllLines(file)) {
      if (!line.isBlank()) {
        all.add(Json.tree(line));
      }
    }
    return all;
  }
}
