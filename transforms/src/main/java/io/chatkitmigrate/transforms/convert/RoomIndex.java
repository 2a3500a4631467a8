package io.chatkitmigrate.transforms.convert;

import io.chatkitmigrate.schemas.chatkit.ChatkitRoom;
import io.chatkitmigrate.schemas.coders.SmileCoder;
import io.chatkitmigrate.transforms.rules.IdMapper;
import java.io.Serializable;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CoderRegistry;
import org.apache.beam.sdk.coders.DefaultCoder;
import org.apache.beam.sdk.coders.MapCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.transforms.Combine;

/**
 * What the later stages must know of every room: whether it exists, is private, is deleted, or
 * shares its Stream id with another room. A few dozen bytes a room, built in one combine.
 */
@DefaultCoder(SmileCoder.class)
public record RoomIndex(Map<String, Entry> rooms, Set<String> colliding) implements Serializable {

  /** The latest record of one room, by the same rule that picks it in the room stage. */
  public record Entry(
      boolean isPrivate, boolean deleted, long updatedAt, long rawBytes, String file, long line)
      implements Serializable {
    static Entry of(ChatkitRoom room) {
      return new Entry(
          room.isPrivate(),
          room.deletedAt() != null,
          room.updatedAt(),
          room.source().bytes(),
          room.source().file(),
          room.source().line());
    }

    /**
     * Latest updated_at, then the larger record, then the lexically first file, then the first
     * line.
     */
    boolean beats(Entry other) {
      if (updatedAt != other.updatedAt) {
        return updatedAt > other.updatedAt;
      }
      if (rawBytes != other.rawBytes) {
        return rawBytes > other.rawBytes;
      }
      int byFile = file.compareTo(other.file);
      return byFile != 0 ? byFile < 0 : line < other.line;
    }
  }

  public Entry get(String roomId) {
    return rooms.get(roomId);
  }

  /** What the message stage must know of one room. */
  public RoomFacts facts(String roomId) {
    Entry e = rooms.get(roomId);
    return new RoomFacts(roomId, e.isPrivate(), e.deleted(), colliding.contains(roomId));
  }

  /** The rooms among {@code roomIds} whose Stream channel id another of them also becomes. */
  static Set<String> colliding(Iterable<String> roomIds) {
    Map<String, String> firstByChannel = new HashMap<>();
    Set<String> colliding = new HashSet<>();
    for (String roomId : roomIds) {
      String other = firstByChannel.putIfAbsent(IdMapper.channelId(roomId), roomId);
      if (other != null) {
        colliding.add(other);
        colliding.add(roomId);
      }
    }
    return colliding;
  }

  /** Builds the index from all room records in one combine (one key, also on the Direct runner). */
  public static final class Build
      extends Combine.CombineFn<ChatkitRoom, Map<String, Entry>, RoomIndex> {
    @Override
    public Map<String, Entry> createAccumulator() {
      return new HashMap<>();
    }

    @Override
    public Map<String, Entry> addInput(Map<String, Entry> acc, ChatkitRoom room) {
      put(acc, room.id(), Entry.of(room));
      return acc;
    }

    private static void put(Map<String, Entry> acc, String id, Entry entry) {
      acc.merge(id, entry, (a, b) -> b.beats(a) ? b : a);
    }

    @Override
    public Map<String, Entry> mergeAccumulators(Iterable<Map<String, Entry>> accs) {
      Map<String, Entry> merged = new HashMap<>();
      for (Map<String, Entry> acc : accs) {
        acc.forEach((id, e) -> put(merged, id, e));
      }
      return merged;
    }

    @Override
    public RoomIndex extractOutput(Map<String, Entry> acc) {
      return new RoomIndex(Map.copyOf(acc), Set.copyOf(colliding(acc.keySet())));
    }

    @Override
    public Coder<Map<String, Entry>> getAccumulatorCoder(
        CoderRegistry registry, Coder<ChatkitRoom> input) {
      return MapCoder.of(StringUtf8Coder.of(), SmileCoder.of(Entry.class));
    }

    @Override
    public Coder<RoomIndex> getDefaultOutputCoder(
        CoderRegistry registry, Coder<ChatkitRoom> input) {
      return SmileCoder.of(RoomIndex.class);
    }
  }
}
