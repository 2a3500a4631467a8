package io.chatkitmigrate.schemas.stream;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.chatkitmigrate.schemas.coders.SmileCoder;
import java.util.Map;
import java.util.TreeMap;
import org.apache.beam.sdk.coders.DefaultCoder;

/**
 * The Stream import item {@code channel}. Never carries {@code updated_at}: Stream refuses it.
 * Custom fields sit flat beside the built-in ones, as Stream wants them.
 */
@DefaultCoder(SmileCoder.class)
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"id", "type", "created_by", "name", "disabled", "created_at"})
public record StreamChannel(
    String id,
    String type,
    String createdBy,
    String name,
    Boolean disabled,
    String createdAt,
    @JsonIgnore Map<String, Object> custom) {

  /** The item type in the import file's envelope. */
  public static final String ITEM_TYPE = "channel";

  public StreamChannel {
    custom = custom == null ? new TreeMap<>() : new TreeMap<>(custom);
  }

  @JsonAnyGetter
  public Map<String, Object> customFields() {
    return custom;
  }

  @JsonAnySetter
  private void putCustom(String key, Object value) {
    custom.put(key, value);
  }
}
