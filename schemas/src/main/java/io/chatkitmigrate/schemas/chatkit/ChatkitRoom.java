package io.chatkitmigrate.schemas.chatkit;

import io.chatkitmigrate.schemas.Source;
import io.chatkitmigrate.schemas.coders.ChatkitCoders;
import java.util.List;
import org.apache.beam.sdk.coders.DefaultCoder;

/**
 * A Chatkit room. Integer room ids of old instances are kept as their decimal text.
 *
 * @param memberIds from {@code member_ids} or the server API's {@code member_user_ids}, in order
 * @param customData the original {@code custom_data} object as JSON text, or null
 */
@DefaultCoder(ChatkitCoders.RoomCoder.class)
public record ChatkitRoom(
    String id,
    String createdById,
    String name,
    boolean isPrivate,
    List<String> memberIds,
    String pushNotificationTitleOverride,
    String customData,
    Long lastMessageAt,
    long createdAt,
    long updatedAt,
    Long deletedAt,
    Source source) {}
