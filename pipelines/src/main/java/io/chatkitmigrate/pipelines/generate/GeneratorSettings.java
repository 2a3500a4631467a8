package io.chatkitmigrate.pipelines.generate;

import java.util.function.Consumer;

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
    double laterCopyRate,
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
        0,
        Shape.MIXED);
  }

  public GeneratorSettings withHotRoom(long hotMessages) {
    return with(c -> c.hotRoomMessages = hotMessages);
  }

  public GeneratorSettings withFormat(boolean asArray, boolean compress, int shardCount) {
    return with(
        c -> {
          c.array = asArray;
          c.gzip = compress;
          c.shards = shardCount;
        });
  }

  public GeneratorSettings withRates(double badLines, double duplicates, double fragments) {
    return with(
        c -> {
          c.badLineRate = badLines;
          c.duplicateRate = duplicates;
          c.fragmentRate = fragments;
        });
  }

  /**
   * A share of whole messages also written as a copy one second later and a day older, which loses
   * to the original: copies the message stage must find across seconds.
   */
  public GeneratorSettings withLaterCopies(double rate) {
    return with(c -> c.laterCopyRate = rate);
  }

  public GeneratorSettings withoutCursorsAndRoles() {
    return with(
        c -> {
          c.cursors = false;
          c.roles = false;
        });
  }

  /**
   * The records in {@code form}; the pusher shape writes no cursors or roles, as Pusher's did not.
   */
  public GeneratorSettings withShape(Shape form) {
    return with(
        c -> {
          c.shape = form;
          c.cursors &= form == Shape.MIXED;
          c.roles &= form == Shape.MIXED;
        });
  }

  /** These settings with the changes {@code change} makes to a copy of their fields. */
  private GeneratorSettings with(Consumer<Fields> change) {
    Fields f = new Fields(this);
    change.accept(f);
    return new GeneratorSettings(
        f.messages,
        f.users,
        f.rooms,
        f.seed,
        f.shards,
        f.array,
        f.gzip,
        f.cursors,
        f.roles,
        f.hotRoomMessages,
        f.badLineRate,
        f.duplicateRate,
        f.fragmentRate,
        f.laterCopyRate,
        f.shape);
  }

  /** The fields of a settings record, to change one by one before a new record is made of them. */
  private static final class Fields {
    long messages;
    int users;
    int rooms;
    long seed;
    int shards;
    boolean array;
    boolean gzip;
    boolean cursors;
    boolean roles;
    long hotRoomMessages;
    double badLineRate;
    double duplicateRate;
    double fragmentRate;
    double laterCopyRate;
    Shape shape;

    Fields(GeneratorSettings s) {
      messages = s.messages;
      users = s.users;
      rooms = s.rooms;
      seed = s.seed;
      shards = s.shards;
      array = s.array;
      gzip = s.gzip;
      cursors = s.cursors;
      roles = s.roles;
      hotRoomMessages = s.hotRoomMessages;
      badLineRate = s.badLineRate;
      duplicateRate = s.duplicateRate;
      fragmentRate = s.fragmentRate;
      laterCopyRate = s.laterCopyRate;
      shape = s.shape;
    }
  }
}
