package io.chatkitmigrate.schemas.coders;

import io.chatkitmigrate.schemas.chatkit.ChatkitCursor;
import io.chatkitmigrate.schemas.chatkit.ChatkitRoom;
import io.chatkitmigrate.schemas.chatkit.ChatkitUser;
import io.chatkitmigrate.schemas.chatkit.ChatkitUserRole;
import java.io.IOException;
import org.apache.beam.sdk.coders.CoderProvider;
import org.apache.beam.sdk.coders.CoderProviders;
import org.apache.beam.sdk.values.TypeDescriptor;

/** The compact coders of the Chatkit entities other than the message, which has its own file. */
public final class ChatkitCoders {
  private ChatkitCoders() {}

  public static final class UserCoder extends CompactCoder<ChatkitUser> {
    public static final UserCoder INSTANCE = new UserCoder();

    public static CoderProvider getCoderProvider() {
      return CoderProviders.forCoder(TypeDescriptor.of(ChatkitUser.class), INSTANCE);
    }

    @Override
    public void write(ChatkitUser u, Out out) {
      out.string(u.id());
      out.nullableString(u.name());
      out.nullableString(u.avatarUrl());
      out.nullableString(u.customData());
      out.varLong(u.createdAt());
      out.varLong(u.updatedAt());
      out.source(u.source());
    }

    @Override
    public ChatkitUser read(In in) throws IOException {
      return new ChatkitUser(
          in.string(),
          in.nullableString(),
          in.nullableString(),
          in.nullableString(),
          in.varLong(),
          in.varLong(),
          in.source());
    }
  }

  public static final class RoomCoder extends CompactCoder<ChatkitRoom> {
    public static final RoomCoder INSTANCE = new RoomCoder();

    public static CoderProvider getCoderProvider() {
      return CoderProviders.forCoder(TypeDescriptor.of(ChatkitRoom.class), INSTANCE);
    }

    @Override
    public void write(ChatkitRoom r, Out out) {
      out.string(r.id());
      out.nullableString(r.createdById());
      out.nullableString(r.name());
      out.flag(r.isPrivate());
      out.strings(r.memberIds());
      out.nullableString(r.pushNotificationTitleOverride());
      out.nullableString(r.customData());
      out.nullableLong(r.lastMessageAt());
      out.varLong(r.createdAt());
      out.varLong(r.updatedAt());
      out.nullableLong(r.deletedAt());
      out.source(r.source());
    }

    @Override
    public ChatkitRoom read(In in) throws IOException {
      return new ChatkitRoom(
          in.string(),
          in.nullableString(),
          in.nullableString(),
          in.flag(),
          in.strings(),
          in.nullableString(),
          in.nullableString(),
          in.nullableLong(),
          in.varLong(),
          in.varLong(),
          in.nullableLong(),
          in.source());
    }
  }

  public static final class CursorCoder extends CompactCoder<ChatkitCursor> {
    public static final CursorCoder INSTANCE = new CursorCoder();

    public static CoderProvider getCoderProvider() {
      return CoderProviders.forCoder(TypeDescriptor.of(ChatkitCursor.class), INSTANCE);
    }

    @Override
    public void write(ChatkitCursor c, Out out) {
      out.varLong(c.cursorType());
      out.string(c.roomId());
      out.string(c.userId());
      out.varLong(c.position());
      out.nullableLong(c.updatedAt());
      out.source(c.source());
    }

    @Override
    public ChatkitCursor read(In in) throws IOException {
      return new ChatkitCursor(
          in.varInt(), in.string(), in.string(), in.varLong(), in.nullableLong(), in.source());
    }
  }

  public static final class UserRoleCoder extends CompactCoder<ChatkitUserRole> {
    public static final UserRoleCoder INSTANCE = new UserRoleCoder();

    public static CoderProvider getCoderProvider() {
      return CoderProviders.forCoder(TypeDescriptor.of(ChatkitUserRole.class), INSTANCE);
    }

    @Override
    public void write(ChatkitUserRole r, Out out) {
      out.string(r.userId());
      out.nullableString(r.roleName());
      out.nullableString(r.scope());
      out.nullableString(r.roomId());
      out.source(r.source());
    }

    @Override
    public ChatkitUserRole read(In in) throws IOException {
      return new ChatkitUserRole(
          in.string(), in.nullableString(), in.nullableString(), in.nullableString(), in.source());
    }
  }
}
