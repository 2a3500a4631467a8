package io.chatkitmigrate.pipelines.generate;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.chatkitmigrate.schemas.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.LongConsumer;

/**
 * Writes a synthetic Chatkit export with the shapes and the faults of real ones (or, in the pusher
 * shape, only the form of Pusher's own export), and the counts its conversion must give.
 * Deterministic for a seed; memory holds one room's member list and one number per room, never the
 * messages, so ten million messages need no more heap than a hundred thousand.
 */
public final class ExportGenerator {
  private static final long EPOCH_2018 = 1514764800L;
  private static final long DAY = 86_400;
  private static final String[] WORDS =
      ("the a to and of you it is that in we for on this my be have are with not hey ok thanks"
           + " meeting tomorrow lunch deploy release ticket customer invoice photo video call later"
           + " please sure great idea maybe coffee build broken fixed review merge weekend project"
           + " plan update room")
          .split(" ");
  private static final String[] LEGACY_TYPES = {"image", "video", "audio", "file"};

  private final GeneratorSettings s;
  private final JsonFactory factory = Json.MAPPER.getFactory();
  private final ByteArrayOutputStream buffer = new ByteArrayOutputStream(8192);
  private final ExpectedCounts expected = new ExpectedCounts();
  private final String badReason;
  private final boolean mixed;

  public ExportGenerator(GeneratorSettings settings) {
    this.s = settings;
    this.mixed = settings.shape() == GeneratorSettings.Shape.MIXED;
    // A truncated NDJSON line is not JSON; an array must stay parseable, so there the bad element
    // is a string.
    this.badReason = settings.array() ? "unknown_shape" : "malformed_json";
  }

  /**
   * Writes the export under {@code folder/export} and {@code folder/expected.json}.
   *
   * @param progress told the number of messages written so far, now and then
   */
  public ExpectedCounts generate(Path folder, LongConsumer progress) throws IOException {
    Path export = folder.resolve("export");
    Files.createDirectories(export);
    try (ShardedFile users = open(export, "users");
        ShardedFile rooms = open(export, "rooms");
        ShardedFile messages = open(export, "messages");
        ShardedFile cursors = s.cursors() ? open(export, "cursors") : null;
        ShardedFile userRoles = s.roles() ? open(export, "user_roles") : null) {
      if (s.roles()) {
        writeRoles(export);
      }
      for (int i = 0; i < s.users(); i++) {
        writeUser(i, users, userRoles);
      }
      long[] sizes = roomSizes();
      long written = 0;
      for (int r = 0; r < s.rooms(); r++) {
        writeRoom(r, sizes[r], rooms, messages, cursors, userRoles);
        written += sizes[r];
        progress.accept(written);
      }
    }
    Files.writeString(
        folder.resolve("expected.json"),
        Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(expected.toMap()) + "\n");
    return expected;
  }

  private ShardedFile open(Path folder, String entity) throws IOException {
    return new ShardedFile(folder, entity, s.shards(), s.array(), s.gzip());
  }

  private SplittableRandom random(long salt, long index) {
    return new SplittableRandom(
        s.seed() * 0x9E3779B97F4A7C15L ^ salt * 0xC2B2AE3D27D4EB4FL ^ index);
  }

  // ---- ids: most plain, some with characters Stream refuses, some rooms with integer ids as in
  // old instances

  static String userId(int i) {
    if (i % 50 == 7) {
      return "user:" + i + ":zoë";
    }
    if (i % 50 == 13) {
      return "François Ñ " + i;
    }
    return "user" + i;
  }

  private void writeRoomId(JsonGenerator g, String field, int r) throws IOException {
    if (mixed && r % 11 == 3) {
      g.writeNumberField(field, 1000 + r);
    } else {
      g.writeStringField(field, roomId(r));
    }
  }

  static String roomId(int r) {
    if (r % 11 == 3) {
      return Integer.toString(1000 + r);
    }
    return r % 23 == 5 ? "team: " + r + " · ünïcode" : "room-" + r;
  }

  private static String time(long epochSecond) {
    return Instant.ofEpochSecond(epochSecond).toString();
  }

  // ---- roles

  private void writeRoles(Path export) throws IOException {
    try (ShardedFile roles = new ShardedFile(export, "roles", 1, s.array(), s.gzip())) {
      role(
          roles,
          "admin",
          "global",
          List.of("room:create", "room:delete", "room:update", "user:update"));
      role(
          roles,
          "default",
          "global",
          List.of("message:create", "room:join", "room:leave", "room:get"));
      role(roles, "support", "global", List.of("message:create", "room:get", "user:get"));
      role(
          roles,
          "moderator",
          "room",
          List.of("message:create", "room:members:add", "room:members:remove"));
      role(roles, "viewer", "room", List.of("room:get", "room:messages:get"));
      // Shards overlap: the same role listed twice.
      roles.write(
          roleRecord(
              "default",
              "global",
              List.of("message:create", "room:join", "room:leave", "room:get")));
      expected.merged("roles", 1);
    }
  }

  private void role(ShardedFile file, String name, String scope, List<String> permissions)
      throws IOException {
    file.write(roleRecord(name, scope, permissions));
    expected.written("roles");
  }

  private byte[] roleRecord(String name, String scope, List<String> permissions)
      throws IOException {
    JsonGenerator g = begin();
    g.writeStringField("name", name);
    g.writeStringField("scope", scope);
    g.writeArrayFieldStart("permissions");
    for (String p : permissions) {
      g.writeString(p);
    }
    g.writeEndArray();
    return end(g);
  }

  // ---- users

  private void writeUser(int i, ShardedFile users, ShardedFile userRoles) throws IOException {
    SplittableRandom rnd = random(1, i);
    long created = EPOCH_2018 + i * 61L;
    byte[] record = userRecord(i, rnd, created, created + rnd.nextInt(86400 * 30), "");
    users.write(record);
    expected.written("users");
    expected.items("user", 1);
    if (rnd.nextDouble() < s.duplicateRate()) {
      users.write(userRecord(i, rnd, created, created + 86400 * 60, " (renamed)"));
      expected.merged("users", 1);
    }
    maybeBadLine(users, "users", record, rnd);
    if (userRoles != null && (i % 40 == 0 || i % 97 == 1)) {
      JsonGenerator g = begin();
      g.writeStringField("user_id", userId(i));
      // Some dumps name the field "name".
      g.writeStringField(i % 3 == 0 ? "name" : "role_name", i % 40 == 0 ? "admin" : "support");
      g.writeStringField("scope", "global");
      userRoles.write(end(g));
      expected.written("user_roles");
    }
  }

  private byte[] userRecord(int i, SplittableRandom rnd, long created, long updated, String suffix)
      throws IOException {
    JsonGenerator g = begin();
    g.writeStringField("id", userId(i));
    g.writeStringField("name", WORDS[i % WORDS.length] + " " + i + suffix);
    if (rnd.nextDouble() < 0.7) {
      g.writeStringField("avatar_url", "https://avatars.example.com/" + i + ".png");
    }
    double custom = rnd.nextDouble();
    if (custom < 0.4) {
      g.writeObjectFieldStart("custom_data");
      g.writeStringField("team", WORDS[rnd.nextInt(WORDS.length)]);
      g.writeNumberField("level", rnd.nextInt(10));
      if (custom < 0.04) {
        g.writeStringField(
            "role", "lead"); // clashes with Stream's built-in field: becomes chatkit_role
      }
      if (custom < 0.0005) {
        g.writeStringField("bio", "x".repeat(6000)); // over Stream's 5 KB: the user goes without it
      }
      g.writeEndObject();
    }
    g.writeStringField("created_at", time(created));
    g.writeStringField("updated_at", time(updated));
    return end(g);
  }

  // ---- rooms

  /** Messages per room: one optional hot room, the rest by a power law, as chat traffic is. */
  private long[] roomSizes() {
    long[] sizes = new long[s.rooms()];
    int first = 0;
    long remaining = s.messages();
    if (s.hotRoomMessages() > 0) {
      sizes[0] = s.hotRoomMessages();
      remaining -= s.hotRoomMessages();
      first = 1;
    }
    if (first >= s.rooms()) {
      sizes[0] += remaining;
      return sizes;
    }
    double total = 0;
    for (int r = first; r < s.rooms(); r++) {
      total += Math.pow(r - first + 1, -1.1);
    }
    long assigned = 0;
    for (int r = first; r < s.rooms(); r++) {
      sizes[r] = (long) Math.floor(remaining * Math.pow(r - first + 1, -1.1) / total);
      assigned += sizes[r];
    }
    for (int r = first; assigned < remaining; r = r + 1 < s.rooms() ? r + 1 : first) {
      sizes[r]++;
      assigned++;
    }
    return sizes;
  }

  private enum Kind {
    ONE_TO_ONE,
    GROUP,
    LIVESTREAM
  }

  private void writeRoom(
      int r,
      long size,
      ShardedFile rooms,
      ShardedFile messages,
      ShardedFile cursors,
      ShardedFile userRoles)
      throws IOException {
    SplittableRandom rnd = random(2, r);
    boolean hot = r == 0 && s.hotRoomMessages() > 0;
    double k = rnd.nextDouble();
    Kind kind = hot || k >= 0.85 ? Kind.LIVESTREAM : k < 0.5 ? Kind.ONE_TO_ONE : Kind.GROUP;
    int wanted =
        switch (kind) {
          case ONE_TO_ONE -> 2;
          case GROUP -> 3 + rnd.nextInt(28);
          case LIVESTREAM -> hot ? 100 : 20 + rnd.nextInt(81);
        };
    List<Integer> members = pickMembers(rnd, Math.min(wanted, s.users()));
    boolean deleted =
        !hot && (rnd.nextDouble() < 0.005 || (s.rooms() >= 5 && r == s.rooms() - 2)) && mixed;
    long created = EPOCH_2018 + 86400L * 30 + r * 97L;

    byte[] record = roomRecord(r, rnd, kind, members, created, created + 3600, deleted);
    rooms.write(record);
    if (deleted) {
      expected.rejected("rooms", "deleted_room", 1);
    } else {
      expected.written("rooms");
      expected.items("channel", 1);
      expected.items("member", members.size());
    }
    if (rnd.nextDouble() < s.duplicateRate()) {
      rooms.write(roomRecord(r, rnd, kind, members, created, created + 7200, deleted));
      expected.merged("rooms", 1); // copies are folded before the deleted rule picks the winner
    }
    maybeBadLine(rooms, "rooms", record, rnd);

    RoomTimeline t = writeMessages(r, size, members, created, deleted, messages);
    if (cursors != null && size > 0) {
      writeCursors(r, rnd, members, t, deleted, cursors);
    }
    if (userRoles != null && kind != Kind.ONE_TO_ONE) {
      if (rnd.nextDouble() < 0.5) {
        roomRole(userRoles, r, members.get(0), "moderator", deleted);
      }
      if (rnd.nextDouble() < 0.2) {
        roomRole(userRoles, r, members.get(1), "viewer", deleted);
      }
    }
  }

  private List<Integer> pickMembers(SplittableRandom rnd, int count) {
    Set<Integer> picked = new LinkedHashSet<>();
    while (picked.size() < count) {
      // Skewed: a few users are in many rooms.
      picked.add(
          (int) Math.min(s.users() - 1, (long) (s.users() * Math.pow(rnd.nextDouble(), 2.5))));
    }
    return new ArrayList<>(picked);
  }

  private byte[] roomRecord(
      int r,
      SplittableRandom rnd,
      Kind kind,
      List<Integer> members,
      long created,
      long updated,
      boolean deleted)
      throws IOException {
    JsonGenerator g = begin();
    writeRoomId(g, "id", r);
    g.writeStringField("created_by_id", userId(members.get(0)));
    g.writeStringField(
        "name", kind == Kind.ONE_TO_ONE ? "direct " + r : WORDS[r % WORDS.length] + " room " + r);
    g.writeBooleanField("private", kind != Kind.LIVESTREAM);
    // The server API's spelling in some dumps.
    g.writeArrayFieldStart(mixed && r % 3 == 1 ? "member_user_ids" : "member_ids");
    for (int m : members) {
      g.writeString(userId(m));
    }
    g.writeEndArray();
    double extra = rnd.nextDouble();
    if (extra < 0.05) {
      g.writeStringField("push_notification_title_override", "News from room " + r);
    }
    if (extra < 0.3) {
      g.writeObjectFieldStart("custom_data");
      g.writeStringField("topic", WORDS[rnd.nextInt(WORDS.length)]);
      g.writeBooleanField("archived", false);
      if (extra < 0.02) {
        g.writeStringField("frozen", "maybe"); // a reserved channel field: becomes chatkit_frozen
      }
      g.writeEndObject();
    }
    g.writeStringField("created_at", time(created));
    g.writeStringField("updated_at", time(updated));
    if (deleted) {
      g.writeStringField("deleted_at", time(updated));
    }
    return end(g);
  }

  private void roomRole(ShardedFile userRoles, int r, int user, String role, boolean deleted)
      throws IOException {
    JsonGenerator g = begin();
    g.writeStringField("user_id", userId(user));
    g.writeStringField("role_name", role);
    g.writeStringField("scope", "room");
    writeRoomId(g, "room_id", r);
    userRoles.write(end(g));
    if (deleted) {
      expected.rejected("user_roles", "deleted_room", 1);
    } else {
      expected.written("user_roles");
    }
  }

  // ---- messages

  /** What cursors need of a room's messages: the id range and one id that vanished. */
  private record RoomTimeline(long firstId, long lastId, long vanishedId) {}

  private RoomTimeline writeMessages(
      int r, long size, List<Integer> members, long created, boolean deleted, ShardedFile messages)
      throws IOException {
    SplittableRandom rnd = random(3, r);
    long start = 1 + (r * 7L) % 1000; // ids repeat across rooms, as Chatkit's did
    long id = start - 1;
    long vanished = 0;
    long second = created + rnd.nextInt(86400);
    int burst = 0;
    for (long k = 0; k < size; k++) {
      if (k > 0 && rnd.nextDouble() < 0.01) {
        vanished = ++id; // a message deleted before the export: its id is missing
      }
      id++;
      if (burst > 0) {
        burst--;
      } else if (rnd.nextDouble() < 0.0005) {
        burst = 200; // 200 messages in one second, which must keep their id order
      } else if (rnd.nextDouble() >= 0.55) {
        second += 1 + (long) (3600 * Math.pow(rnd.nextDouble(), 4));
      }
      int sender = members.get((int) (members.size() * Math.pow(rnd.nextDouble(), 1.5)));
      writeMessage(r, id, second, sender, rnd, deleted, messages);
    }
    return new RoomTimeline(start, id, vanished);
  }

  private record Part(
      String kind,
      String mime,
      String content,
      String url,
      String name,
      long size,
      boolean custom) {}

  private void writeMessage(
      int r,
      long id,
      long second,
      int sender,
      SplittableRandom rnd,
      boolean roomDeleted,
      ShardedFile messages)
      throws IOException {
    double shape = rnd.nextDouble();
    boolean fragment = rnd.nextDouble() < s.fragmentRate() && shape < 0.9;
    long updated = rnd.nextDouble() < 0.03 ? second + 120 : second;
    // Pusher's export leaves deleted messages out; only dumps keep them, marked.
    boolean deleted = rnd.nextDouble() < 0.005 && mixed;
    // A stream of its own: with later copies the export is the same one with copies added.
    boolean laterCopy =
        s.laterCopyRate() > 0 && random(5, ((long) r << 40) ^ id).nextDouble() < s.laterCopyRate();
    if (shape >= 0.9 && mixed) {
      byte[] record = legacyMessage(r, id, second, updated, sender, rnd, deleted);
      writeWhole(
          messages,
          record,
          second,
          updated,
          roomDeleted,
          rnd,
          laterCopy,
          (at, updatedAt) ->
              legacyMessage(r, id, at, updatedAt, sender, new SplittableRandom(id), deleted));
      return;
    }
    boolean v3 = shape >= 0.7 && mixed;
    List<Part> parts = parts(rnd, fragment);
    if (fragment) {
      int pieces = 2 + rnd.nextInt(parts.size() - 1);
      int from = 0;
      for (int f = 0; f < pieces; f++) {
        int to = f == pieces - 1 ? parts.size() : from + 1;
        messages.write(
            partsMessage(
                r,
                id,
                second,
                updated,
                sender,
                parts.subList(from, to),
                v3,
                deleted,
                from,
                parts.size()));
        from = to;
      }
      account(roomDeleted, pieces);
    } else {
      byte[] record = partsMessage(r, id, second, updated, sender, parts, v3, deleted, -1, 0);
      writeWhole(
          messages,
          record,
          second,
          updated,
          roomDeleted,
          rnd,
          laterCopy,
          (at, updatedAt) -> partsMessage(r, id, at, updatedAt, sender, parts, v3, deleted, -1, 0));
    }
  }

  /** The message's record again, created and updated at other times. */
  private interface Copy {
    byte[] make(long second, long updated) throws IOException;
  }

  /**
   * A whole message's record, then maybe a copy updated a second later (it wins) and one created a
   * second later and updated a day earlier (it loses).
   */
  private void writeWhole(
      ShardedFile messages,
      byte[] record,
      long second,
      long updated,
      boolean roomDeleted,
      SplittableRandom rnd,
      boolean laterCopy,
      Copy copy)
      throws IOException {
    messages.write(record);
    int records = 1;
    if (rnd.nextDouble() < s.duplicateRate()) {
      messages.write(copy.make(second, updated + 1));
      records++;
    }
    if (laterCopy) {
      messages.write(copy.make(second + 1, updated - DAY));
      records++;
    }
    account(roomDeleted, records);
    maybeBadLine(messages, "messages", record, rnd);
  }

  private void account(boolean roomDeleted, int records) {
    if (roomDeleted) {
      expected.rejected("messages", "deleted_room", records);
    } else {
      expected.written("messages");
      expected.merged("messages", records - 1);
      expected.items("message", 1);
    }
  }

  private List<Part> parts(SplittableRandom rnd, boolean fragment) {
    List<Part> parts = new ArrayList<>(3);
    parts.add(new Part("inline", "text/plain", text(rnd), null, null, 0, false));
    double extra = rnd.nextDouble();
    if (extra < 0.08 || fragment) {
      String scheme = rnd.nextDouble() < 0.01 ? "http" : "https";
      parts.add(
          new Part(
              "url",
              "image/jpeg",
              null,
              scheme + "://cdn.example.com/p/" + rnd.nextInt(1 << 30) + ".jpg",
              null,
              0,
              false));
    }
    if ((extra >= 0.08 && extra < 0.12) || fragment) {
      boolean video = rnd.nextBoolean();
      parts.add(
          new Part(
              "attachment",
              video ? "video/mp4" : "application/pdf",
              null,
              "https://files.example.com/" + rnd.nextInt(1 << 30),
              video ? "clip.mp4" : "report.pdf",
              1000 + rnd.nextInt(5_000_000),
              video));
    }
    if (extra >= 0.12 && extra < 0.13) {
      parts.add(
          new Part("inline", "application/json", "{\"poll\":\"lunch?\"}", null, null, 0, false));
    }
    return parts;
  }

  private String text(SplittableRandom rnd) {
    if (rnd.nextDouble() < 0.0002) {
      return "é".repeat(5001); // over 5,000 code points: cut, with the original in the warnings
    }
    StringBuilder b = new StringBuilder(200);
    int words = 12 + rnd.nextInt(30);
    for (int w = 0; w < words; w++) {
      if (w > 0) {
        b.append(' ');
      }
      b.append(WORDS[rnd.nextInt(WORDS.length)]);
    }
    return b.toString();
  }

  private byte[] partsMessage(
      int r,
      long id,
      long second,
      long updated,
      int sender,
      List<Part> parts,
      boolean v3,
      boolean deleted,
      int partIndex,
      int partCount)
      throws IOException {
    JsonGenerator g = begin();
    g.writeNumberField("id", id);
    writeRoomId(g, "room_id", r);
    g.writeStringField(v3 ? "user_id" : "sender_id", userId(sender));
    g.writeArrayFieldStart("parts");
    for (Part p : parts) {
      g.writeStartObject();
      if (v3) {
        g.writeStringField("type", p.mime());
        switch (p.kind()) {
          case "inline" -> g.writeStringField("content", p.content());
          case "url" -> g.writeStringField("url", p.url());
          default -> {
            g.writeObjectFieldStart("attachment");
            g.writeStringField("id", "att-" + id);
            g.writeStringField("download_url", p.url());
            g.writeStringField("refresh_url", p.url() + "/refresh");
            g.writeStringField("expiration", time(updated + 7 * 86400));
            writeAttachmentFields(g, p);
            g.writeEndObject();
          }
        }
      } else {
        g.writeStringField("part_type", p.kind());
        g.writeObjectFieldStart("payload");
        g.writeStringField("type", p.mime());
        switch (p.kind()) {
          case "inline" -> g.writeStringField("content", p.content());
          case "url" -> g.writeStringField("url", p.url());
          default -> {
            g.writeStringField("download_url", p.url());
            writeAttachmentFields(g, p);
          }
        }
        g.writeEndObject();
      }
      g.writeEndObject();
    }
    g.writeEndArray();
    if (partIndex >= 0) {
      g.writeNumberField("part_index", partIndex);
      g.writeNumberField("part_count", partCount);
    }
    writeTimes(g, second, updated, deleted);
    return end(g);
  }

  private void writeAttachmentFields(JsonGenerator g, Part p) throws IOException {
    g.writeStringField("name", p.name());
    g.writeNumberField("size", p.size());
    if (p.custom()) {
      g.writeObjectFieldStart("custom_data");
      g.writeStringField("foo", "bar");
      g.writeNumberField("duration", 12);
      g.writeEndObject();
    } else if (!mixed) {
      // Pusher's sample gives every attachment a custom_data, and the peer converter requires one.
      g.writeObjectFieldStart("custom_data");
      g.writeStringField("foo", "bar");
      g.writeEndObject();
    }
  }

  private byte[] legacyMessage(
      int r, long id, long second, long updated, int sender, SplittableRandom rnd, boolean deleted)
      throws IOException {
    JsonGenerator g = begin();
    g.writeNumberField("id", id);
    writeRoomId(g, "room_id", r);
    g.writeStringField("user_id", userId(sender));
    g.writeStringField("text", text(rnd));
    if (rnd.nextDouble() < 0.1) {
      g.writeObjectFieldStart("attachment");
      g.writeStringField("resource_link", "https://legacy.example.com/" + id);
      g.writeStringField("type", LEGACY_TYPES[rnd.nextInt(LEGACY_TYPES.length)]);
      g.writeEndObject();
    }
    writeTimes(g, second, updated, deleted);
    return end(g);
  }

  private static void writeTimes(JsonGenerator g, long second, long updated, boolean deleted)
      throws IOException {
    g.writeStringField("created_at", time(second));
    g.writeStringField("updated_at", time(updated));
    if (deleted) {
      g.writeStringField("deleted_at", time(updated));
    }
  }

  // ---- cursors

  private void writeCursors(
      int r,
      SplittableRandom rnd,
      List<Integer> members,
      RoomTimeline t,
      boolean deleted,
      ShardedFile cursors)
      throws IOException {
    for (int m : members) {
      if (rnd.nextDouble() >= 0.85) {
        continue; // a member who never opened the room: everything unread
      }
      double p = rnd.nextDouble();
      long position =
          p < 0.3
              ? t.lastId()
              : p < 0.4 && t.vanishedId() > 0
                  ? t.vanishedId() // at a message that is gone
                  : t.firstId() - 1 + rnd.nextLong(t.lastId() - t.firstId() + 2);
      long updated = EPOCH_2018 + 86400L * 400 + r;
      byte[] record = cursorRecord(r, m, position, updated);
      cursors.write(record);
      if (deleted) {
        expected.rejected("cursors", "deleted_room", 1);
      } else {
        expected.written("cursors");
      }
      if (rnd.nextDouble() < s.duplicateRate()) {
        cursors.write(
            cursorRecord(r, m, Math.max(0, position - 1), updated - 3600)); // an older copy
        if (deleted) {
          expected.rejected("cursors", "deleted_room", 1);
        } else {
          expected.merged("cursors", 1);
        }
      }
      maybeBadLine(cursors, "cursors", record, rnd);
    }
    if (rnd.nextDouble() < 0.01 && members.size() < s.users()) {
      int outsider = 0;
      while (members.contains(outsider)) {
        outsider++;
      }
      cursors.write(cursorRecord(r, outsider, t.lastId(), EPOCH_2018 + 86400L * 400));
      // Dropped with a warning (cursor_non_member), or with the room when it is deleted.
      if (deleted) {
        expected.rejected("cursors", "deleted_room", 1);
      } else {
        expected.droppedWithWarning("cursors");
      }
    }
  }

  private byte[] cursorRecord(int r, int user, long position, long updated) throws IOException {
    JsonGenerator g = begin();
    g.writeNumberField("cursor_type", 0);
    writeRoomId(g, "room_id", r);
    g.writeStringField("user_id", userId(user));
    g.writeNumberField("position", position);
    g.writeStringField("updated_at", time(updated));
    return end(g);
  }

  // ---- faults and plumbing

  private void maybeBadLine(ShardedFile file, String entity, byte[] record, SplittableRandom rnd)
      throws IOException {
    if (rnd.nextDouble() >= s.badLineRate()) {
      return;
    }
    int cut = record.length / 2;
    while (cut > 2 && (record[cut] & 0x80) != 0) {
      cut--; // cut on an ASCII byte: the fault is truncation, not invalid UTF-8
    }
    String truncated = new String(record, 0, cut, StandardCharsets.UTF_8);
    file.write(
        s.array()
            ? Json.write(truncated).getBytes(StandardCharsets.UTF_8)
            : truncated.getBytes(StandardCharsets.UTF_8));
    expected.rejected(entity, badReason, 1);
  }

  private JsonGenerator begin() throws IOException {
    buffer.reset();
    JsonGenerator g = factory.createGenerator(buffer, JsonEncoding.UTF8);
    g.writeStartObject();
    return g;
  }

  private byte[] end(JsonGenerator g) throws IOException {
    g.writeEndObject();
    g.close();
    return buffer.toByteArray();
  }
}
