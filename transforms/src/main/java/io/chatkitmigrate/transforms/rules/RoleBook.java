package io.chatkitmigrate.transforms.rules;

import io.chatkitmigrate.schemas.Finding;
import io.chatkitmigrate.schemas.chatkit.ChatkitRole;
import io.chatkitmigrate.schemas.chatkit.ChatkitUserRole;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Chatkit's roles and how they become Stream's (docs/conversion.md §6). Global: {@code admin} →
 * {@code admin}, {@code default} → {@code user}, others through {@code roleMap}, unknown ones →
 * {@code user} with a warning. Room: {@code roomRoleMap} first; unmapped roles become {@code
 * channel_moderator} when they may manage members or the room, else {@code channel_member}.
 */
public final class RoleBook {
  static final Set<String> MODERATOR_PERMISSIONS =
      Set.of("room:members:add", "room:members:remove", "room:update", "room:delete");
  public static final String DEFAULT_GLOBAL = "default";

  private final Map<String, ChatkitRole> global = new HashMap<>();
  private final Map<String, ChatkitRole> room = new HashMap<>();
  private final ConversionSettings options;

  public RoleBook(List<ChatkitRole> roles, ConversionSettings options) {
    this.options = options;
    for (ChatkitRole r : roles) {
      ("room".equals(r.scope()) ? room : global).put(r.name(), r);
    }
  }

  /** A user's Stream role from the name of their global Chatkit role (null: no assignment). */
  public String userRole(String globalRoleName) {
    String name = globalRoleName == null ? DEFAULT_GLOBAL : globalRoleName;
    if (options.roleMap().containsKey(name)) {
      return options.roleMap().get(name);
    }
    return switch (name) {
      case "admin" -> "admin";
      case DEFAULT_GLOBAL -> "user";
      default -> null;
    };
  }

  /** The Stream role, or {@code user} with an {@code unknown_role} warning when nothing maps it. */
  public Converted<String> userRole(ChatkitUserRole assignment) {
    String role = userRole(assignment == null ? null : assignment.roleName());
    if (role != null) {
      return Converted.ok(role);
    }
    return Converted.ok(
        "user",
        List.of(
            Finding.of(
                "unknown_role",
                "user_roles",
                assignment.source(),
                "global role \""
                    + assignment.roleName()
                    + "\" has no Stream role (see --roleMap): the user becomes \"user\"")));
  }

  /** A member's channel role from the name of their room role (null: none). */
  public String channelRole(String roomRoleName) {
    if (roomRoleName == null) {
      return "channel_member";
    }
    if (options.roomRoleMap().containsKey(roomRoleName)) {
      return options.roomRoleMap().get(roomRoleName);
    }
    ChatkitRole role = room.getOrDefault(roomRoleName, global.get(roomRoleName));
    boolean moderates =
        role != null && role.permissions().stream().anyMatch(MODERATOR_PERMISSIONS::contains);
    return moderates ? "channel_moderator" : "channel_member";
  }

  /** The Stream role a Chatkit role maps to, for the report. */
  public String streamRoleOf(ChatkitRole role) {
    if ("room".equals(role.scope())) {
      return channelRole(role.name());
    }
    String mapped = userRole(role.name());
    return mapped == null ? "user (unmapped)" : mapped;
  }

  /**
   * Of several assignments in one scope (a user may hold one global role and one role per room),
   * the one whose record wins by {@link Latest}'s rule; there is no updated_at, so size then source
   * decide.
   */
  public static ChatkitUserRole pickAssignment(List<ChatkitUserRole> assignments) {
    return assignments.stream()
        .min(
            Comparator.<ChatkitUserRole, Long>comparing(a -> -(long) a.source().bytes())
                .thenComparing(a -> a.source().file())
                .thenComparingLong(a -> a.source().line())
                .thenComparingLong(a -> a.source().index()))
        .orElse(null);
  }
}
