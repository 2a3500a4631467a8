package io.chatkitmigrate.runners;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.chatkitmigrate.schemas.Json;
import io.chatkitmigrate.schemas.stream.ImportItem;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/** What a migration's parts must be, however many workers wrote them. */
final class WorkerParts {
  private WorkerParts() {}

  /**
   * The items of every part in manifest order, after checking that each part is named in sequence,
   * holds at most {@code maxPartBytes}, is described exactly by the manifest (bytes, SHA-256,
   * counts) and that the whole sequence keeps Stream's type order.
   */
  static List<String> inOrder(Path output, long maxPartBytes) throws Exception {
    JsonNode parts = Json.tree(Files.readString(output.resolve("manifest.json"))).path("parts");
    List<String> sequence = new ArrayList<>();
    for (int i = 0; i < parts.size(); i++) {
      JsonNode part = parts.get(i);
      assertEquals(String.format("import/part-%05d.jsonl", i + 1), part.path("name").asText());
      byte[] bytes = Files.readAllBytes(output.resolve(part.path("name").asText()));
      assertTrue(bytes.length <= maxPartBytes, part.toString());
      assertEquals(bytes.length, part.path("bytes").asLong());
      assertEquals(
          HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)),
          part.path("sha256").asText());
      List<String> lines = new String(bytes, StandardCharsets.UTF_8).lines().toList();
      long counted = 0;
      for (var type : (Iterable<String>) part.path("counts")::fieldNames) {
        counted += part.path("counts").path(type).asLong();
      }
      assertEquals(lines.size(), counted, part.toString());
      sequence.addAll(lines);
    }
    List<Integer> ranks =
        sequence.stream()
            .map(l -> ImportItem.TYPE_ORDER.indexOf(Json.tree(l).path("type").asText()))
            .toList();
    assertEquals(ranks.stream().sorted().toList(), ranks, "types in Stream's order");
    return sequence;
  }

  static int count(Path output) throws Exception {
    return Json.tree(Files.readString(output.resolve("manifest.json"))).path("parts").size();
  }
}
