package io.chatkitmigrate.transforms.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** docs/conversion.md §14. */
class RoomTimelineTest {
  static ConversionSettings options(
      ConversionSettings.MissingCursor missing, ConversionSettings.ReadState state) {
    return new ConversionSettings(
        "messaging",
        "livestream",
        Map.of(),
        Map.of(),
        ConversionSettings.DeletedRooms.SKIP,
        missing,
        state,
        5000,
        false,
        Map.of());
  }

  static final ConversionSettings EXACT =
      options(ConversionSettings.MissingCursor.UNREAD, ConversionSettings.ReadState.CHATKIT);

  /** Messages 10, 20, (30 deleted), 40, 50 at seconds 1..5; bob wrote 20 and 40. */
  static RoomTimeline room() {
    return new RoomTimeline.Builder()
        .add(50, 5_000_000, "alice")
        .add(10, 1_000_000, "alice")
        .add(20, 2_000_000, "bob")
        .add(40, 4_000_000, "bob")
        .build();
  }

  @Test
  void aCursorAtADeletedMessageResolvesToTheGreatestIdBelowIt() {
    RoomTimeline t = room();
    assertEquals(2_000_000L, t.resolveCursor(30));
    assertEquals(2_000_000L, t.lastRead("carol", 30L, true, EXACT));
    assertEquals(2, t.chatkitUnread(30L));
    assertEquals(2, t.streamUnread(t.lastRead("carol", 30L, true, EXACT)));
  }

  @Test
  void aCursorBeforeTheFirstMessageMeansNothingRead() {
    RoomTimeline t = room();
    assertEquals(999_999L, t.lastRead("carol", 5L, true, EXACT));
    assertEquals(4, t.streamUnread(999_999L));
    assertEquals(4, t.chatkitUnread(5L));
  }

  @Test
  void aMemberWithNoCursorHasEverythingUnreadOrWhatTheOptionSays() {
    RoomTimeline t = room();
    assertEquals(4, t.streamUnread(t.lastRead("bob", null, true, EXACT)));
    assertEquals(4, t.chatkitUnread(null));
    assertEquals(
        0,
        t.streamUnread(
            t.lastRead(
                "bob",
                null,
                true,
                options(
                    ConversionSettings.MissingCursor.READ, ConversionSettings.ReadState.CHATKIT))));
    assertEquals(
        4_000_000L,
        t.lastRead(
            "bob",
            null,
            true,
            options(
                ConversionSettings.MissingCursor.OWN_LAST_MESSAGE,
                ConversionSettings.ReadState.CHATKIT)));
  }

  @Test
  void ownMessagesReadRaisesLastReadToTheMembersOwnLatestMessage() {
    RoomTimeline t = room();
    ConversionSettings own =
        options(
            ConversionSettings.MissingCursor.UNREAD,
            ConversionSettings.ReadState.OWN_MESSAGES_READ);
    assertEquals(4_000_000L, t.lastRead("bob", 10L, true, own));
    assertEquals(5_000_000L, t.lastRead("bob", 50L, true, own));
  }

  @Test
  void anExportWithoutCursorsGetsNoLastRead() {
    assertNull(room().lastRead("bob", null, false, EXACT));
    assertEquals(0, room().streamUnread(null));
  }

  @Test
  void firstAndLastMessagesPerSenderAndTheEarliestSender() {
    RoomTimeline t = room();
    assertEquals(2_000_000L, t.firstMessageOf("bob"));
    assertEquals(4_000_000L, t.lastMessageOf("bob"));
    assertEquals("alice", t.earliestSender());
    assertNull(t.firstMessageOf("carol"));
  }

  /**
   * room() with its deleted message 30 (carol's) and a deleted 5 by dave, before everything else.
   */
  static RoomTimeline roomWithDeleted() {
    return new RoomTimeline.Builder()
        .add(50, 5_000_000, "alice")
        .add(30, 3_000_000, "carol", true)
        .add(10, 1_000_000, "alice")
        .add(20, 2_000_000, "bob")
        .add(5, 500_000, "dave", true)
        .add(40, 4_000_000, "bob")
        .build();
  }

  @Test
  void deletedMessagesMakeWritersButLeaveReadStateAsItIs() {
    RoomTimeline plain = room();
    RoomTimeline t = roomWithDeleted();
    ConversionSettings own =
        options(
            ConversionSettings.MissingCursor.OWN_LAST_MESSAGE,
            ConversionSettings.ReadState.OWN_MESSAGES_READ);
    for (String member : new String[] {"alice", "bob", "carol", "dave"}) {
      for (Long cursor : new Long[] {null, 3L, 5L, 10L, 30L, 45L, 60L}) {
        for (ConversionSettings o : new ConversionSettings[] {EXACT, own}) {
          assertEquals(
              plain.lastRead(member, cursor, true, o),
              t.lastRead(member, cursor, true, o),
              member + " " + cursor);
        }
        assertEquals(plain.chatkitUnread(cursor), t.chatkitUnread(cursor));
      }
    }
    assertEquals(4, t.size());
    assertEquals(6, t.written());
    assertEquals(999_999L, t.readNothing());
    assertNull(
        t.lastMessageOf("carol"),
        "carol's only message is deleted: nothing of hers counts as read");
    assertEquals(List.of("alice", "bob", "carol", "dave"), t.senders());
    assertEquals("dave", t.earliestSender());
    assertEquals(500_000L, t.firstMessageOf("dave"));
    assertEquals(3_000_000L, t.firstMessageOf("carol"));
  }

  @Test
  void aRoomOfOnlyDeletedMessagesHasWritersAndNoReadState() {
    RoomTimeline t =
        new RoomTimeline.Builder()
            .add(2, 2_000_000, "bob", true)
            .add(1, 1_000_000, "ann", true)
            .add(3, 1_000_000, "bob", true)
            .build();
    assertEquals(0, t.size());
    assertEquals(3, t.written());
    assertEquals(
        "ann", t.earliestSender(), "a tie at the first instant goes to the lexically first sender");
    assertEquals(1_000_000L, t.firstMessageOf("bob"));
    assertNull(t.lastRead("bob", 3L, true, EXACT));
    assertNull(t.readNothing());
    assertEquals(0, t.chatkitUnread(null));
    assertEquals(0, t.streamUnread(null));
  }

  @Test
  void chatkitAndStreamUnreadAgreeForEveryCursorOfRandomRooms() {
    Random random = new Random(42);
    for (int room = 0; room < 200; room++) {
      int n = 1 + random.nextInt(300);
      long[] ids = new long[n];
      long[] original = new long[n];
      long id = random.nextInt(5);
      long second = 1_000_000L * random.nextInt(1000);
      for (int i = 0; i < n; i++) {
        id += 1 + random.nextInt(3);
        second += random.nextInt(4) == 0 ? 1_000_000L : 0;
        ids[i] = id;
        original[i] = second;
      }
      long[] created = TieBreak.assign(ids, original);
      RoomTimeline.Builder b = new RoomTimeline.Builder();
      for (int i = n - 1; i >= 0; i--) {
        b.add(ids[i], created[i], "u" + (i % 3));
      }
      RoomTimeline t = b.build();
      for (int probe = 0; probe < 30; probe++) {
        Long cursor = random.nextInt(10) == 0 ? null : (long) random.nextInt((int) id + 10) - 3;
        Long lastRead = t.lastRead("u1", cursor, true, EXACT);
        assertEquals(
            t.chatkitUnread(cursor),
            t.streamUnread(lastRead),
            "room " + room + " cursor " + cursor);
      }
    }
  }
}
