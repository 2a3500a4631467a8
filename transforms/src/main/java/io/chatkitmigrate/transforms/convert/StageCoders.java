package io.chatkitmigrate.transforms.convert;

import io.chatkitmigrate.schemas.coders.ChatkitCoders;
import io.chatkitmigrate.schemas.coders.ChatkitMessageCoder;
import io.chatkitmigrate.schemas.coders.CompactCoder;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.coders.CoderProvider;
import org.apache.beam.sdk.coders.CoderProviders;
import org.apache.beam.sdk.values.TypeDescriptor;

/**
 * Compact coders of what the user, message and room stages group: a million messages send their
 * stamps and their senders' references through these.
 */
public final class StageCoders {
  private StageCoders() {}

  /**
   * Ids and times as differences from the message before (a group's messages come in id order); the
   * deleted flag rides in the lowest bit of the sender's index.
   */
  public static final class StampsCoder extends CompactCoder<Stamps> {
    public static final StampsCoder INSTANCE = new StampsCoder();

    public static CoderProvider getCoderProvider() {
      return CoderProviders.forCoder(TypeDescriptor.of(Stamps.class), INSTANCE);
    }

    @Override
    public void write(Stamps s, Out out) {
      out.varLong(s.senders().size());
      for (String sender : s.senders()) {
        out.nullableString(sender);
      }
      out.varLong(s.size());
      long id = 0;
      long micros = 0;
      for (int i = 0; i < s.size(); i++) {
        out.varLong(s.id(i) - id);
        out.varLong(s.micros(i) - micros);
        out.varLong(((long) s.senderIndex(i) << 1) | (s.deleted(i) ? 1 : 0));
        id = s.id(i);
        micros = s.micros(i);
      }
    }

    @Override
    public Stamps read(In in) throws IOException {
      int senderCount = in.varInt();
      List<String> senders = new ArrayList<>(senderCount);
      for (int i = 0; i < senderCount; i++) {
        senders.add(in.nullableString());
      }
      int n = in.varInt();
      long[] ids = new long[n];
      long[] micros = new long[n];
      int[] senderOf = new int[n];
      boolean[] deleted = new boolean[n];
      long id = 0;
      long at = 0;
      for (int i = 0; i < n; i++) {
        id += in.varLong();
        at += in.varLong();
        ids[i] = id;
        micros[i] = at;
        long senderAndDeleted = in.varLong();
        deleted[i] = (senderAndDeleted & 1) != 0;
        long sender = senderAndDeleted >>> 1;
        if (sender >= senderCount) {
          throw new IOException("a stamp names sender " + sender + " of " + senderCount);
        }
        senderOf[i] = (int) sender;
      }
      return new Stamps(ids, micros, senderOf, senders, deleted);
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
      out.flag(r.stamps() != null);
      if (r.stamps() != null) {
        StampsCoder.INSTANCE.write(r.stamps(), out);
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
      return new RoomInput(
          in.string(),
          in.flag() ? ChatkitCoders.RoomCoder.INSTANCE.read(in) : null,
          in.flag() ? StampsCoder.INSTANCE.read(in) : null,
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
        case ROOM ->
            MessageInput.of(new MessageInput.Room(in.string(), in.flag(), in.flag(), in.flag()));
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
