package io.chatkitmigrate.transforms.convert;

import io.chatkitmigrate.schemas.coders.ChatkitCoders;
import io.chatkitmigrate.schemas.coders.ChatkitMessageCoder;
import io.chatkitmigrate.schemas.coders.CompactCoder;
import java.io.IOException;
import org.apache.beam.sdk.coders.CoderProvider;
import org.apache.beam.sdk.coders.CoderProviders;
import org.apache.beam.sdk.values.TypeDescriptor;

/**
 * Compact coders of what the user, message and room stages group: a million messages send a million stamps and
 * their senders' references through these.
 */
public final class StageCoders {
  private StageCoders() {}

  public static final class StampCoder extends CompactCoder<Stamp> {
    public static final StampCoder INSTANCE = new StampCoder();

    public static CoderProvider getCoderProvider() {
      return CoderProviders.forCoder(TypeDescriptor.of(Stamp.class), INSTANCE);
    }

    @Override
    public void write(Stamp s, Out out) {
      out.varLong(s.id());
      out.varLong(s.micros());
      out.nullableString(s.sender());
    }

    @Override
    public Stamp read(In in) throws IOException {
      return new Stamp(in.varLong(), in.varLong(), in.nullableString());
    }
  }

  public static final class RoomInputCoder extends CompactCoder<RoomInput> {
    public static final RoomInputCoder INSTANCE = new RoomInputCoder();

    public static CoderProvider getCoderProvider() {
      return CoderProviders.forCoder(TypeDescriptor.of(RoomInput.class), INSTANCE);
    }

    @Override
    public void write(RoomInput r, Out out) {
      out.string(r.roomId());
      out.flag(r.room() != null);
      if (r.room() != null) {
        ChatkitCoders.RoomCoder.INSTANCE.write(r.room(), out);
      }
      out.flag(r.stamp() != null);
      if (r.stamp() != null) {
        StampCoder.INSTANCE.write(r.stamp(), out);
      }
      out.flag(r.cursor() != null);
      if (r.cursor() != null) {
        ChatkitCoders.CursorCoder.INSTANCE.write(r.cursor(), out);
      }
      out.flag(r.role() != null);
      if (r.role() != null) {
        ChatkitCoders.UserRoleCoder.INSTANCE.write(r.role(), out);
      }
    }

    @Override
    public RoomInput read(In in) throws IOException {
      return new RoomInput(in.string(),
          in.flag() ? ChatkitCoders.RoomCoder.INSTANCE.read(in) : null,
          in.flag() ? StampCoder.INSTANCE.read(in) : null,
          in.flag() ? ChatkitCoders.CursorCoder.INSTANCE.read(in) : null,
          in.flag() ? ChatkitCoders.UserRoleCoder.INSTANCE.read(in) : null);
    }
  }

  public static final class MessageInputCoder extends CompactCoder<MessageInput> {
    public static final MessageInputCoder INSTANCE = new MessageInputCoder();
    private static final int MESSAGE = 0;
    private static final int ROOM = 1;
    private static final int COLLIDED = 2;

    public static CoderProvider getCoderProvider() {
      return CoderProviders.forCoder(TypeDescriptor.of(MessageInput.class), INSTANCE);
    }

    @Override
    public void write(MessageInput m, Out out) {
      if (m.isMessage()) {
        out.small(MESSAGE);
        byte[] encoded = m.encodedMessage();
        if (encoded != null) {
          out.bytes(encoded);
        } else {
          out.block(ChatkitMessageCoder.of(), m.message());
        }
      } else if (m.room() != null) {
        out.small(ROOM);
        out.string(m.room().id());
        out.flag(m.room().isPrivate());
        out.flag(m.room().deleted());
        out.flag(m.room().colliding());
      } else {
        out.small(COLLIDED);
        out.string(m.collidedUser());
      }
    }

    @Override
    public MessageInput read(In in) throws IOException {
      return switch (in.small()) {
        case MESSAGE -> MessageInput.encoded(in.bytes());
        case ROOM -> MessageInput.of(new MessageInput.Room(in.string(), in.flag(), in.flag(), in.flag()));
        case COLLIDED -> MessageInput.collided(in.string());
        default -> throw new IOException("not a message-stage record");
      };
    }
  }

  public static final class UserInputCoder extends CompactCoder<UserInput> {
    public static final UserInputCoder INSTANCE = new UserInputCoder();

    public static CoderProvider getCoderProvider() {
      return CoderProviders.forCoder(TypeDescriptor.of(UserInput.class), INSTANCE);
    }

    @Override
    public void write(UserInput u, Out out) {
      out.flag(u.user() != null);
      if (u.user() != null) {
        ChatkitCoders.UserCoder.INSTANCE.write(u.user(), out);
      }
      out.flag(u.role() != null);
      if (u.role() != null) {
        ChatkitCoders.UserRoleCoder.INSTANCE.write(u.role(), out);
      }
      out.nullableString(u.reference());
    }

    @Override
    public UserInput read(In in) throws IOException {
      return new UserInput(
          in.flag() ? ChatkitCoders.UserCoder.INSTANCE.read(in) : null,
          in.flag() ? ChatkitCoders.UserRoleCoder.INSTANCE.read(in) : null,
          in.nullableString());
    }
  }
}
