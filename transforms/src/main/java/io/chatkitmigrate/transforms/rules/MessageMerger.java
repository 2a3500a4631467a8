package io.chatkitmigrate.transforms.rules;

import io.chatkitmigrate.schemas.Finding;
import io.chatkitmigrate.schemas.chatkit.ChatkitMessage;
import io.chatkitmigrate.schemas.chatkit.MessagePart;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * All records of one {@code (room_id, id)} into one message (docs/conversion.md §9). Whole copies:
 * the {@link Latest} one wins. Fragments: the latest copy of each {@code part_index}, parts joined
 * in index order, a gap or a shortfall against {@code part_count} reported as {@code
 * incomplete_parts}. When whole copies and fragments of one message both arrive, a whole copy wins:
 * it needs no assembly, and the fragments are folded into it.
 */
public final class MessageMerger {
  private MessageMerger() {}

  /** The message, how many input records were folded into it, and what was noticed on the way. */
  public record Merged(ChatkitMessage message, int mergedRecords, List<Finding> warnings) {}

  public static Merged merge(List<ChatkitMessage> records) {
    ChatkitMessage base = base(records);
    if (!base.isFragment()) {
      return new Merged(base, records.size() - 1, List.of());
    }
    Map<Integer, List<ChatkitMessage>> byIndex = new TreeMap<>();
    for (ChatkitMessage f : records) {
      byIndex.computeIfAbsent(f.partIndex(), i -> new ArrayList<>()).add(f);
    }
    List<MessagePart> parts = new ArrayList<>();
    int expected = records.stream().mapToInt(ChatkitMessage::partCount).max().orElse(0);
    boolean gap = false;
    for (Map.Entry<Integer, List<ChatkitMessage>> e : byIndex.entrySet()) {
      ChatkitMessage fragment = pick(e.getValue());
      gap |= e.getKey() != parts.size();
      parts.addAll(fragment.parts());
    }
    ChatkitMessage merged =
        new ChatkitMessage(
            base.id(),
            base.roomId(),
            base.senderId(),
            List.copyOf(parts),
            base.createdAt(),
            base.updatedAt(),
            base.deletedAt(),
            null,
            null,
            base.shape(),
            base.source());
    List<Finding> warnings = List.of();
    if (gap || parts.size() != expected) {
      warnings =
          List.of(
              Finding.of(
                  "incomplete_parts",
                  "messages",
                  base.source(),
                  "message "
                      + base.id()
                      + " in room "
                      + base.roomId()
                      + " has "
                      + parts.size()
                      + " of its "
                      + expected
                      + " parts (fragments at "
                      + byIndex.keySet()
                      + "): converted with what arrived"));
    }
    return new Merged(merged, records.size() - 1, warnings);
  }

  /**
   * The record whose id, sender and timestamps the merged message takes: the latest whole copy, or
   * the latest record when there are only fragments.
   */
  public static ChatkitMessage base(List<ChatkitMessage> records) {
    if (records.isEmpty()) {
      throw new IllegalArgumentException("no records");
    }
    List<ChatkitMessage> whole = records.stream().filter(m -> !m.isFragment()).toList();
    return pick(whole.isEmpty() ? records : whole);
  }

  private static ChatkitMessage pick(List<ChatkitMessage> records) {
    return Latest.pick(records, ChatkitMessage::updatedAt, ChatkitMessage::source);
  }
}
