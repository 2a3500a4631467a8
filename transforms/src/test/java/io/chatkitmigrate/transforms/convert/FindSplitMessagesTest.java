package io.chatkitmigrate.transforms.convert;

import static io.chatkitmigrate.transforms.convert.StageRuns.at;

import io.chatkitmigrate.schemas.chatkit.ChatkitMessage;
import io.chatkitmigrate.schemas.chatkit.MessagePart;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.testing.TestPipelineExtension;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The (room, second) pairs of messages whose records disagree on their second, found from hashes
 * sent in batches that are flushed mid-bundle and regrouped by bucket.
 */
@ExtendWith(TestPipelineExtension.class)
class FindSplitMessagesTest {
  private static final long T0 = 1_585_133_527_000_000L;

  private static ChatkitMessage message(long id, String room, long second, long line) {
    return new ChatkitMessage(
        id,
        room,
        "alice",
        List.of(
            new MessagePart(
                MessagePart.Kind.INLINE, "text/plain", "x", null, null, null, null, null)),
        T0 + second * 1_000_000,
        T0,
        null,
        null,
        null,
        ChatkitMessage.Shape.EXPORT,
        at("messages", line));
  }

  @Test
  void namesEverySecondOfASplitMessageAndNothingElse(TestPipeline p) {
    List<ChatkitMessage> messages = new ArrayList<>();
    long line = 0;
    for (int r = 0; r < 5; r++) {
      for (long id = 0; id < 200; id++) {
        messages.add(message(id, "room" + r, id / 10, line++));
        if (id % 50 == 7) {
          // A copy in the same second: merged as ever, nothing to name.
          messages.add(message(id, "room" + r, id / 10, line++));
        }
      }
    }
    messages.add(message(31, "room2", 40, line++));
    messages.add(message(32, "room2", 3, line++));
    messages.add(message(199, "room4", 0, line++));
    // The extremes of what the batches' coder carries: a room whose hashCode is Integer.MIN_VALUE,
    // a second before 1970.
    long beforeEpoch = -T0 / 1_000_000 - 5;
    messages.add(message(1, "polygenelubricants", beforeEpoch, line++));
    messages.add(message(1, "polygenelubricants", 2, line++));

    PCollection<KV<Integer, Long>> found =
        p.apply(Create.of(messages)).apply(new FindSplitMessages(3, 7));

    int room2 = "room2".hashCode();
    int room4 = "room4".hashCode();
    long s0 = T0 / 1_000_000;
    PAssert.that(found)
        .containsInAnyOrder(
            KV.of(room2, s0 + 3),
            KV.of(room2, s0 + 40),
            KV.of(room4, s0 + 19),
            KV.of(room4, s0),
            KV.of(Integer.MIN_VALUE, -5L),
            KV.of(Integer.MIN_VALUE, s0 + 2));
    p.run().waitUntilFinish();
  }
}
