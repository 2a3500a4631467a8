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
 * The Stream import item {@code member} (the JSON Schemas say {@code channel_member}; the import
 * says {@code member}). Custom fields sit flat beside the built-in ones, as Stream wants them.
 */
@DefaultCoder(SmileCoder.class)
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({
  "channel_type",
  "channel_id",
  "user_id",
  "channel_role",
  "created_at",
  "last_read"
})
public record StreamMember(
    String channelType,
    String channelId,
    String userId,
    String channelRole,
    String createdAt,
    String lastRead,
    @JsonIgnore Map<String, Object> custom) {

  /** The item type in the import file's envelope. */
  public static final String ITEM_TYPE = "member";

  public StreamMember {
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
