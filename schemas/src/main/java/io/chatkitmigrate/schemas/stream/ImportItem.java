package io.chatkitmigrate.schemas.stream;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectWriter;
import io.chatkitmigrate.schemas.Json;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * The JSON Lines envelope of Stream's import file: {@code {"type": "<item type>", "data": {...}}}.
 */
public record ImportItem(String type, Object data) {

  /** Stream's mandatory item order within and across import files. */
  public static final List<String> TYPE_ORDER =
      List.of("user", "device", "future_channel_ban", "channel", "member", "message", "reaction");

  private static final ObjectWriter WRITER = Json.MAPPER.writerFor(ImportItem.class);

  public static ImportItem of(StreamUser user) {
    return new ImportItem(StreamUser.ITEM_TYPE, user);
  }

  public static ImportItem of(StreamChannel channel) {
    return new ImportItem(StreamChannel.ITEM_TYPE, channel);
  }

  public static ImportItem of(StreamMember member) {
    return new ImportItem(StreamMember.ITEM_TYPE, member);
  }

  public static ImportItem of(StreamMessage message) {
    return new ImportItem(StreamMessage.ITEM_TYPE, message);
  }

  public static ImportItem of(StreamReaction reaction) {
    return new ImportItem(StreamReaction.ITEM_TYPE, reaction);
  }

  /** One line of the import file, without the line end. */
  public String toJsonLine() {
    try {
      return WRITER.writeValueAsString(this);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
