package io.chatkitmigrate.transforms.convert;

import it.unimi.dsi.fastutil.booleans.BooleanArrayList;
import it.unimi.dsi.fastutil.ints.IntArrayList;
import it.unimi.dsi.fastutil.longs.LongArrayList;
import it.unimi.dsi.fastutil.objects.Object2IntMap;
import it.unimi.dsi.fastutil.objects.Object2IntOpenHashMap;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.apache.beam.sdk.coders.DefaultCoder;

/**
 * What the room stage needs of a room's written messages of one message group: each message's id,
 * its final {@code created_at}, its sender and whether it is deleted (deleted messages make their
 * sender a writer of the room but do not count for read state). One element per room and group
 * rather than per message: every element costs the shuffle and the grouping far more than its few
 * bytes. The room stage keeps these as primitive arrays, never as message objects.
 */
@DefaultCoder(StampsCoder.class)
public final class Stamps {
  private final long[] ids;
  private final long[] micros;

  /**
   * Per message, its sender's place in {@link #senders}; a room has far fewer senders than
   * messages.
   */
  private final int[] senderOf;

  private final List<String> senders;
  private final boolean[] deleted;

  Stamps(long[] ids, long[] micros, int[] senderOf, List<String> senders, boolean[] deleted) {
    this.ids = ids;
    this.micros = micros;
    this.senderOf = senderOf;
    this.senders = senders;
    this.deleted = deleted;
  }

  public int size() {
    return ids.length;
  }

  public long id(int i) {
    return ids[i];
  }

  public long micros(int i) {
    return micros[i];
  }

  public String sender(int i) {
    return senders.get(senderOf[i]);
  }

  public boolean deleted(int i) {
    return deleted[i];
  }

  int senderIndex(int i) {
    return senderOf[i];
  }

  List<String> senders() {
    return senders;
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * Collects one room's messages as they are written, as {@code RoomTimeline.Builder} does for the
   * room stage.
   */
  public static final class Builder {
    private final LongArrayList ids = new LongArrayList();
    private final LongArrayList micros = new LongArrayList();
    private final IntArrayList senderOf = new IntArrayList();
    private final Object2IntOpenHashMap<String> senders = new Object2IntOpenHashMap<>();
    private final BooleanArrayList deleted = new BooleanArrayList();

    public Builder add(long id, long createdAtMicros, String sender) {
      return add(id, createdAtMicros, sender, false);
    }

    public Builder add(long id, long createdAtMicros, String sender, boolean isDeleted) {
      ids.add(id);
      micros.add(createdAtMicros);
      senderOf.add(senders.computeIfAbsent(sender, s -> senders.size()));
      deleted.add(isDeleted);
      return this;
    }

    public boolean isEmpty() {
      return ids.isEmpty();
    }

    public Stamps build() {
      String[] names = new String[senders.size()];
      for (Object2IntMap.Entry<String> sender : senders.object2IntEntrySet()) {
        names[sender.getIntValue()] = sender.getKey();
      }
      return new Stamps(
          ids.toLongArray(),
          micros.toLongArray(),
          senderOf.toIntArray(),
          Arrays.asList(names),
          deleted.toBooleanArray());
    }
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof Stamps other) || other.size() != size()) {
      return false;
    }
    for (int i = 0; i < size(); i++) {
      if (ids[i] != other.ids[i]
          || micros[i] != other.micros[i]
          || deleted[i] != other.deleted[i]
          || !Objects.equals(sender(i), other.sender(i))) {
        return false;
      }
    }
    return true;
  }

  @Override
  public int hashCode() {
    int h = 1;
    for (int i = 0; i < size(); i++) {
      h =
          31 * (31 * (31 * h + Long.hashCode(ids[i])) + Long.hashCode(micros[i]))
              + Objects.hashCode(sender(i));
      h = 31 * h + Boolean.hashCode(deleted[i]);
    }
    return h;
  }

  @Override
  public String toString() {
    return "Stamps" + Arrays.toString(ids);
  }
}
