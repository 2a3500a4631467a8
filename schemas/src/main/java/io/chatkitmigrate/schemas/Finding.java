package io.chatkitmigrate.schemas;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chatkitmigrate.schemas.coders.SmileCoder;
import org.apache.beam.sdk.coders.DefaultCoder;

/**
 * A record the run rejected or warns about, with the original text and where it came from. Rejected
 * and warning findings have the same shape; the output they travel on says which they are.
 *
 * @param reason a short stable code such as {@code malformed_json}
 * @param entity the Chatkit entity ({@code users}, {@code messages}, ...) or {@code file}
 */
@DefaultCoder(SmileCoder.class)
@JsonPropertyOrder({"reason", "entity", "source", "line", "index", "detail", "record"})
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Finding(
    String reason, String entity, String source, Long line, Long index, String detail, String record) {

  public static Finding of(String reason, String entity, Source source, String detail) {
    return new Finding(
        reason,
        entity,
        source.file(),
        source.line() > 0 ? source.line() : null,
        source.index() >= 0 ? source.index() : null,
        detail,
        source.raw());
  }

  public static Finding forFile(String reason, String file, String detail) {
    return new Finding(reason, "file", file, null, null, detail, null);
  }

  /** The NDJSON line of {@code rejected/} and {@code warnings/}: the original record embedded as JSON. */
  public String toJsonLine() {
    ObjectNode node = Json.MAPPER.createObjectNode();
    node.put("reason", reason);
    node.put("entity", entity);
    node.put("source", source);
    if (line != null) {
      node.put("line", line);
    }
    if (index != null) {
      node.put("index", index);
    }
    node.put("detail", detail);
    if (record != null) {
      node.set("record", Json.treeOrText(record));
    }
    return Json.write(node);
  }
}
