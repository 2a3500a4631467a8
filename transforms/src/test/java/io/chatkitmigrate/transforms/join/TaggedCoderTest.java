package io.chatkitmigrate.transforms.join;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.chatkitmigrate.schemas.Source;
import io.chatkitmigrate.schemas.chatkit.ChatkitCursor;
import io.chatkitmigrate.schemas.chatkit.ChatkitMessage;
import io.chatkitmigrate.schemas.chatkit.ChatkitRoom;
import io.chatkitmigrate.schemas.chatkit.ChatkitUser;
import io.chatkitmigrate.schemas.chatkit.ChatkitUserRole;
import io.chatkitmigrate.schemas.chatkit.MessagePart;
import io.chatkitmigrate.schemas.coders.ChatkitCoders;
import io.chatkitmigrate.schemas.coders.ChatkitMessageCoder;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.stream.Stream;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.values.KV;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A join's records cross a shuffle in the union coder and come back equal, from the right input.
 */
class TaggedCoderTest {
  private static final Source SOURCE = new Source("export/cursors-1.ndjson", 3, -1, 200, 14);

  private static final ChatkitMessage MESSAGE =
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

  /** Compact coders and a plain Beam coder side by side, as the stages mix them. */
  private static final TaggedCoder CODER =
      new TaggedCoder(
          List.<Coder<?>>of(
              ChatkitMessageCoder.of(),
              ChatkitCoders.RoomCoder.INSTANCE,
              ChatkitCoders.CursorCoder.INSTANCE,
              ChatkitCoders.UserRoleCoder.INSTANCE,
              ChatkitCoders.UserCoder.INSTANCE,
              StringUtf8Coder.of(),
              KvCoder.of(StringUtf8Coder.of(), StringUtf8Coder.of()),
              // A plain coder around a compact one: the compact one must not clobber the union's.
              KvCoder.of(StringUtf8Coder.of(), ChatkitCoders.UserCoder.INSTANCE)));

  static Stream<Tagged> records() {
    return Stream.of(
        Tagged.of(0, MESSAGE),
        Tagged.of(
            1,
            new ChatkitRoom(
                "r",
                "a",
                "R",
                true,
                List.of("a", "b"),
                null,
                "{\"k\":1}",
                null,
                1L,
                2L,
                null,
                SOURCE)),
        Tagged.of(2, new ChatkitCursor(0, "r", "a", 42, 5L, SOURCE)),
        Tagged.of(3, new ChatkitUserRole("a", "mod", "room", "r", SOURCE)),
        Tagged.of(4, new ChatkitUser("a", "A", null, null, 1L, 1L, SOURCE)),
        Tagged.of(5, "ü"),
        Tagged.of(5, ""),
        Tagged.of(6, KV.of("r", "x")),
        Tagged.of(7, KV.of("r", new ChatkitUser("b", "B", null, null, 1L, 1L, SOURCE))));
  }

  @ParameterizedTest
  @MethodSource("records")
  void roundTripsBesideItsNeighbours(Tagged record) throws Exception {
    KvCoder<Tagged, String> kv = KvCoder.of(CODER, StringUtf8Coder.of());
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    kv.encode(KV.of(record, "after"), bytes);
    kv.encode(KV.of(record, "again"), bytes);
    ByteArrayInputStream in = new ByteArrayInputStream(bytes.toByteArray());
    for (String next : List.of("after", "again")) {
      KV<Tagged, String> read = kv.decode(in);
      assertEquals(record.input(), read.getKey().input());
      assertEquals(record.value(), read.getKey().value());
      assertEquals(next, read.getValue());
    }
  }

  @Test
  void aRecordStaysEncodedAcrossShufflesAndReadsBackWhole() throws Exception {
    byte[] first = encode(Tagged.of(0, MESSAGE));
    Tagged once = CODER.decode(new ByteArrayInputStream(first));
    assertNotNull(once.encodedValue(), "a record from a shuffle is kept as its bytes");
    byte[] second = encode(once);
    assertArrayEquals(first, second, "and handed on as the same bytes");
    assertEquals(MESSAGE, CODER.decode(new ByteArrayInputStream(second)).value());
  }

  @Test
  void anInputTheJoinDoesNotHaveIsAnErrorNotAWrongRecord() throws Exception {
    TaggedCoder wider =
        new TaggedCoder(List.<Coder<?>>of(StringUtf8Coder.of(), StringUtf8Coder.of()));
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    wider.encode(Tagged.of(1, "x"), bytes);
    TaggedCoder narrower = new TaggedCoder(List.<Coder<?>>of(StringUtf8Coder.of()));
    assertThrows(
        IOException.class, () -> narrower.decode(new ByteArrayInputStream(bytes.toByteArray())));
  }

  private static byte[] encode(Tagged t) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    CODER.encode(t, bytes);
    return bytes.toByteArray();
  }
}
