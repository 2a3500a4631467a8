package io.chatkitmigrate.schemas.coders;

import io.chatkitmigrate.schemas.Source;
import io.chatkitmigrate.schemas.chatkit.ChatkitMessage;
import io.chatkitmigrate.schemas.chatkit.MessagePart;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.coders.CoderProvider;
import org.apache.beam.sdk.coders.CoderProviders;
import org.apache.beam.sdk.coders.CustomCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.util.VarInt;
import org.apache.beam.sdk.values.TypeDescriptor;

/**
 * The message record's own coder. Every message crosses the largest shuffle of the pipeline, where the
 * generic {@link SmileCoder} (reflection, field names, char-by-char string encoding) was the biggest
 * consumer of CPU; this writes the fields in a fixed order, strings as length-prefixed UTF-8.
 */
public final class ChatkitMessageCoder extends CustomCoder<ChatkitMessage> {
  private static final ChatkitMessageCoder INSTANCE = new ChatkitMessageCoder();
  private static final StringUtf8Coder STRING = StringUtf8Coder.of();
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
  public void encode(ChatkitMessage m, OutputStream out) throws IOException {
    VarInt.encode(m.id(), out);
    STRING.encode(m.roomId(), out);
    nullableString(m.senderId(), out);
    VarInt.encode(m.parts().size(), out);
    for (MessagePart p : m.parts()) {
      out.write(p.kind().ordinal());
      nullableString(p.mimeType(), out);
      nullableString(p.content(), out);
      nullableString(p.url(), out);
      nullableString(p.name(), out);
      nullableLong(p.size(), out);
      nullableString(p.customData(), out);
      nullableString(p.legacyType(), out);
    }
    VarInt.encode(m.createdAt(), out);
    VarInt.encode(m.updatedAt(), out);
    nullableLong(m.deletedAt(), out);
    nullableLong(m.partIndex() == null ? null : (long) m.partIndex(), out);
    nullableLong(m.partCount() == null ? null : (long) m.partCount(), out);
    out.write(m.shape() == null ? 0 : m.shape().ordinal() + 1);
    Source s = m.source();
    out.write(s == null ? 0 : 1);
    if (s != null) {
      nullableString(s.file(), out);
      VarInt.encode(s.line(), out);
      VarInt.encode(s.index(), out);
      nullableString(s.raw(), out);
    }
  }

  @Override
  public ChatkitMessage decode(InputStream in) throws IOException {
    long id = VarInt.decodeLong(in);
    String roomId = STRING.decode(in);
    String senderId = nullableString(in);
    int count = VarInt.decodeInt(in);
    List<MessagePart> parts = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      parts.add(new MessagePart(KINDS[read(in)], nullableString(in), nullableString(in), nullableString(in),
          nullableString(in), nullableLong(in), nullableString(in), nullableString(in)));
    }
    long createdAt = VarInt.decodeLong(in);
    long updatedAt = VarInt.decodeLong(in);
    Long deletedAt = nullableLong(in);
    Long partIndex = nullableLong(in);
    Long partCount = nullableLong(in);
    int shape = read(in);
    Source source = null;
    if (read(in) == 1) {
      source = new Source(nullableString(in), VarInt.decodeLong(in), VarInt.decodeLong(in), nullableString(in));
    }
    return new ChatkitMessage(id, roomId, senderId, List.copyOf(parts), createdAt, updatedAt, deletedAt,
        partIndex == null ? null : partIndex.intValue(), partCount == null ? null : partCount.intValue(),
        shape == 0 ? null : SHAPES[shape - 1], source);
  }

  private static int read(InputStream in) throws IOException {
    int b = in.read();
    if (b < 0) {
      throw new IOException("a message ends early");
    }
    return b;
  }

  private static void nullableString(String s, OutputStream out) throws IOException {
    out.write(s == null ? 0 : 1);
    if (s != null) {
      STRING.encode(s, out);
    }
  }

  private static String nullableString(InputStream in) throws IOException {
    return read(in) == 0 ? null : STRING.decode(in);
  }

  private static void nullableLong(Long value, OutputStream out) throws IOException {
    out.write(value == null ? 0 : 1);
    if (value != null) {
      VarInt.encode(value, out);
    }
  }

  private static Long nullableLong(InputStream in) throws IOException {
    return read(in) == 0 ? null : VarInt.decodeLong(in);
  }

  @Override
  public void verifyDeterministic() throws NonDeterministicException {
    throw new NonDeterministicException(this, "records are values, never grouping keys");
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof ChatkitMessageCoder;
  }

  @Override
  public int hashCode() {
    return ChatkitMessageCoder.class.hashCode();
  }
}
