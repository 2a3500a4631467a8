package io.chatkitmigrate.transforms.convert;

import static io.chatkitmigrate.transforms.convert.StageRuns.at;
import static io.chatkitmigrate.transforms.convert.StageRuns.findings;
import static io.chatkitmigrate.transforms.convert.StageRuns.items;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.chatkitmigrate.schemas.chatkit.ChatkitMessage;
import io.chatkitmigrate.schemas.chatkit.ChatkitRoom;
import io.chatkitmigrate.schemas.chatkit.MessagePart;
import io.chatkitmigrate.transforms.join.Groups;
import io.chatkitmigrate.transforms.rules.ConversionSettings;
import io.chatkitmigrate.transforms.testing.CounterSums;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.testing.TestPipelineExtension;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.FlatMapElements;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The message stage on its own: records of a message merged, equal timestamps of a room made
 * strictly increasing, the rooms' facts and the collided senders met in every bucket.
 */
@ExtendWith(TestPipelineExtension.class)
class ConvertMessagesTest {
  private static final long T0 = 1_585_133_527_000_000L;
  private static final int GROUPS = 5;

  private static ChatkitMessage message(
      long id, String room, String sender, String text, Integer index, Integer count, long line) {
    return message(id, room, sender, text, index, count, line, T0, T0);
  }

  private static ChatkitMessage message(
      long id,
      String room,
      String sender,
      String text,
      Integer index,
      Integer count,
      long line,
      long created,
      long updated) {
    List<MessagePart> parts =
        List.of(
            new MessagePart(
                MessagePart.Kind.INLINE, "text/plain", text, null, null, null, null, null));
    return new ChatkitMessage(
        id,
        room,
        sender,
        parts,
        created,
        updated,
        null,
        index,
        count,
        ChatkitMessage.Shape.EXPORT,
        at("messages", line));
  }

  private static ChatkitRoom room(String id, boolean isPrivate, Long deletedAt) {
    return new ChatkitRoom(
        id,
        "alice",
        id,
        isPrivate,
        List.of("alice"),
        null,
        null,
        null,
        T0,
        T0,
        deletedAt,
        at("rooms", 1));
  }

  @Test
  void joinsMessagesWithTheirRoomsAndCollidedSendersThenAppliesTheRules(TestPipeline p) {
    List<ChatkitMessage> messages =
        new ArrayList<>(
            List.of(
                message(1, "pub", "alice", "hello", 0, 2, 1),
                message(1, "pub", "alice", "world", 1, 2, 2),
                message(2, "pub", "bob", "same second", null, null, 3),
                message(3, "pub", "dave", "collided", null, null, 4),
                message(4, "pub", "bob", "half", 1, 2, 5),
                message(5, "gone", "alice", "in a deleted room", null, null, 6),
                message(6, "unindexed", "alice", "no room record", null, null, 7)));
    PCollectionTuple out =
        convert(
            p,
            messages,
            List.of(room("pub", false, null), room("gone", true, T0)),
            List.of("dave"));

    PAssert.that(items("Items", out.get(Outputs.MESSAGE_LINES), "id", "text", "created_at"))
        .containsInAnyOrder(
            "pub-1 hello\nworld 2020-03-25T10:52:07Z",
            "pub-2 same second 2020-03-25T10:52:07.000001Z",
            "pub-4 half 2020-03-25T10:52:07.000003Z",
            "unindexed-6 no room record 2020-03-25T10:52:07Z");
    PAssert.that(stamps(out))
        .containsInAnyOrder("pub-1@0:alice", "pub-2@1:bob", "pub-4@3:bob", "unindexed-6@0:alice");
    PAssert.that(findings("Rejected", out.get(Outputs.REJECTED)))
        .containsInAnyOrder("id_collision messages messages:4", "deleted_room messages messages:6");
    PAssert.that(findings("Warnings", out.get(Outputs.WARNINGS)))
        .containsInAnyOrder("incomplete_parts messages messages:5");
    p.run().waitUntilFinish();
  }

  @Test
  void copiesOfAMessageInDifferentSecondsMeetAndTakeTheirPlaceInTheWinnersSecond(TestPipeline p) {
    long later = T0 + 7_000_000;
    List<ChatkitMessage> messages =
        List.of(
            message(1, "pub", "alice", "first", null, null, 1),
            message(2, "pub", "alice", "draft", null, null, 2, T0, T0),
            message(2, "pub", "alice", "final", null, null, 3, later, later),
            message(2, "pub", "alice", "stale", null, null, 4, later, T0),
            message(3, "pub", "bob", "same second as the final copy", null, null, 5, later, later),
            message(
                4, "pub", "bob", "a second of its own", null, null, 6, later + 1_000_000, later),
            message(9, "dm", "carol", "untouched", null, null, 7));
    PCollectionTuple out =
        convert(p, messages, List.of(room("pub", false, null), room("dm", true, null)), List.of());

    PAssert.that(
            items(
                "Items",
                PCollectionList.of(out.get(Outputs.MESSAGE_LINES))
                    .and(out.get(ConvertMessages.REGROUPED_LINES))
                    .apply("AllLines", Flatten.pCollections()),
                "id",
                "text",
                "created_at"))
        .containsInAnyOrder(
            "pub-1 first 2020-03-25T10:52:07Z",
            "pub-2 final 2020-03-25T10:52:14Z",
            "pub-3 same second as the final copy 2020-03-25T10:52:14.000001Z",
            "pub-4 a second of its own 2020-03-25T10:52:15Z",
            "dm-9 untouched 2020-03-25T10:52:07Z");
    PAssert.that(stamps(out))
        .containsInAnyOrder(
            "pub-1@0:alice",
            "pub-2@7000000:alice",
            "pub-3@7000001:bob",
            "pub-4@8000000:bob",
            "dm-9@0:carol");
    PAssert.that(findings("Rejected", out.get(Outputs.REJECTED))).empty();
    PipelineResult result = p.run();
    result.waitUntilFinish();
    assertEquals(2, CounterSums.of(result, Counters.NAMESPACE, "merged_messages"));
    assertEquals(5, CounterSums.of(result, Counters.NAMESPACE, "written_messages"));
  }

  @Test
  void copiesChainedOverConsecutiveSecondsAreMergedAndTieBrokenInTheirWinnersSeconds(
      TestPipeline p) {
    long s1 = T0 + 1_000_000;
    long s2 = T0 + 2_000_000;
    long s3 = T0 + 3_000_000;
    // Five's stale copy lies in a bucket apart from those of its winner and of two's stale copy:
    // routed by a stale copy, five would not meet two, and both would keep the same timestamp.
    long apart = s3;
    do {
      apart += 1_000_000;
    } while (bucket(apart) == bucket(s1) || bucket(apart) == bucket(s2));
    List<ChatkitMessage> messages =
        List.of(
            message(1, "pub", "alice", "one", null, null, 1, T0, s1),
            message(1, "pub", "alice", "one, stale", null, null, 2, s1, T0),
            message(2, "pub", "bob", "two", null, null, 3, s1, s2),
            message(2, "pub", "bob", "two, stale", null, null, 4, s2, s1),
            message(3, "pub", "bob", "three", null, null, 5, s2, s2),
            message(4, "pub", "alice", "four, stale", null, null, 6, s2, s1),
            message(4, "pub", "alice", "four", null, null, 7, s3, s3),
            message(5, "pub", "alice", "five", null, null, 8, s1, s3),
            message(5, "pub", "alice", "five, stale", null, null, 9, apart, s1),
            message(6, "pub", "dave", "collided", null, null, 10, s3, s3),
            message(6, "pub", "dave", "collided, stale", null, null, 11, T0, T0),
            message(7, "gone", "alice", "deleted room", null, null, 12, T0, T0),
            message(7, "gone", "alice", "deleted room, later", null, null, 13, s2, s2));
    PCollectionTuple out =
        convert(
            p,
            messages,
            List.of(room("pub", false, null), room("gone", true, T0)),
            List.of("dave"));

    PAssert.that(out.get(Outputs.MESSAGE_LINES)).empty();
    PAssert.that(
            items("Items", out.get(ConvertMessages.REGROUPED_LINES), "id", "text", "created_at"))
        .containsInAnyOrder(
            "pub-1 one 2020-03-25T10:52:07Z",
            "pub-2 two 2020-03-25T10:52:08Z",
            "pub-5 five 2020-03-25T10:52:08.000001Z",
            "pub-3 three 2020-03-25T10:52:09Z",
            "pub-4 four 2020-03-25T10:52:10Z");
    PAssert.that(stamps(out))
        .containsInAnyOrder(
            "pub-1@0:alice",
            "pub-2@1000000:bob",
            "pub-5@1000001:alice",
            "pub-3@2000000:bob",
            "pub-4@3000000:alice");
    PAssert.that(findings("Rejected", out.get(Outputs.REJECTED)))
        .containsInAnyOrder(
            "id_collision messages messages:10",
            "deleted_room messages messages:12",
            "deleted_room messages messages:13");
    PipelineResult result = p.run();
    result.waitUntilFinish();
    assertEquals(5, CounterSums.of(result, Counters.NAMESPACE, "merged_messages"));
    assertEquals(5, CounterSums.of(result, Counters.NAMESPACE, "written_messages"));
  }

  /** The bucket of room pub's messages created at this µs timestamp. */
  private static int bucket(long micros) {
    return Groups.ofRoomAndSecond("pub", micros / 1_000_000, GROUPS);
  }

  /**
   * The stage over {@link #GROUPS} buckets, with these rooms indexed and these senders' ids
   * collided.
   */
  private static PCollectionTuple convert(
      TestPipeline p,
      List<ChatkitMessage> messages,
      List<ChatkitRoom> rooms,
      List<String> collided) {
    return PCollectionTuple.of(ConvertMessages.MESSAGES, p.apply("Messages", Create.of(messages)))
        .and(
            ConvertMessages.ROOMS,
            p.apply("Rooms", Create.of(rooms))
                .apply("Index", Combine.globally(new RoomIndex.Build())))
        .and(
            ConvertMessages.COLLIDED_USERS,
            p.apply("Collided", Create.of(collided).withCoder(StringUtf8Coder.of())))
        .apply(new ConvertMessages(ConversionSettings.defaults(), GROUPS));
  }

  /** Each stamp sent to the room stage as room-id@µs after T0:sender, whatever its batch. */
  private static PCollection<String> stamps(PCollectionTuple out) {
    return PCollectionList.of(out.get(ConvertMessages.STAMPS))
        .and(out.get(ConvertMessages.REGROUPED_STAMPS))
        .apply("AllStamps", Flatten.pCollections())
        .apply(
            "Stamps",
            FlatMapElements.into(TypeDescriptors.strings())
                .via(
                    (KV<String, Stamps> kv) -> {
                      Stamps s = kv.getValue();
                      List<String> each = new ArrayList<>();
                      for (int i = 0; i < s.size(); i++) {
                        each.add(
                            kv.getKey()
                                + "-"
                                + s.id(i)
                                + "@"
                                + (s.micros(i) - T0)
                                + ":"
                                + s.sender(i));
                      }
                      return each;
                    }));
  }
}
