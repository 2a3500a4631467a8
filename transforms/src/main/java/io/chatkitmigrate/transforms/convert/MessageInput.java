package io.chatkitmigrate.transforms.convert;

import io.chatkitmigrate.schemas.chatkit.ChatkitMessage;
import io.chatkitmigrate.schemas.coders.ChatkitMessageCoder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Objects;
import org.apache.beam.sdk.coders.DefaultCoder;

/**
 * One of the things a message bucket brings together: a message record, what the message stage must
 * know of a room whose messages may fall in the bucket, or a user whose Stream id collides. Exactly
 * one is set. Joining these by bucket, instead of reading them as side inputs, lets the grouping
 * start before the rooms and users are known and never holds the messages in memory while it waits.
 *
 * <p>A message that came through a shuffle stays in its encoded form until the stage reads it: the
 * bucket crosses a pre-grouping, the network and the runner's sort on its way, and each would
 * otherwise decode and re-encode every field of every message.
 */
@DefaultCoder(StageCoders.MessageInputCoder.class)
public final class MessageInput {
  private final ChatkitMessage message;
  private final byte[] encoded;
  private final Room room;
  private final String collidedUser;

  /**
   * The room facts a message needs: its channel type, and whether the room may be imported at all.
   */
  public record Room(String id, boolean isPrivate, boolean deleted, boolean colliding) {}

  private MessageInput(ChatkitMessage message, byte[] encoded, Room room, String collidedUser) {
    this.message = message;
    this.encoded = encoded;
    this.room = room;
    this.collidedUser = collidedUser;
  }

  public static MessageInput of(ChatkitMessage message) {
    return new MessageInput(message, null, null, null);
  }

  /** A message as {@link ChatkitMessageCoder} wrote it, decoded only when read. */
  static MessageInput encoded(byte[] block) {
    return new MessageInput(null, block, null, null);
  }

  public static MessageInput of(Room room) {
    return new MessageInput(null, null, room, null);
  }

  public static MessageInput collided(String chatkitUserId) {
    return new MessageInput(null, null, null, chatkitUserId);
  }

  public boolean isMessage() {
    return message != null || encoded != null;
  }

  /** The message, decoded on each call if it came encoded; null when this is not a message. */
  public ChatkitMessage message() {
    if (encoded == null) {
      return message;
    }
    try {
      return ChatkitMessageCoder.of().decodeBlock(encoded);
    } catch (IOException e) {
      throw new UncheckedIOException("a message record was damaged in a shuffle", e);
    }
  }

  /** The message's encoded block if it is still encoded, else null. */
  byte[] encodedMessage() {
    return encoded;
  }

  public Room room() {
    return room;
  }

  public String collidedUser() {
    return collidedUser;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof MessageInput that
        && Objects.equals(message(), that.message())
        && Objects.equals(room, that.room)
        && Objects.equals(collidedUser, that.collidedUser);
  }

  @Override
  public int hashCode() {
    return Objects.hash(message(), room, collidedUser);
  }

  @Override
  public String toString() {
    return isMessage()
        ? "MessageInput[" + message() + "]"
        : room != null
            ? "MessageInput[" + room + "]"
            : "MessageInput[collided " + collidedUser + "]";
  }
}
