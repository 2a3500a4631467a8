package io.chatkitmigrate.schemas;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.module.blackbird.BlackbirdModule;
import java.io.IOException;
import java.io.UncheckedIOException;

/** The one Jackson configuration of the project: same bytes for the same value, on every worker. */
public final class Json {
  /**
   * The largest record size option maxRecordBytes may name. Findings carry their record as one
   * string, so every mapper that reads findings back allows strings this long (Jackson's default
   * stops at 20,000,000).
   */
  public static final int MAX_RECORD_BYTES_CEILING = 256 << 20;

  /** Read limits for the findings of records up to {@link #MAX_RECORD_BYTES_CEILING}. */
  public static final StreamReadConstraints READ_CONSTRAINTS =
      StreamReadConstraints.builder().maxStringLength(MAX_RECORD_BYTES_CEILING).build();

  public static final ObjectMapper MAPPER =
      JsonMapper.builder(JsonFactory.builder().streamReadConstraints(READ_CONSTRAINTS).build())
          .serializationInclusion(JsonInclude.Include.NON_NULL)
          .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          .addModule(new BlackbirdModule())
          .build();

  private Json() {}

  public static String write(Object value) {
    try {
      return MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static JsonNode tree(String json) {
    try {
      return MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The text parsed as JSON when it is JSON, else the text itself as a JSON string. */
  public static JsonNode treeOrText(String text) {
    if (text == null) {
      return null;
    }
    try {
      JsonNode node = MAPPER.readTree(text);
      return node == null ? MAPPER.getNodeFactory().textNode(text) : node;
    } catch (JsonProcessingException e) {
      return MAPPER.getNodeFactory().textNode(text);
    }
  }

  /** Whether the text is exactly one JSON value, read token by token so no number is converted. */
  public static boolean isOneValue(String text) {
    try (JsonParser p = MAPPER.getFactory().createParser(text)) {
      if (p.nextToken() == null) {
        return false;
      }
      p.skipChildren();
      return p.nextToken() == null;
    } catch (IOException e) {
      return false;
    }
  }
}
