package io.chatkitmigrate.transforms.read;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeType;
import io.chatkitmigrate.schemas.Json;
import io.chatkitmigrate.schemas.Numbers;
import io.chatkitmigrate.schemas.Timestamps;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Typed reads of one JSON object's fields. A missing key or an explicit null means "not set"; a
 * value of the wrong type is an error, never silently coerced, so the user learns what their export
 * holds.
 */
final class Fields {
  private final JsonNode node;

  Fields(JsonNode node) {
    this.node = node;
  }

  boolean has(String field) {
    JsonNode value = node.get(field);
    return value != null && !value.isNull();
  }

  JsonNode get(String field) {
    JsonNode value = node.get(field);
    return value == null || value.isNull() ? null : value;
  }

  String string(String field) throws BadRecord {
    JsonNode value = get(field);
    if (value == null) {
      return null;
    }
    if (!value.isTextual()) {
      throw BadRecord.wrongType(field, "a string", describe(value));
    }
    return value.textValue();
  }

  String requiredString(String field) throws BadRecord {
    String value = string(field);
    if (value == null) {
      throw BadRecord.missing(field);
    }
    return value;
  }

  /** Ids that old instances wrote as integers and later ones as strings: both become text. */
  String requiredId(String field) throws BadRecord {
    JsonNode value = get(field);
    if (value == null) {
      throw BadRecord.missing(field);
    }
    if (value.isTextual()) {
      return value.textValue();
    }
    if (value.isIntegralNumber()) {
      return value.asText();
    }
    throw BadRecord.wrongType(field, "a string or an integer", describe(value));
  }

  Long integer(String field) throws BadRecord {
    JsonNode value = get(field);
    if (value == null) {
      return null;
    }
    if (!value.isIntegralNumber() || !value.canConvertToLong()) {
      throw BadRecord.wrongType(field, "an integer", describe(value));
    }
    return value.longValue();
  }

  long requiredInteger(String field) throws BadRecord {
    Long value = integer(field);
    if (value == null) {
      throw BadRecord.missing(field);
    }
    return value;
  }

  Integer smallInteger(String field) throws BadRecord {
    Long value = integer(field);
    if (value == null) {
      return null;
    }
    if (value < 0 || value > Integer.MAX_VALUE) {
      throw BadRecord.wrongType(field, "a non-negative integer", value.toString());
    }
    return value.intValue();
  }

  Boolean bool(String field) throws BadRecord {
    JsonNode value = get(field);
    if (value == null) {
      return null;
    }
    if (!value.isBoolean()) {
      throw BadRecord.wrongType(field, "true or false", describe(value));
    }
    return value.booleanValue();
  }

  Long timestamp(String field) throws BadRecord {
    String text = string(field);
    if (text == null) {
      return null;
    }
    Long micros = Timestamps.parseMicros(text);
    if (micros == null && Timestamps.parseMicrosAnyYear(text) != null) {
      throw new BadRecord(
          "timestamp_out_of_range",
          "field \""
              + field
              + "\" is "
              + "\""
              + text
              + "\", outside the years 0000 to 9999 (UTC) that RFC 3339 and Stream accept");
    }
    if (micros == null) {
      throw BadRecord.wrongType(field, "an RFC 3339 timestamp", "\"" + text + "\"");
    }
    return micros;
  }

  long requiredTimestamp(String field) throws BadRecord {
    Long value = timestamp(field);
    if (value == null) {
      throw BadRecord.missing(field);
    }
    return value;
  }

  /**
   * An object field kept as its JSON text, for custom data the conversion flattens later. Numbers
   * keep their value (never through a double); one that a 64-bit float, which is how Stream holds
   * custom numbers, would turn into an infinity or a zero refuses the record ({@code
   * number_out_of_range}).
   */
  String objectJson(String field) throws BadRecord {
    JsonNode value = get(field);
    if (value == null) {
      return null;
    }
    if (!value.isObject()) {
      throw BadRecord.wrongType(field, "an object", describe(value));
    }
    checkNumbers(value, field);
    return Json.write(value);
  }

  private static void checkNumbers(JsonNode node, String path) throws BadRecord {
    if (node.isNumber()) {
      if (!Numbers.fitsDouble(node)) {
        // Jackson holds 1e400 as an infinite double: say what it is rather than print "Infinity".
        boolean large =
            !Double.isFinite(node.doubleValue())
                || node.decimalValue().abs().compareTo(BigDecimal.ONE) > 0;
        throw new BadRecord(
            "number_out_of_range",
            path
                + " is a number too "
                + (large ? "large" : "small")
                + " for a 64-bit floating-point number (how Stream keeps custom numbers): it would"
                + " become "
                + (large ? "infinite" : "zero"));
      }
    } else if (node.isObject()) {
      for (var it = node.fields(); it.hasNext(); ) {
        var e = it.next();
        checkNumbers(e.getValue(), path + "." + e.getKey());
      }
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        checkNumbers(node.get(i), path + "[" + i + "]");
      }
    }
  }

  Fields object(String field) throws BadRecord {
    JsonNode value = get(field);
    if (value == null) {
      return null;
    }
    if (!value.isObject()) {
      throw BadRecord.wrongType(field, "an object", describe(value));
    }
    return new Fields(value);
  }

  List<String> ids(String field) throws BadRecord {
    JsonNode value = get(field);
    if (value == null) {
      return null;
    }
    if (!value.isArray()) {
      throw BadRecord.wrongType(field, "an array", describe(value));
    }
    List<String> out = new ArrayList<>(value.size());
    for (JsonNode item : value) {
      if (item.isTextual()) {
        out.add(item.textValue());
      } else if (item.isIntegralNumber()) {
        out.add(item.asText());
      } else {
        throw BadRecord.wrongType(field + "[]", "a string", describe(item));
      }
    }
    return out;
  }

  static String describe(JsonNode value) {
    JsonNodeType type = value.getNodeType();
    if (value.isDouble() && !Double.isFinite(value.doubleValue())) {
      // Jackson holds 1e400 as an infinite double; the record's text keeps what was written.
      return "a number beyond a 64-bit float";
    }
    String text = value.isContainerNode() ? "" : " " + value;
    if (text.length() > 40) {
      text = text.substring(0, 37) + "...";
    }
    return type.name().toLowerCase(Locale.ROOT) + text;
  }
}
