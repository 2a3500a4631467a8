package io.chatkitmigrate.transforms.convert;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.chatkitmigrate.schemas.Source;
import io.chatkitmigrate.schemas.chatkit.ChatkitCursor;
import io.chatkitmigrate.schemas.chatkit.ChatkitMessage;
import io.chatkitmigrate.schemas.chatkit.ChatkitRoom;
import io.chatkitmigrate.schemas.chatkit.ChatkitUser;
import io.chatkitmigrate.schemas.chatkit.ChatkitUserRole;
import io.chatkitmigrate.schemas.chatkit.MessagePart;
import io.chatkitmigrate.schemas.coders.CompactCoder;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CoderRegistry;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.values.KV;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What the user, message and room stages group travels with compact coders and comes back equal.
 */
class StageCodersTest {
  private static final Source SOURCE = new Source("export/cursors-1.ndjson", 3, -1, 200, 14);

  static Stream<Object> inputs() {
    ChatkitRoom room =
        new ChatkitRoom(
            "r", "a", "R", true, List.of("a", "b"), null, "{\"k\":1}", null, 1L, 2L, null, SOURCE);
    return Stream.of(
        Stamps.builder()
            .add(42, 1_585_133_527_000_001L, "alice")
            .add(43, 1_585_133_527_000_000L, "bob")
            .add(45, 1_585_133_528_000_000L, "alice")
            .build(),
        Stamps.builder().add(-1, 0, null).add(-7, -3, "ü").build(),
        Stamps.builder()
            .add(1, 10, "alice", true)
            .add(2, 11, "bob")
            .add(3, 12, "alice", true)
            .build(),
        Stamps.builder().build(),
        new RoomInput("r", room, null, null, null),
        new RoomInput("r", null, Stamps.builder().add(7, 8, "ü").build(), null, null),
        new RoomInput("r", null, Stamps.builder().add(7, 8, "ü", true).build(), null, null),
        new RoomInput("r", null, null, new ChatkitCursor(0, "r", "a", 42, 5L, SOURCE), null),
        new RoomInput("r", null, null, null, new ChatkitUserRole("a", "mod", "room", "r", SOURCE)),
        new UserInput(new ChatkitUser("a", "A", null, null, 1L, 1L, SOURCE), null, null),
        new UserInput(null, new ChatkitUserRole("a", "admin", "global", null, null), null),
        new UserInput(null, null, "bob"),
        MessageInput.of(
            new ChatkitMessage(
                9,
                "r",
                "a",
                List.of(
                    new MessagePart(
                        MessagePart.Kind.INLINE, "text/plain", "hi", null, null, null, null, null)),
                1_585_133_527_000_000L,
                1_585_133_527_000_000L,
                null,
                1,
                2,
                ChatkitMessage.Shape.EXPORT,
                SOURCE)),
        MessageInput.of(new MessageInput.Room("r", true, false, true)),
        MessageInput.of(new MessageInput.Room("r", false, true, false)),
        MessageInput.collided("ü"));
  }

  @ParameterizedTest
  @MethodSource("inputs")
  void roundTripsBesideItsNeighbours(Object value) throws Exception {
    @SuppressWarnings("unchecked")
    Coder<Object> coder = CoderRegistry.createDefault().getCoder((Class<Object>) value.getClass());
    assertInstanceOf(CompactCoder.class, coder);
    KvCoder<Object, String> kv = KvCoder.of(coder, StringUtf8Coder.of());
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    kv.encode(KV.of(value, "after"), bytes);
    kv.encode(KV.of(value, "again"), bytes);
    ByteArrayInputStream in = new ByteArrayInputStream(bytes.toByteArray());
    assertEquals(KV.of(value, "after"), kv.decode(in));
    assertEquals(KV.of(value, "again"), kv.decode(in));
  }

  @Test
  void aMessageStaysEncodedAcrossShufflesAndReadsBackWhole() throws Exception {
    ChatkitMessage message =
        new ChatkitMessage(
            9,
            "r",
            "ü",
            List.of(
                new MessagePart(
                    MessagePart.Kind.ATTACHMENT,
                    "image/png",
                    null,
                    "https://x/p.png",
                    "p.png",
                    12L,
                    "{\"k\":1}",
                    null)),
            1_585_133_527_000_000L,
            1_585_133_528_000_000L,
            1_585_133_529_000_000L,
            null,
            null,
            ChatkitMessage.Shape.API,
            SOURCE);
    StageCoders.MessageInputCoder coder = StageCoders.MessageInputCoder.INSTANCE;
    byte[] first = encode(coder, MessageInput.of(message));
    MessageInput once = coder.decode(new ByteArrayInputStream(first));
    assertNotNull(once.encodedMessage(), "a message from a shuffle is kept as its bytes");
    byte[] second = encode(coder, once);
    assertArrayEquals(first, second, "and handed on as the same bytes");
    assertEquals(message, coder.decode(new ByteArrayInputStream(second)).message());
  }

  private static byte[] encode(StageCoders.MessageInputCoder coder, MessageInput input)
      throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    coder.encode(input, bytes);
    return bytes.toByteArray();
  }

  @Test
  void aDeletedFlagIsPartOfTheStampAndComesBack() throws Exception {
    Stamps written = Stamps.builder().add(1, 10, "alice", true).add(2, 11, "bob").build();
    assertNotEquals(Stamps.builder().add(1, 10, "alice").add(2, 11, "bob").build(), written);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    StageCoders.StampsCoder.INSTANCE.encode(written, bytes);
    Stamps read =
        StageCoders.StampsCoder.INSTANCE.decode(new ByteArrayInputStream(bytes.toByteArray()));
    assertEquals(List.of(true, false), List.of(read.deleted(0), read.deleted(1)));
    assertEquals(List.of("alice", "bob"), List.of(read.sender(0), read.sender(1)));
  }

  @Test
  void aTruncatedBlockIsAnErrorNotAWrongRecord() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    StageCoders.StampsCoder.INSTANCE.encode(Stamps.builder().add(1, 2, "someone").build(), bytes);
    byte[] whole = bytes.toByteArray();
    byte[] cut = Arrays.copyOf(whole, whole.length - 3);
    assertThrows(
        IOException.class,
        () -> StageCoders.StampsCoder.INSTANCE.decode(new ByteArrayInputStream(cut)));
  }
}
