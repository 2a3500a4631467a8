package io.chatkitmigrate.transforms.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chatkitmigrate.schemas.Source;
import io.chatkitmigrate.schemas.Timestamps;
import io.chatkitmigrate.schemas.chatkit.ChatkitRoom;
import io.chatkitmigrate.schemas.stream.ImportItem;
import io.chatkitmigrate.schemas.stream.StreamChannel;
import io.chatkitmigrate.transforms.testing.PusherSampleItems;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** docs/conversion.md §7, §8. */
class ChannelRulesTest {
  static final Source SRC = new Source("rooms.ndjson", 1, -1, 0, 2);
  static final long T = Timestamps.parseMicros("2020-03-25T10:52:59Z");

  static ChatkitRoom room(String id, boolean isPrivate, Long deletedAt) {
    return new ChatkitRoom(
        id,
        "alice",
        "Alice & Bob",
        isPrivate,
        List.of("alice", "bob", "alice"),
        "Acme Inc. Mobile",
        "{\"foo\":\"bar\"}",
        null,
        T,
        T,
        deletedAt,
        SRC);
  }

  static ConversionSettings deletedRooms(ConversionSettings.DeletedRooms d) {
    ConversionSettings x = ConversionSettings.defaults();
    return new ConversionSettings(
        x.privateChannelType(),
        x.publicChannelType(),
        Map.of(),
        Map.of(),
        d,
        x.missingCursor(),
        x.readState(),
        x.maxMessageLength(),
        false,
        Map.of());
  }

  @Test
  void pushersSamplePrivateRoomBecomesAMessagingChannel() {
    Converted<StreamChannel> c =
        ChannelRules.convert(room("alice_x_bob", true, null), ConversionSettings.defaults());
    assertEquals(PusherSampleItems.ALICE_AND_BOB, ImportItem.of(c.item()).toJsonLine());
  }

  @Test
  void publicRoomsBecomeTheChosenPublicType() {
    assertEquals(
        "livestream",
        ChannelRules.convert(room("general", false, null), ConversionSettings.defaults())
            .item()
            .type());
  }

  @Test
  void deletedRoomsAreSkippedOrDisabledByOption() {
    Converted<StreamChannel> skipped =
        ChannelRules.convert(
            room("r", true, T), deletedRooms(ConversionSettings.DeletedRooms.SKIP));
    assertTrue(skipped.isRejected());
    assertEquals("deleted_room", skipped.rejection().reason());
    Converted<StreamChannel> disabled =
        ChannelRules.convert(
            room("r", true, T), deletedRooms(ConversionSettings.DeletedRooms.DISABLE));
    assertEquals(Boolean.TRUE, disabled.item().disabled());
  }

  @Test
  void membersAreDistinctInTheirOrder() {
    assertEquals(List.of("alice", "bob"), ChannelRules.members(room("r", true, null)));
  }

  @Test
  void placeholderChannelsArePrivateCreatedByTheEarliestSender() {
    Converted<StreamChannel> c =
        ChannelRules.placeholder("lost:room", "bob", T, ConversionSettings.defaults());
    assertEquals("messaging", c.item().type());
    assertEquals("bob", c.item().createdBy());
    assertEquals("lost:room", c.item().name());
    assertEquals(true, c.item().custom().get("chatkit_placeholder"));
    assertEquals("placeholder_room", c.warnings().get(0).reason());
  }

  @Test
  void channelsNeverCarryUpdatedAt() {
    String line =
        ImportItem.of(
                ChannelRules.convert(room("r", true, null), ConversionSettings.defaults()).item())
            .toJsonLine();
    assertTrue(!line.contains("updated_at"), line);
  }
}
