package io.chatkitmigrate.pipelines.generate;

import java.util.function.Consumer;

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

  public GeneratorSettings withoutCursorsAndRoles() {
    return with(
        c -> {
          c.cursors = false;
          c.roles = false;
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
        f.fragmentRate);
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
    }
  }
}
