package io.chatkitmigrate.transforms.join;

/**
 * Shuffle keys for the conversion stages: a key is a bucket number, not an entity id. The Direct
 * runner pays ~8 ms per distinct key, and a Flink group is read once in one pass, so a few thousand
 * buckets of bounded size beat millions of tiny groups on both.
 */
public final class Groups {
  private Groups() {}

  /**
   * How many buckets one room's messages spread over: enough that a room of millions of messages
   * loads several workers, few enough that what the message stage must know of each room can be
   * sent to every bucket its messages may fall in.
   */
  public static final int ROOM_SPREAD = 16;

  /** The bucket of a key, stable across JVMs (String.hashCode is specified), spread by a mix. */
  public static int of(String key, int groups) {
    return ofHash(key.hashCode(), groups);
  }

  /** The bucket of a key by its hash, which must be stable across JVMs, spread by the same mix. */
  public static int ofHash(int hash, int groups) {
    return Math.floorMod(mix(hash), groups);
  }

  /**
   * The bucket of a room's messages created in one second: all records of one message share their
   * second, and the µs tie-break needs exactly the messages of a room that share a timestamp.
   */
  public static int ofRoomAndSecond(String roomId, long epochSecond, int groups) {
    return ofRoomHashAndSecond(roomId.hashCode(), epochSecond, groups);
  }

  /** {@link #ofRoomAndSecond} from the room id's {@code hashCode}, for what carries only that. */
  public static int ofRoomHashAndSecond(int roomHash, long epochSecond, int groups) {
    return roomBucket(
        ofHash(roomHash, groups),
        Math.floorMod(mix(Long.hashCode(epochSecond)), spread(groups)),
        groups);
  }

  /** Every bucket {@link #ofRoomAndSecond} can give for this room. */
  public static int[] ofRoom(String roomId, int groups) {
    int first = of(roomId, groups);
    int[] buckets = new int[spread(groups)];
    for (int i = 0; i < buckets.length; i++) {
      buckets[i] = roomBucket(first, i, groups);
    }
    return buckets;
  }

  private static int spread(int groups) {
    return Math.min(ROOM_SPREAD, groups);
  }

  /**
   * The one formula both sides of the message join use: the room's first bucket, then its
   * neighbours.
   */
  private static int roomBucket(int first, int offset, int groups) {
    return (first + offset) % groups;
  }

  private static int mix(int h) {
    h ^= h >>> 16;
    h *= 0x85ebca6b;
    h ^= h >>> 13;
    h *= 0xc2b2ae35;
    h ^= h >>> 16;
    return h;
  }

  /**
   * Groups for an input of this size: about 8 MB of export a group, never fewer than {@code min}.
   */
  public static int forInput(long inputBytes, int min) {
    long wanted = inputBytes / (8L << 20);
    return (int) Math.max(min, Math.min(100_000, wanted));
  }
}
