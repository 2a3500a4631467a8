package io.chatkitmigrate.pipelines.verify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chatkitmigrate.schemas.Json;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What a verify run has finished, kept in its folder so a killed run continues where it stopped:
 * {@code differences.ndjson} gets a unit's differences, then {@code checked.ndjson} the unit itself
 * with its counts and calls. On opening, the differences of a unit that never reached {@code
 * checked.ndjson} are dropped, since that unit runs again.
 */
final class Journal implements Closeable {
  static final String CHECKED = "checked.ndjson";
  static final String DIFFERENCES = "differences.ndjson";

  private final Set<String> done = new HashSet<>();
  final Map<String, Long> checked = new TreeMap<>();
  final Map<String, Long> calls = new TreeMap<>();
  final Map<String, Long> differences = new TreeMap<>();
  final int resumedUnits;
  private final BufferedWriter checkedOut;
  private final BufferedWriter differencesOut;

  private Journal(Path dir) throws IOException {
    Files.createDirectories(dir);
    List<String> kept = new ArrayList<>();
    for (String line : lines(dir.resolve(CHECKED))) {
      JsonNode unit = parse(line);
      if (unit != null && unit.hasNonNull("unit")) {
        kept.add(line);
        done.add(unit.get("unit").asText());
        add(checked, unit.path("checked"));
        add(calls, unit.path("calls"));
        add(differences, unit.path("differences"));
      }
    }
    resumedUnits = done.size();
    rewrite(dir.resolve(CHECKED), kept);
    // Streamed: a migration gone badly wrong can have more differences than memory holds.
    Path differencesFile = dir.resolve(DIFFERENCES);
    Path tmp = dir.resolve(DIFFERENCES + ".tmp");
    try (BufferedWriter out = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
      if (Files.exists(differencesFile)) {
        try (BufferedReader in = Files.newBufferedReader(differencesFile, StandardCharsets.UTF_8)) {
          for (String line = in.readLine(); line != null; line = in.readLine()) {
            JsonNode d = parse(line);
            if (d != null && done.contains(d.path("unit").asText())) {
              out.write(line);
              out.newLine();
            }
          }
        }
      }
    }
    Files.move(
        tmp, differencesFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    checkedOut =
        Files.newBufferedWriter(
            dir.resolve(CHECKED), StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    differencesOut =
        Files.newBufferedWriter(
            dir.resolve(DIFFERENCES), StandardCharsets.UTF_8, StandardOpenOption.APPEND);
  }

  static Journal open(Path dir) throws IOException {
    return new Journal(dir);
  }

  synchronized boolean done(String unit) {
    return done.contains(unit);
  }

  /** A progress line: what is checked so far, the calls, the differences. */
  synchronized String progress() {
    return String.format(
        "%d unit(s) checked, %s, %d call(s), %d difference(s)",
        done.size(), checked, total(calls), total(differences));
  }

  synchronized long total(Map<String, Long> map) {
    return map.values().stream().mapToLong(Long::longValue).sum();
  }

  /** A finished unit: its differences first, then the unit, each flushed before the next. */
  synchronized void record(
      String unit,
      Map<String, Long> unitChecked,
      Map<String, Long> unitCalls,
      List<Difference> found)
      throws IOException {
    Map<String, Long> byKind = new TreeMap<>();
    for (Difference d : found) {
      differencesOut.write(Json.write(d.toJson(unit)));
      differencesOut.newLine();
      byKind.merge(d.kind(), 1L, Long::sum);
    }
    differencesOut.flush();
    ObjectNode line = Json.MAPPER.createObjectNode().put("unit", unit);
    line.set("checked", Json.MAPPER.valueToTree(unitChecked));
    line.set("calls", Json.MAPPER.valueToTree(unitCalls));
    line.set("differences", Json.MAPPER.valueToTree(byKind));
    checkedOut.write(Json.write(line));
    checkedOut.newLine();
    checkedOut.flush();
    done.add(unit);
    unitChecked.forEach((k, v) -> checked.merge(k, v, Long::sum));
    unitCalls.forEach((k, v) -> calls.merge(k, v, Long::sum));
    byKind.forEach((k, v) -> differences.merge(k, v, Long::sum));
  }

  @Override
  public synchronized void close() throws IOException {
    checkedOut.close();
    differencesOut.close();
  }

  private static void add(Map<String, Long> into, JsonNode counts) {
    counts.fields().forEachRemaining(e -> into.merge(e.getKey(), e.getValue().asLong(), Long::sum));
  }

  private static JsonNode parse(String line) {
    try {
      return line.isBlank() ? null : Json.tree(line);
    } catch (RuntimeException e) {
      return null; // the last line of a killed run may be cut short
    }
  }

  private static List<String> lines(Path file) throws IOException {
    return Files.exists(file) ? Files.readAllLines(file, StandardCharsets.UTF_8) : List.of();
  }

  private static void rewrite(Path file, List<String> lines) throws IOException {
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.write(tmp, lines, StandardCharsets.UTF_8);
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }
}
