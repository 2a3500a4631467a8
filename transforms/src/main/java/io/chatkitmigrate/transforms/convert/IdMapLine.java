package io.chatkitmigrate.transforms.convert;

import io.chatkitmigrate.schemas.Json;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A line of {@code id-map.ndjson}: an id that changed, so the customer's backend can translate it.
 */
final class IdMapLine {
  private IdMapLine() {}

  static String of(String kind, String chatkitId, String streamId) {
    Map<String, String> line = new LinkedHashMap<>();
    line.put("kind", kind);
    line.put("chatkit_id", chatkitId);
    line.put("stream_id", streamId);
    return Json.write(line);
  }
}
