package io.chatkitmigrate.transforms.convert;

import io.chatkitmigrate.schemas.chatkit.ChatkitCursor;
import io.chatkitmigrate.schemas.chatkit.ChatkitRoom;
import io.chatkitmigrate.schemas.chatkit.ChatkitUserRole;
import org.apache.beam.sdk.coders.DefaultCoder;

/**
 * One of the things the room stage brings together per room: a record, stamps of its messages, a
 * cursor or a room role.
 */
@DefaultCoder(StageCoders.RoomInputCoder.class)
public record RoomInput(
    String roomId, ChatkitRoom room, Stamps stamps, ChatkitCursor cursor, ChatkitUserRole role) {}
