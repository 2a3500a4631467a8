package io.chatkitmigrate.transforms.convert;

import io.chatkitmigrate.schemas.chatkit.ChatkitMessage;
import org.apache.beam.sdk.coders.DefaultCoder;

/**
 * One of the things a message bucket brings together: a message record, what the message stage must
 * know of a room whose messages may fall in the bucket, or a user whose Stream id collides. Exactly one
 * is set. Joining these by bucket, instead of reading them as side inputs, lets the grouping start
 * before the rooms and users are known and never holds the messages in memory while it waits.
 */
@DefaultCoder(StageCoders.MessageInputCoder.class)
public record MessageInput(ChatkitMessage message, Room room, String collidedUser) {

  /** The room facts a message needs: its channel type, and whether the room may be imported at all. */
  public record Room(String id, boolean isPrivate, boolean deleted, boolean colliding) {}

  public static MessageInput of(ChatkitMessage message) {
    return new MessageInput(message, null, null);
  }

  public static MessageInput of(Room room) {
    return new MessageInput(null, room, null);
  }

  public static MessageInput collided(String chatkitUserId) {
    return new MessageInput(null, null, chatkitUserId);
  }
}
