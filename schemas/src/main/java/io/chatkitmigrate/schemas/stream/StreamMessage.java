package io.chatkitmigrate.schemas.stream;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.chatkitmigrate.schemas.coders.SmileCoder;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.beam.sdk.coders.DefaultCoder;

/**
 * The Stream import item {@code message}. The sender's key is {@code user}, not {@code user_id}.
 * Custom fields sit flat beside the built-in ones, as Stream wants them.
 */
@DefaultCoder(SmileCoder.class)
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({
  "id",
  "channel_type",
  "channel_id",
  "user",
  "type",
  "text",
  "attachments",
  "created_at",
  "deleted_at"
})
public record StreamMessage(
    String id,
    String channelType,
    String channelId,
    String user,
    String type,
    String text,
    List<StreamAttachment> attachments,
    String createdAt,
    String deletedAt,
    @JsonIgnore Map<String, Object> custom) {

  /** The item type in the import file's envelope. */
  public static final String ITEM_TYPE = "message";

  public StreamMessage {
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
