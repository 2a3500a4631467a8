package io.chatkitmigrate.transforms.rules;

import java.io.Serializable;
import java.util.Map;

/**
 * The options of the conversion contract (docs/conversion.md; each option in docs/options.md), as
 * plain values the rules read. The pipeline's options interface fills it; the rules never see Beam.
 *
 * @param privateChannelType Stream channel type of private rooms (default {@code messaging})
 * @param publicChannelType Stream channel type of public rooms (default {@code livestream})
 * @param roleMap global Chatkit role name to Stream role, beside the built-in admin/default
 * @param roomRoleMap room Chatkit role name to Stream channel role
 * @param deletedRooms what to do with rooms that have {@code deleted_at}
 * @param missingCursor read state of a member without a cursor, in an export that has cursors
 * @param readState how read state is reconstructed
 * @param maxMessageLength longest message text in code points (default 5000)
 * @param migrateResources set {@code migrate_resources: true} on attachments
 * @param attachmentUrlMap exact URL rewrites for files the customer re-hosted
 */
public record ConversionSettings(
    String privateChannelType,
    String publicChannelType,
    Map<String, String> roleMap,
    Map<String, String> roomRoleMap,
    DeletedRooms deletedRooms,
    MissingCursor missingCursor,
    ReadState readState,
    int maxMessageLength,
    boolean migrateResources,
    Map<String, String> attachmentUrlMap)
    implements Serializable {

  public enum DeletedRooms {
    SKIP,
    DISABLE
  }

  public enum MissingCursor {
    UNREAD,
    READ,
    OWN_LAST_MESSAGE
  }

  public enum ReadState {
    CHATKIT,
    OWN_MESSAGES_READ
  }

  public ConversionSettings {
    roleMap = Map.copyOf(roleMap == null ? Map.of() : roleMap);
    roomRoleMap = Map.copyOf(roomRoleMap == null ? Map.of() : roomRoleMap);
    attachmentUrlMap = Map.copyOf(attachmentUrlMap == null ? Map.of() : attachmentUrlMap);
  }

  public static ConversionSettings defaults() {
    return new ConversionSettings(
        "messaging",
        "livestream",
        Map.of(),
        Map.of(),
        DeletedRooms.SKIP,
        MissingCursor.UNREAD,
        ReadState.CHATKIT,
        5000,
        false,
        Map.of());
  }
}
