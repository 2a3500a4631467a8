package io.chatkitmigrate.schemas.chatkit;

import io.chatkitmigrate.schemas.Source;
import io.chatkitmigrate.schemas.coders.ChatkitCoders;
import org.apache.beam.sdk.coders.DefaultCoder;

/**
 * A read cursor: {@code userId} has read {@code roomId} up to the message with id {@code position}.
 *
 * @param cursorType 0 for read cursors, the only type Chatkit had
 * @param updatedAt microseconds since the epoch, null when the export has none
 */
@DefaultCoder(ChatkitCoders.CursorCoder.class)
public record ChatkitCursor(
    int cursorType, String roomId, String userId, long position, Long updatedAt, Source source) {}
