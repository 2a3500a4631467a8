package io.chatkitmigrate.transforms.convert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.chatkitmigrate.schemas.Source;
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

/** What the stages hand each other travels with compact coders and comes back equal. */
class StageValuesCodersTest {
  private static final Source SOURCE = new Source("export/cursors-1.ndjson", 3, -1, 200, 14);

  static Stream<Object> inputs() {
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
        new RoomFacts("r", true, false, true),
        new RoomFacts("r", false, true, false));
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
  void aDeletedFlagIsPartOfTheStampAndComesBack() throws Exception {
    Stamps written = Stamps.builder().add(1, 10, "alice", true).add(2, 11, "bob").build();
    assertNotEquals(Stamps.builder().add(1, 10, "alice").add(2, 11, "bob").build(), written);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    StampsCoder.INSTANCE.encode(written, bytes);
    Stamps read = StampsCoder.INSTANCE.decode(new ByteArrayInputStream(bytes.toByteArray()));
    assertEquals(List.of(true, false), List.of(read.deleted(0), read.deleted(1)));
    assertEquals(List.of("alice", "bob"), List.of(read.sender(0), read.sender(1)));
  }

  @Test
  void aTruncatedBlockIsAnErrorNotAWrongRecord() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    StampsCoder.INSTANCE.encode(Stamps.builder().add(1, 2, "someone").build(), bytes);
    byte[] whole = bytes.toByteArray();
    byte[] cut = Arrays.copyOf(whole, whole.length - 3);
    assertThrows(
        IOException.class, () -> StampsCoder.INSTANCE.decode(new ByteArrayInputStream(cut)));
  }
}
