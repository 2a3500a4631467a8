package io.chatkitmigrate.schemas.coders;

import io.chatkitmigrate.schemas.chatkit.ChatkitMessage;
import io.chatkitmigrate.schemas.chatkit.MessagePart;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.coders.CoderProvider;
import org.apache.beam.sdk.coders.CoderProviders;
import org.apache.beam.sdk.values.TypeDescriptor;

/** The message record's coder: every message crosses the largest shuffle of the pipeline. */
public final class ChatkitMessageCoder extends CompactCoder<ChatkitMessage> {
  private static final ChatkitMessageCoder INSTANCE = new ChatkitMessageCoder();
  private static final ChatkitMessage.Shape[] SHAPES = ChatkitMessage.Shape.values();
  private static final MessagePart.Kind[] KINDS = MessagePart.Kind.values();

  private ChatkitMessageCoder() {}

  public static ChatkitMessageCoder of() {
    return INSTANCE;
  }

  /** Lets {@code @DefaultCoder(ChatkitMessageCoder.class)} pick this coder. */
  public static CoderProvider getCoderProvider() {
    return CoderProviders.forCoder(TypeDescriptor.of(ChatkitMessage.class), INSTANCE);
  }

  @Override
  public void write(ChatkitMessage m, Out out) {
    out.varLong(m.id());
    out.string(m.roomId());
    out.nullableString(m.senderId());
    out.varLong(m.parts().size());
    for (MessagePart p : m.parts()) {
      out.small(p.kind().ordinal());
      out.nullableString(p.mimeType());
      out.nullableString(p.content());
      out.nullableString(p.url());
      out.nullableString(p.name());
      out.nullableLong(p.size());
      out.nullableString(p.customData());
      out.nullableString(p.legacyType());
    }
    out.varLong(m.createdAt());
    out.varLong(m.updatedAt());
    out.nullableLong(m.deletedAt());
    out.nullableLong(m.partIndex() == null ? null : (long) m.partIndex());
    out.nullableLong(m.partCount() == null ? null : (long) m.partCount());
    out.small(m.shape() == null ? 0 : m.shape().ordinal() + 1);
    out.source(m.source());
  }

  @Override
  public ChatkitMessage read(In in) throws IOException {
    long id = in.varLong();
    String roomId = in.string();
    String senderId = in.nullableString();
    int count = in.varInt();
    List<MessagePart> parts = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      parts.add(
          new MessagePart(
              KINDS[in.small()],
              in.nullableString(),
              in.nullableString(),
              in.nullableString(),
              in.nullableString(),
              in.nullableLong(),
              in.nullableString(),
              in.nullableString()));
    }
    long createdAt = in.varLong();
    long updatedAt = in.varLong();
    Long deletedAt = in.nullableLong();
    Long partIndex = in.nullableLong();
    Long partCount = in.nullableLong();
    int shape = in.small();
    return new ChatkitMessage(
        id,
        roomId,
        senderId,
        List.copyOf(parts),
        createdAt,
        updatedAt,
        deletedAt,
        partIndex == null ? null : partIndex.intValue(),
        partCount == null ? null : partCount.intValue(),
        shape == 0 ? null : SHAPES[shape - 1],
        in.source());
  }
}
