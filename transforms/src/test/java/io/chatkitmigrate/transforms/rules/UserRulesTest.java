package io.chatkitmigrate.transforms.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.chatkitmigrate.schemas.Source;
import io.chatkitmigrate.schemas.Timestamps;
import io.chatkitmigrate.schemas.chatkit.ChatkitRole;
import io.chatkitmigrate.schemas.chatkit.ChatkitUser;
import io.chatkitmigrate.schemas.chatkit.ChatkitUserRole;
import io.chatkitmigrate.schemas.stream.ImportItem;
import io.chatkitmigrate.schemas.stream.StreamUser;
import io.chatkitmigrate.transforms.testing.PusherSampleItems;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** docs/conversion.md §4. */
class UserRulesTest {
  static final Source SRC = new Source("users.ndjson", 1, -1, 0, 2);

  static ChatkitUser user(String id, String customData) {
    return new ChatkitUser(
        id,
        "Alice",
        "https://example.com/alice.png",
        customData,
        Timestamps.parseMicros("2020-03-25T10:52:07Z"),
        Timestamps.parseMicros("2020-03-26T15:59:50Z"),
        SRC);
  }

  @Test
  void pushersSampleUserBecomesThisExactItem() {
    Converted<StreamUser> c = UserRules.convert(user("alice", "{\"foo\":\"bar\"}"), "user");
    assertEquals(PusherSampleItems.ALICE, ImportItem.of(c.item()).toJsonLine());
    assertEquals(List.of(), c.warnings());
  }

  @Test
  void customDataOverFiveKilobytesIsLeftOutAndWarned() {
    Converted<StreamUser> c =
        UserRules.convert(user("alice", "{\"blob\":\"" + "x".repeat(6000) + "\"}"), "user");
    assertEquals(Map.of(), c.item().custom());
    assertEquals("custom_data_too_large", c.warnings().get(0).reason());
    assertEquals(1L, c.warnings().get(0).line(), "the warning says where the original record is");
    assertEquals(0L, c.warnings().get(0).offset());
  }

  @Test
  void placeholdersCarryTheChatkitIdAsNameAndAMark() {
    Converted<StreamUser> c = UserRules.placeholder("ghost:1");
    assertEquals(
        "{\"type\":\"user\",\"data\":{\"id\":\""
            + IdMapper.userId("ghost:1")
            + "\",\"role\":\"user\",\"name\":\"ghost:1\",\"chatkit_placeholder\":true}}",
        ImportItem.of(c.item()).toJsonLine());
    assertEquals("placeholder_user", c.warnings().get(0).reason());
  }

  @Test
  void globalRolesMapAdminDefaultThroughTheOptionAndUnknownToUserWithAWarning() {
    ConversionSettings o =
        new ConversionSettings(
            "messaging",
            "livestream",
            Map.of("support", "moderator"),
            Map.of(),
            ConversionSettings.DeletedRooms.SKIP,
            ConversionSettings.MissingCursor.UNREAD,
            ConversionSettings.ReadState.CHATKIT,
            5000,
            false,
            Map.of());
    RoleBook book = new RoleBook(List.of(), o);
    assertEquals("admin", book.userRole(assignment("admin")).item());
    assertEquals("user", book.userRole(assignment("default")).item());
    assertEquals("user", book.userRole((ChatkitUserRole) null).item());
    assertEquals("moderator", book.userRole(assignment("support")).item());
    Converted<String> unknown = book.userRole(assignment("vip"));
    assertEquals("user", unknown.item());
    assertEquals("unknown_role", unknown.warnings().get(0).reason());
  }

  @Test
  void roomRolesFollowTheOptionThenThePermissions() {
    ConversionSettings o =
        new ConversionSettings(
            "messaging",
            "livestream",
            Map.of(),
            Map.of("host", "channel_moderator"),
            ConversionSettings.DeletedRooms.SKIP,
            ConversionSettings.MissingCursor.UNREAD,
            ConversionSettings.ReadState.CHATKIT,
            5000,
            false,
            Map.of());
    RoleBook book =
        new RoleBook(
            List.of(
                new ChatkitRole(
                    "mod", "room", List.of("message:create", "room:members:remove"), SRC),
                new ChatkitRole(
                    "talker",
                    "room",
                    List.of("message:create", "room:typing_indicator:create"),
                    SRC),
                new ChatkitRole("host", "room", List.of(), SRC)),
            o);
    assertEquals("channel_moderator", book.channelRole("host"));
    assertEquals("channel_moderator", book.channelRole("mod"));
    assertEquals("channel_member", book.channelRole("talker"));
    assertEquals("channel_member", book.channelRole(null));
    for (String p :
        List.of("room:members:add", "room:members:remove", "room:update", "room:delete")) {
      RoleBook one =
          new RoleBook(
              List.of(new ChatkitRole("r", "room", List.of(p), SRC)),
              ConversionSettings.defaults());
      assertEquals("channel_moderator", one.channelRole("r"), p);
    }
  }

  static ChatkitUserRole assignment(String role) {
    return new ChatkitUserRole("u", role, "global", null, SRC);
  }
}
