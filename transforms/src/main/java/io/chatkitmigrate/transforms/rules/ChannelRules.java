package io.chatkitmigrate.transforms.rules;

import io.chatkitmigrate.schemas.Finding;
import io.chatkitmigrate.schemas.Json;
import io.chatkitmigrate.schemas.Timestamps;
import io.chatkitmigrate.schemas.chatkit.ChatkitRoom;
import io.chatkitmigrate.schemas.stream.StreamChannel;
import io.chatkitmigrate.schemas.stream.StreamFields;
import io.chatkitmigrate.schemas.stream.StreamMember;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Chatkit rooms to Stream {@code channel} items, and their members to {@code member} items
 * (docs/conversion.md §7, §8).
 */
public final class ChannelRules {
  static final Set<String> TAKEN =
      CustomFields.union(StreamFields.CHANNEL_BUILT_IN, StreamFields.CHANNEL_RESERVED);
  static final String ENTITY = "rooms";

  private ChannelRules() {}

  public static String channelType(boolean isPrivate, ConversionSettings o) {
    return isPrivate ? o.privateChannelType() : o.publicChannelType();
  }

  /** A room with {@code deleted_at} is rejected ({@code deletedRooms=skip}) or emitted disabled. */
  public static Converted<StreamChannel> convert(ChatkitRoom room, ConversionSettings o) {
    if (room.deletedAt() != null && o.deletedRooms() == ConversionSettings.DeletedRooms.SKIP) {
      return Converted.rejected(
          Finding.of(
              "deleted_room",
              ENTITY,
              room.source(),
              "room "
                  + room.id()
                  + " is deleted; its members, messages and cursors are left out too"));
    }
    List<Finding> warnings = new ArrayList<>();
    CustomFields.Result custom = CustomFields.flatten(room.customData(), TAKEN);
    Map<String, Object> fields = new LinkedHashMap<>(custom.fields());
    if (custom.tooLarge()) {
      warnings.add(
          Finding.of(
              "custom_data_too_large",
              ENTITY,
              room.source(),
              "custom_data is "
                  + custom.bytes()
                  + " bytes, over Stream's "
                  + StreamFields.MAX_CUSTOM_DATA_BYTES
                  + ": the channel is imported without it"));
      fields.clear();
    } else if (custom.precisionWarning(ENTITY, room.source()) != null) {
      warnings.add(custom.precisionWarning(ENTITY, room.source()));
    }
    if (room.pushNotificationTitleOverride() != null) {
      fields.put("push_notification_title_override", room.pushNotificationTitleOverride());
    }
    StreamChannel channel =
        new StreamChannel(
            IdMapper.channelId(room.id()),
            channelType(room.isPrivate(), o),
            IdMapper.userId(room.createdById()),
            room.name(),
            room.deletedAt() != null ? Boolean.TRUE : null,
            Timestamps.format(room.createdAt()),
            fields);
    return Converted.ok(channel, warnings);
  }

  /**
   * A room that messages name but no rooms file holds: a private channel created by its earliest
   * sender, named after its Chatkit id, marked, and reported.
   */
  public static Converted<StreamChannel> placeholder(
      String roomId, String earliestSender, long firstMessageMicros, ConversionSettings o) {
    StreamChannel channel =
        new StreamChannel(
            IdMapper.channelId(roomId),
            o.privateChannelType(),
            IdMapper.userId(earliestSender),
            roomId,
            null,
            Timestamps.format(firstMessageMicros),
            Map.of("chatkit_placeholder", true));
    Finding warning =
        new Finding(
            "placeholder_room",
            ENTITY,
            "(referenced)",
            null,
            null,
            "room "
                + roomId
                + " has messages but is in no rooms file: imported as a placeholder channel",
            "{\"id\":" + Json.write(roomId) + "}",
            null);
    return Converted.ok(channel, List.of(warning));
  }

  /** The room's distinct members, in the order the export lists them. */
  public static List<String> members(ChatkitRoom room) {
    return List.copyOf(new LinkedHashSet<>(room.memberIds()));
  }

  public static StreamMember member(
      String channelType,
      String channelId,
      String chatkitUserId,
      String channelRole,
      long createdAtMicros,
      Long lastReadMicros) {
    return new StreamMember(
        channelType,
        channelId,
        IdMapper.userId(chatkitUserId),
        channelRole,
        Timestamps.format(createdAtMicros),
        lastReadMicros == null ? null : Timestamps.format(lastReadMicros),
        Map.of());
  }
}
