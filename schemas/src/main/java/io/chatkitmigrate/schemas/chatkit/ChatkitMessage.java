package io.chatkitmigrate.schemas.chatkit;

import io.chatkitmigrate.schemas.Source;
import io.chatkitmigrate.schemas.coders.ChatkitMessageCoder;
import java.util.List;
import org.apache.beam.sdk.coders.DefaultCoder;

/**
 * One record of a Chatkit message: a whole message, a duplicate of one, or a fragment carrying a
 * slice of its parts. All records of one {@code (roomId, id)} make one message.
 *
 * @param id unique within its room only
 * @param senderId {@code sender_id} in the export shape, {@code user_id} in the API shapes
 * @param partIndex 0-based position of this record's first part in the whole message, null when
 *     whole
 * @param partCount the whole message's number of parts, null when whole
 * @param shape which of the three message shapes the record had
 */
@DefaultCoder(ChatkitMessageCoder.class)
public record ChatkitMessage(
    long id,
    String roomId,
    String senderId,
    List<MessagePart> parts,
    long createdAt,
    long updatedAt,
    Long deletedAt,
    Integer partIndex,
    Integer partCount,
    Shape shape,
    Source source) {

  public enum Shape {
    /** {@code sender_id} and {@code parts: [{part_type, payload}]}. */
    EXPORT,
    /** Server API v3-v6: {@code user_id} and {@code parts: [{type, content|url|attachment}]}. */
    API,
    /** Legacy API v2: {@code user_id}, {@code text}, optional {@code attachment}. */
    LEGACY_V2
  }

  public boolean isFragment() {
    return partIndex != null && partCount != null;
  }
}
