package io.chatkitmigrate.transforms.rules;

import it.unimi.dsi.fastutil.ints.IntArrayList;
import it.unimi.dsi.fastutil.longs.LongArrayList;
import it.unimi.dsi.fastutil.objects.Object2IntOpenHashMap;
import java.util.Arrays;
import java.util.List;

/**
 * One room's written messages as primitive arrays, for read state (docs/conversion.md §14): ids
 * with their final {@code created_at}, in id order, and per sender their first and last message. 24
 * bytes a message (id, created_at, a sorted copy of created_at) plus 4 while building: a
 * 2,000,000-message room is about 56 MB. Built once, then every cursor is a binary search.
 *
 * <p>Deleted messages are written too but do not count for read state (conversion.md §14): they
 * only make their senders writers of the room, with their first message, and count among its
 * messages.
 */
public final class RoomTimeline {
  private final long[] ids;
  private final long[] micros;
  private final long[] sortedMicros;
  private final Object2IntOpenHashMap<String> senders;
  private final long[] firstBySender;
  private final long[] lastBySender;
  private final long written;

  private RoomTimeline(
      long[] ids,
      long[] micros,
      Object2IntOpenHashMap<String> senders,
      long[] first,
      long[] last,
      long written) {
    this.ids = ids;
    this.micros = micros;
    this.sortedMicros = micros.clone();
    Arrays.sort(sortedMicros);
    this.senders = senders;
    this.firstBySender = first;
    this.lastBySender = last;
    this.written = written;
  }

  /** Collects a room's messages in any order. */
  public static final class Builder {
    private final LongArrayList ids = new LongArrayList();
    private final LongArrayList micros = new LongArrayList();
    private final IntArrayList senderOf = new IntArrayList();
    private final Object2IntOpenHashMap<String> senders = new Object2IntOpenHashMap<>();

    /** Per sender, the earliest of their deleted messages; deleted messages keep nothing else. */
    private final LongArrayList firstDeleted = new LongArrayList();

    private long deletedCount;

    public Builder add(long id, long createdAtMicros, String sender) {
      return add(id, createdAtMicros, sender, false);
    }

    public Builder add(long id, long createdAtMicros, String sender, boolean deleted) {
      int index = senders.computeIfAbsent(sender, s -> senders.size());
      if (index == firstDeleted.size()) {
        firstDeleted.add(Long.MAX_VALUE);
      }
      if (deleted) {
        firstDeleted.set(index, Math.min(firstDeleted.getLong(index), createdAtMicros));
        deletedCount++;
      } else {
        ids.add(id);
        micros.add(createdAtMicros);
        senderOf.add(index);
      }
      return this;
    }

    /** Messages that count for read state (not deleted). */
    public int size() {
      return ids.size();
    }

    public RoomTimeline build() {
      long[] id = ids.toLongArray();
      long[] at = micros.toLongArray();
      int[] who = senderOf.toIntArray();
      long[] first = firstDeleted.toLongArray();
      long[] last = new long[senders.size()];
      Arrays.fill(last, Long.MIN_VALUE);
      for (int i = 0; i < id.length; i++) {
        first[who[i]] = Math.min(first[who[i]], at[i]);
        last[who[i]] = Math.max(last[who[i]], at[i]);
      }
      // Sort (id, created_at) pairs together, by id.
      long[][] pairs = new long[][] {id, at};
      it.unimi.dsi.fastutil.Arrays.quickSort(
          0,
          id.length,
          (a, b) -> Long.compare(pairs[0][a], pairs[0][b]),
          (a, b) -> {
            long t = pairs[0][a];
            pairs[0][a] = pairs[0][b];
            pairs[0][b] = t;
            t = pairs[1][a];
            pairs[1][a] = pairs[1][b];
            pairs[1][b] = t;
          });
      return new RoomTimeline(pairs[0], pairs[1], senders, first, last, id.length + deletedCount);
    }
  }

  /** Messages that count for read state: the written ones that are not deleted. */
  public int size() {
    return ids.length;
  }

  /** Every written message, deleted ones included. */
  public long written() {
    return written;
  }

  /** Index of the message with the greatest id ≤ position, or -1. */
  private int atOrBefore(long position) {
    int i = Arrays.binarySearch(ids, position);
    return i >= 0 ? i : -i - 2;
  }

  /**
   * The final created_at of the message with the greatest id ≤ position (the one at it may be
   * gone).
   */
  public Long resolveCursor(long position) {
    int i = atOrBefore(position);
    return i < 0 ? null : micros[i];
  }

  /** "Has read nothing": just before the channel's first message. */
  public Long readNothing() {
    return ids.length == 0 ? null : sortedMicros[0] - 1;
  }

  public Long lastMessage() {
    return ids.length == 0 ? null : sortedMicros[sortedMicros.length - 1];
  }

  /**
   * The sender of the room's earliest message, deleted or not (ties: the lexically first sender).
   */
  public String earliestSender() {
    String earliest = null;
    long at = Long.MAX_VALUE;
    for (Object2IntOpenHashMap.Entry<String> e : senders.object2IntEntrySet()) {
      long first = firstBySender[e.getIntValue()];
      if (first < at || (first == at && e.getKey().compareTo(earliest) < 0)) {
        earliest = e.getKey();
        at = first;
      }
    }
    return earliest;
  }

  /** Everyone who wrote in the room, deleted messages included, sorted. */
  public List<String> senders() {
    return senders.keySet().stream().sorted().toList();
  }

  /** The sender's first message, deleted or not. */
  public Long firstMessageOf(String sender) {
    int s = senders.getOrDefault(sender, -1);
    return s < 0 ? null : firstBySender[s];
  }

  /** The sender's last message that is not deleted (read state), or null. */
  public Long lastMessageOf(String sender) {
    int s = senders.getOrDefault(sender, -1);
    return s < 0 || lastBySender[s] == Long.MIN_VALUE ? null : lastBySender[s];
  }

  /**
   * A member's {@code last_read} (null: emit none).
   *
   * @param cursorPosition the member's read cursor, null when they have none
   * @param exportHasCursors false when the export has no cursor files at all: then no last_read
   */
  public Long lastRead(
      String member, Long cursorPosition, boolean exportHasCursors, ConversionSettings o) {
    if (!exportHasCursors || ids.length == 0) {
      return null;
    }
    Long read;
    if (cursorPosition != null) {
      Long resolved = resolveCursor(cursorPosition);
      read = resolved != null ? resolved : readNothing();
    } else {
      read =
          switch (o.missingCursor()) {
            case UNREAD -> readNothing();
            case READ -> lastMessage();
            case OWN_LAST_MESSAGE -> {
              Long own = lastMessageOf(member);
              yield own != null ? own : readNothing();
            }
          };
    }
    if (o.readState() == ConversionSettings.ReadState.OWN_MESSAGES_READ) {
      Long own = lastMessageOf(member);
      if (own != null && own > read) {
        read = own;
      }
    }
    return read;
  }

  /** Chatkit's unread count: messages with an id greater than the cursor; with no cursor, all. */
  public long chatkitUnread(Long cursorPosition) {
    if (cursorPosition == null) {
      return ids.length;
    }
    return ids.length - (atOrBefore(cursorPosition) + 1);
  }

  /** Stream's unread count: messages created after last_read; with no last_read, none. */
  public long streamUnread(Long lastReadMicros) {
    if (lastReadMicros == null) {
      return 0;
    }
    int i = Arrays.binarySearch(sortedMicros, lastReadMicros);
    int atOrBefore = i >= 0 ? lastIndexOf(i) : -i - 2;
    return sortedMicros.length - (atOrBefore + 1);
  }

  private int lastIndexOf(int i) {
    while (i + 1 < sortedMicros.length && sortedMicros[i + 1] == sortedMicros[i]) {
      i++;
    }
    return i;
  }
}
