package io.chatkitmigrate.transforms.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.chatkitmigrate.schemas.Source;
import io.chatkitmigrate.schemas.chatkit.ChatkitMessage;
import io.chatkitmigrate.schemas.chatkit.MessagePart;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** docs/conversion.md §9. */
class MessageMergerTest {
  static ChatkitMessage record(
      long updatedAt, Integer index, Integer count, String file, String... texts) {
    List<MessagePart> parts = new ArrayList<>();
    for (String t : texts) {
      parts.add(MessagePart.inline("text/plain", t));
    }
    return new ChatkitMessage(
        7,
        "r",
        "u",
        parts,
        1_000_000L,
        updatedAt,
        null,
        index,
        count,
        ChatkitMessage.Shape.EXPORT,
        new Source(file, 1, -1, 0, 8 + texts.length));
  }

  static List<String> texts(ChatkitMessage m) {
    return m.parts().stream().map(MessagePart::content).toList();
  }

  @Test
  void aMessageSplitOverThreeFragmentsIsJoinedInIndexOrderWhateverTheArrivalOrder() {
    List<ChatkitMessage> fragments =
        new ArrayList<>(
            List.of(
                record(5, 0, 4, "messages-0.ndjson", "a"),
                record(5, 1, 4, "messages-1.ndjson", "b", "c"),
                record(5, 3, 4, "messages-2.ndjson", "d")));
    Random random = new Random(3);
    for (int i = 0; i < 6; i++) {
      Collections.shuffle(fragments, random);
      MessageMerger.Merged m = MessageMerger.merge(fragments);
      assertEquals(List.of("a", "b", "c", "d"), texts(m.message()));
      assertEquals(2, m.mergedRecords());
      assertEquals(List.of(), m.warnings());
      assertEquals(null, m.message().partIndex());
    }
  }

  @Test
  void aMissingFragmentIsConvertedWithWhatArrivedAndReported() {
    MessageMerger.Merged m =
        MessageMerger.merge(List.of(record(5, 0, 3, "a", "x"), record(5, 2, 3, "b", "z")));
    assertEquals(List.of("x", "z"), texts(m.message()));
    assertEquals("incomplete_parts", m.warnings().get(0).reason());
  }

  @Test
  void aFragmentDeliveredTwiceCountsOnce() {
    MessageMerger.Merged m =
        MessageMerger.merge(
            List.of(
                record(5, 0, 2, "a", "x"), record(9, 0, 2, "b", "x2"), record(5, 1, 2, "a", "y")));
    assertEquals(List.of("x2", "y"), texts(m.message()));
    assertEquals(2, m.mergedRecords());
    assertEquals(List.of(), m.warnings());
  }

  @Test
  void theMergedMessageTakesItsTimesFromTheBaseTheLatestWholeCopyElseTheLatestRecord() {
    ChatkitMessage newerFragment = record(9, 0, 2, "a", "x");
    ChatkitMessage olderWhole = record(5, null, null, "b", "whole");
    ChatkitMessage olderFragment = record(5, 1, 2, "c", "y");
    assertEquals(olderWhole, MessageMerger.base(List.of(newerFragment, olderWhole)));
    assertEquals(newerFragment, MessageMerger.base(List.of(olderFragment, newerFragment)));
    assertEquals(
        MessageMerger.base(List.of(olderFragment, newerFragment)).updatedAt(),
        MessageMerger.merge(List.of(olderFragment, newerFragment)).message().updatedAt());
  }

  @Test
  void ofWholeCopiesTheLatestUpdateWins() {
    MessageMerger.Merged m =
        MessageMerger.merge(
            List.of(
                record(5, null, null, "a", "old"),
                record(9, null, null, "b", "edited"),
                record(7, null, null, "c", "middle")));
    assertEquals(List.of("edited"), texts(m.message()));
    assertEquals(2, m.mergedRecords());
  }

  @Test
  void tiesGoToTheLargerRecordThenTheFirstFile() {
    assertEquals(
        List.of("p", "q"),
        texts(
            MessageMerger.merge(
                    List.of(record(5, null, null, "a", "s"), record(5, null, null, "b", "p", "q")))
                .message()));
    assertEquals(
        "a",
        MessageMerger.merge(
                List.of(record(5, null, null, "b", "s"), record(5, null, null, "a", "t")))
            .message()
            .source()
            .file());
  }
}
