package io.chatkitmigrate.pipelines.generate;

/**
 * What to generate. Rates are per record; users and rooms default to the proportions of the export
 * the benchmarks compare against (1,000,000 messages, 50,000 users, 10,000 rooms).
 */
public record GeneratorSettings(
    long messages,
    int users,
    int rooms,
    long seed,
    int shards,
    boolean array,
    boolean gzip,
    boolean cursors,
    boolean roles,
    long hotRoomMessages,
    double badLineRate,
    double duplicateRate,
    double fragmentRate) {

  public GeneratorSettings {
    if (messages < 0 || users < 1 || rooms < 1 || shards < 1) {
      throw new IllegalArgumentException("messages must be >= 0, users, rooms and shards >= 1");
    }
    if (hotRoomMessages > messages) {
      throw new IllegalArgumentException(
          "hotRoomMessages (" + hotRoomMessages + ") exceeds messages (" + messages + ")");
    }
  }

  public static int defaultUsers(long messages) {
    return (int) Math.max(10, Math.min(Integer.MAX_VALUE, messages / 20));
  }

  public static int defaultRooms(long messages) {
    return (int) Math.max(5, Math.min(Integer.MAX_VALUE, messages / 100));
  }

  /** The defaults for {@code messages}, for tests and benchmarks. */
  public static GeneratorSettings of(long messages, long seed) {
    return new GeneratorSettings(
        messages,
        defaultUsers(messages),
        defaultRooms(messages),
        seed,
        4,
        false,
        false,
        true,
        true,
        0,
        0.001,
        0.01,
        0.02);
  }

  public GeneratorSettings withHotRoom(long hotMessages) {
    return new GeneratorSettings(
        messages,
        users,
        rooms,
        seed,
        shards,
        array,
        gzip,
        cursors,
        roles,
        hotMessages,
        badLineRate,
        duplicateRate,
        fragmentRate);
  }

  public GeneratorSettings withFormat(boolean asArray, boolean compress, int shardCount) {
    return new GeneratorSettings(
        messages,
        users,
        rooms,
        seed,
        shardCount,
        asArray,
        compress,
        cursors,
        roles,
        hotRoomMessages,
        badLineRate,
        duplicateRate,
        fragmentRate);
  }

  public GeneratorSettings withRates(double badLines, double duplicates, double fragments) {
    return new GeneratorSettings(
        messages,
        users,
        rooms,
        seed,
        shards,
        array,
        gzip,
        cursors,
        roles,
        hotRoomMessages,
        badLines,
        duplicates,
        fragments);
  }

  public GeneratorSettings withoutCursorsAndRoles() {
    return new GeneratorSettings(
        messages,
        users,
        rooms,
        seed,
        shards,
        array,
        gzip,
        false,
        false,
        hotRoomMessages,
        badLineRate,
        duplicateRate,
        fragmentRate);
  }
}
