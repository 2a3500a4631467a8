package io.chatkitmigrate.schemas;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.JsonGenerator;
import io.chatkitmigrate.schemas.coders.SmileCoder;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import org.apache.beam.sdk.coders.DefaultCoder;

/**
 * A record the run rejected or warns about, with the original text and where it came from. Rejected
 * and warning findings have the same shape; the output they travel on says which they are. A
 * finding made after the reading knows only where its record is; the original text is read again
 * before the finding is written ({@code AttachOriginals}).
 *
 * @param reason a short stable code such as {@code malformed_json}
 * @param entity the Chatkit entity ({@code users}, {@code messages}, ...) or {@code file}
 * @param offset where the record starts in its file (an NDJSON line, an element of a JSON array),
 *     so it can be read again without a scan
 */
@DefaultCoder(SmileCoder.class)
@JsonPropertyOrder({"reason", "entity", "source", "line", "index", "detail", "record", "offset"})
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Finding(
    String reason,
    String entity,
    String source,
    Long line,
    Long index,
    String detail,
    String record,
    Long offset) {

  /** A finding about a record, to be completed with its original text before it is written. */
  public static Finding of(String reason, String entity, Source source, String detail) {
    return new Finding(
        reason,
        entity,
        source.file(),
        source.line() > 0 ? source.line() : null,
        source.index() >= 0 ? source.index() : null,
        detail,
        null,
        source.offset() >= 0 ? source.offset() : null);
  }

  public static Finding forFile(String reason, String file, String detail) {
    return new Finding(reason, "file", file, null, null, detail, null, null);
  }

  public Finding withRecord(String original) {
    return new Finding(reason, entity, source, line, index, detail, original, offset);
  }

  /** Whether the original text is still to be read from the export. */
  public boolean lacksOriginal() {
    return record == null && source != null && (line != null || index != null);
  }

  /**
   * The NDJSON line of {@code rejected/} and {@code warnings/}: the original record embedded as the
   * very text that was read when it is JSON (numbers, key order and repeated keys as they were; a
   * line break between tokens becomes a space so the finding stays one line), else as a JSON
   * string.
   */
  public String toJsonLine() {
    StringWriter text = new StringWriter(128 + (record == null ? 0 : record.length()));
    try (JsonGenerator g = Json.MAPPER.getFactory().createGenerator(text)) {
      g.writeStartObject();
      g.writeStringField("reason", reason);
      g.writeStringField("entity", entity);
      g.writeStringField("source", source);
      if (line != null) {
        g.writeNumberField("line", line);
      }
      if (index != null) {
        g.writeNumberField("index", index);
      }
      g.writeStringField("detail", detail);
      if (record != null) {
        g.writeFieldName("record");
        if (Json.isOneValue(record)) {
          g.writeRawValue(
              record.indexOf('\n') < 0 && record.indexOf('\r') < 0
                  ? record
                  : record.replace('\n', ' ').replace('\r', ' '));
        } else {
          g.writeString(record);
        }
      }
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return text.toString();
  }
}
