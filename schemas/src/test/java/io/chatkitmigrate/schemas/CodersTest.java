package io.chatkitmigrate.schemas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.chatkitmigrate.schemas.chatkit.ChatkitCursor;
import io.chatkitmigrate.schemas.chatkit.ChatkitMessage;
import io.chatkitmigrate.schemas.chatkit.ChatkitRole;
import io.chatkitmigrate.schemas.chatkit.ChatkitRoom;
import io.chatkitmigrate.schemas.chatkit.ChatkitUser;
import io.chatkitmigrate.schemas.chatkit.ChatkitUserRole;
import io.chatkitmigrate.schemas.chatkit.MessagePart;
import io.chatkitmigrate.schemas.coders.CompactCoder;
import io.chatkitmigrate.schemas.coders.SmileCoder;
import io.chatkitmigrate.schemas.stream.StreamAttachment;
import io.chatkitmigrate.schemas.stream.StreamChannel;
import io.chatkitmigrate.schemas.stream.StreamMember;
import io.chatkitmigrate.schemas.stream.StreamMessage;
import io.chatkitmigrate.schemas.stream.StreamReaction;
import io.chatkitmigrate.schemas.stream.StreamUser;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CoderRegistry;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.values.KV;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every record a PCollection carries gets a fast coder (compact or Smile), never Java
 * serialization, and survives it.
 */
class CodersTest {
  private static final Source SOURCE = new Source("gs://b/export/users-1.ndjson", 7, -1, 1234, 10);

  static Stream<Object> records() {
    return Stream.of(
        new ChatkitUser("a", "A", "https://x/a.png", "{\"foo\":\"bar\"}", 1L, 2L, SOURCE),
        new ChatkitRoom(
            "r", "a", "R", true, List.of("a", "b"), "T", null, null, 1L, 1L, 5L, SOURCE),
        new ChatkitMessage(
            42,
            "r",
            "a",
            List.of(
                MessagePart.inline("text/plain", "hi"),
                MessagePart.legacyAttachment("image", "http://x")),
            10L,
            11L,
            null,
            0,
            2,
            ChatkitMessage.Shape.EXPORT,
            SOURCE),
        new ChatkitMessage(
            -3,
            "r é",
            null,
            List.of(
                MessagePart.attachment("video/mp4", "v.mp4", 12L, "https://x/v", "{\"foo\":1}"),
                MessagePart.url("image/png", "https://x/i.png")),
            -1L,
            Long.MAX_VALUE,
            12L,
            null,
            null,
            null,
            new Source("f", 0, 3, -1, 0)),
        new ChatkitMessage(
            1, "r", "a", List.of(), 0L, 0L, null, null, null, ChatkitMessage.Shape.LEGACY_V2, null),
        new ChatkitCursor(0, "r", "a", 42, null, SOURCE),
        new ChatkitCursor(1, "r", "ü", -7, -1L, null),
        new ChatkitRoom("r2", "a", null, false, List.of(), null, "{}", 9L, -1L, 0L, null, null),
        new ChatkitUser("b", null, null, null, 0L, 0L, null),
        // Halves of surrogate pairs keep their identity: as '?' two ids would become one.
        new ChatkitUser("x\ud83d", "\ude00\ud83d \ud800é\udc00", null, null, 0L, 0L, null),
        new ChatkitUserRole("a", null, "global", null, null),
        new ChatkitRole("mod", "room", List.of("room:update"), SOURCE),
        new ChatkitUserRole("a", "mod", "room", "r", SOURCE),
        Finding.of("malformed_json", "users", SOURCE, "truncated"),
        new StreamUser("a", "user", "A", null, "2020-03-25T10:52:07Z", null, Map.of("foo", "bar")),
        // Custom numbers keep their value through the coder: never rounded through a double.
        new StreamUser(
            "b",
            "user",
            "B",
            null,
            null,
            null,
            Map.of(
                "precise",
                new BigDecimal("0.1000000000000000055511151231257827"),
                "huge",
                new BigDecimal("1E+400"),
                "tiny",
                new BigDecimal("1E-400"),
                "big",
                new BigInteger("123456789012345678901234567890"))),
        new StreamChannel("r", "messaging", "a", "R", null, "2020-03-25T10:52:07Z", Map.of()),
        new StreamMember(
            "messaging", "r", "a", "channel_member", null, "2020-03-25T10:52:07.000001Z", Map.of()),
        new StreamMessage(
            "r-42",
            "messaging",
            "r",
            "a",
            "regular",
            "hi",
            List.of(
                new StreamAttachment(
                    "image",
                    null,
                    "https://x/i.png",
                    "https://x/i.png",
                    null,
                    null,
                    null,
                    null,
                    3L,
                    "image/png",
                    null,
                    Map.of("foo", "bar"))),
            "2020-03-25T10:52:07Z",
            null,
            Map.of()),
        new StreamReaction("r-42", "like", "a", "2020-03-25T10:52:07Z", Map.of()));
  }

  @ParameterizedTest
  @MethodSource("records")
  void everyRecordHasAFastCoderAndRoundTrips(Object record) throws Exception {
    @SuppressWarnings("unchecked")
    Class<Object> type = (Class<Object>) record.getClass();
    Coder<Object> coder = CoderRegistry.createDefault().getCoder(type);
    // The Chatkit records cross the shuffles in volume and have compact coders; the rest use Smile.
    Class<?> expected =
        record.getClass().getPackage().equals(ChatkitMessage.class.getPackage())
                && !(record instanceof ChatkitRole)
            ? CompactCoder.class
            : SmileCoder.class;
    assertInstanceOf(
        expected,
        coder,
        type + " must not fall back to " + SerializableCoder.class.getSimpleName());

    // Nested in a KV, as in a shuffle: the length prefix must keep neighbours apart.
    KvCoder<Object, String> kv = KvCoder.of(coder, StringUtf8Coder.of());
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    kv.encode(KV.of(record, "after"), bytes);
    KV<Object, String> back = kv.decode(new ByteArrayInputStream(bytes.toByteArray()));
    assertEquals(record, back.getKey());
    assertEquals("after", back.getValue());
  }
}
