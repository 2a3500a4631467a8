package io.chatkitmigrate.pipelines.verify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chatkitmigrate.schemas.Json;
import io.chatkitmigrate.schemas.Timestamps;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Field-by-field comparison of what the files hold with what Stream answers: every field the file
 * wrote must come back equal (numbers by value, timestamps by instant); what Stream adds on its own
 * is not a difference. After the REST sink the fields Stream sets itself cannot match and are left
 * out.
 */
final class Compare {
  static final Set<String> TIMESTAMPS =
      Set.of(
          "created_at",
          "updated_at",
          "deleted_at",
          "deactivated_at",
          "last_read",
          "truncated_at",
          "pinned_at",
          "pin_expires",
          "invite_accepted_at",
          "invite_rejected_at",
          "hide_messages_before",
          "archived_at",
          "last_active");

  /** What the REST API stamps itself (RestRequests leaves these out of its bodies). */
  static final Set<String> SERVER_SET =
      Set.of("created_at", "updated_at", "deleted_at", "last_active");

  private Compare() {}

  /**
   * The names of the fields of {@code files} that {@code stream} lacks or holds otherwise, skipping
   * {@code skip}.
   */
  static List<String> fields(JsonNode files, JsonNode stream, Set<String> skip, boolean restSink) {
    List<String> differ = new ArrayList<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = files.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      String name = e.getKey();
      if (skip.contains(name) || (restSink && SERVER_SET.contains(name))) {
        continue;
      }
      if (!same(name, e.getValue(), stream.get(name))) {
        differ.add(name);
      }
    }
    return differ;
  }

  static boolean same(String name, JsonNode files, JsonNode stream) {
    if (files == null || files.isNull()) {
      return stream == null || stream.isNull();
    }
    if (stream == null || stream.isNull()) {
      return false;
    }
    if (TIMESTAMPS.contains(name) && files.isTextual() && stream.isTextual()) {
      Long a = Timestamps.parseMicros(files.asText());
      Long b = Timestamps.parseMicros(stream.asText());
      return a != null && a.equals(b);
    }
    return files.equals(
        (x, y) ->
            x.isNumber() && y.isNumber()
                ? x.decimalValue().compareTo(y.decimalValue())
                : x.equals(y) ? 0 : 1,
        stream);
  }

  /** The fields of {@code node} that {@code names} lists, for a difference's two sides. */
  static ObjectNode pick(JsonNode node, List<String> names) {
    ObjectNode out = Json.MAPPER.createObjectNode();
    for (String n : names) {
      out.set(n, node == null || !node.has(n) ? out.nullNode() : node.get(n));
    }
    return out;
  }
}
