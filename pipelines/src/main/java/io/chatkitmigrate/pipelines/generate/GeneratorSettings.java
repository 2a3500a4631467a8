package io.chatkitmigrate.pipelines.generate;

/**
 * What to generate. Rates are per record; users and rooms default to the proportions of the export
 * the benchmarks compare against (1,000,000 messages, 50,000 users, 10,000 rooms). The shape
 * decides the records' form, the rates the faults among them.
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
    double fragmentRate,
    Shape shape) {

  /** The form of the records. */
  public enum Shape {
    /** Every shape and spelling the reader accepts, from exports and server API dumps alike. */
    MIXED,
    /**
     * Every record as in Pusher's own export (its sample and schemas): users, rooms and messages
     * only, string room ids, {@code member_ids}, messages with {@code sender_id} and typed parts, a
     * {@code custom_data} on every attachment as in the sample, nothing deleted. The peer converter
     * reads only this.
     */
    PUSHER
  }

  public GeneratorSettings {
    if (messages < 0 || users < 1 || rooms < 1 || shards < 1) {
      throw new IllegalArgumentException("messages must be >= 0, users, rooms and shards >= 1");
    }
    if (hotRoomMessages > messages) {
      throw new IllegalArgumentException(
          "hotRoomMessages (" + hotRoomMessages + ") exceeds messages (" + messages + ")");
    }
    if (shape == Shape.PUSHER && (cursors || roles)) {
      throw new IllegalArgumentException(
          "Pusher's own export holds no cursors or roles: the pusher shape writes neither");
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
        0.02,
        Shape.MIXED);
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
        fragmentRate,
        shape);
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
        fragmentRate,
        shape);
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
        fragments,
        shape);
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
        fragmentRate,
        shape);
  }

  /**
   * The records in {@code form}; the pusher shape writes no cursors or roles, as Pusher's did not.
   */
  public GeneratorSettings withShape(Shape form) {
    boolean mixed = form == Shape.MIXED;
    return new GeneratorSettings(
        messages,
        users,
        rooms,
        seed,
        shards,
        array,
        gzip,
        cursors && mixed,
        roles && mixed,
        hotRoomMessages,
        badLineRate,
        duplicateRate,
        fragmentRate,
        form);
  }
}
