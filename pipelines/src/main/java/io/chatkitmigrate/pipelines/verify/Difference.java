package io.chatkitmigrate.pipelines.verify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chatkitmigrate.schemas.Json;
import java.util.List;

/**
 * One way the Stream app differs from the migration: a line of {@code verify/differences.ndjson}.
 */
public record Difference(
    String kind, ObjectNode ids, JsonNode files, JsonNode stream, List<String> fields) {
  public static final List<String> KINDS =
      List.of(
          "missing_user",
          "user_differs",
          "missing_channel",
          "channel_differs",
          "missing_member",
          "extra_member",
          "role_differs",
          "missing_message",
          "extra_message",
          "duplicate_message",
          "message_differs",
          "read_state_differs");

  static ObjectNode ids(String... keysAndValues) {
    ObjectNode ids = Json.MAPPER.createObjectNode();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      ids.put(keysAndValues[i], keysAndValues[i + 1]);
    }
    return ids;
  }

  /**
   * The line, tagged with the unit of work that found it (so a resumed run can drop an unfinished
   * unit's lines).
   */
  ObjectNode toJson(String unit) {
    ObjectNode n = Json.MAPPER.createObjectNode();
    n.put("kind", kind);
    n.set("ids", ids);
    if (fields != null && !fields.isEmpty()) {
      n.set("fields", Json.MAPPER.valueToTree(fields));
    }
    n.set("files", files == null ? n.nullNode() : files);
    n.set("stream", stream == null ? n.nullNode() : stream);
    n.put("unit", unit);
    return n;
  }
}
