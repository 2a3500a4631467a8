package io.chatkitmigrate.transforms.write;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chatkitmigrate.schemas.Json;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a worker reports of one import part it wrote under a temporary name: the run it belongs to,
 * its place in that run, the file, and its size, SHA-256 and items by type.
 */
public record WrittenPart(
    int run, int sequence, String file, long bytes, String sha256, Map<String, Long> counts) {
  /** Import order: the runs in order, each run's parts in the order they were written. */
  public static final Comparator<WrittenPart> ORDER =
      Comparator.comparingInt(WrittenPart::run).thenComparingInt(WrittenPart::sequence);

  public String toJson() {
    ObjectNode node = Json.MAPPER.createObjectNode();
    node.put("run", run);
    node.put("sequence", sequence);
    node.put("file", file);
    node.put("bytes", bytes);
    node.put("sha256", sha256);
    ObjectNode c = node.putObject("counts");
    counts.forEach(c::put);
    return node.toString();
  }

  public static WrittenPart fromJson(String line) {
    JsonNode node = Json.tree(line);
    Map<String, Long> counts = new LinkedHashMap<>();
    node.path("counts")
        .fields()
        .forEachRemaining(e -> counts.put(e.getKey(), e.getValue().asLong()));
    return new WrittenPart(
        node.path("run").asInt(),
        node.path("sequence").asInt(),
        node.path("file").asText(),
        node.path("bytes").asLong(),
        node.path("sha256").asText(),
        counts);
  }
}
