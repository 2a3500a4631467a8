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
 * An attachment of a Stream message. {@code asset_url}, {@code image_url} and {@code thumb_url}
 * hold https URLs only. Custom fields sit flat beside the built-in ones, as Stream wants them.
 */
@DefaultCoder(SmileCoder.class)
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({
  "type",
  "asset_url",
  "image_url",
  "thumb_url",
  "title",
  "title_link",
  "og_scrape_url",
  "text",
  "file_size",
  "mime_type",
  "migrate_resources"
})
public record StreamAttachment(
    String type,
    String assetUrl,
    String imageUrl,
    String thumbUrl,
    String title,
    String titleLink,
    String ogScrapeUrl,
    String text,
    Long fileSize,
    String mimeType,
    Boolean migrateResources,
    @JsonIgnore Map<String, Object> custom) {

  public StreamAttachment {
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
