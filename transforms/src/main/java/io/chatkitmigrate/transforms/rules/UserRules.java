package io.chatkitmigrate.transforms.rules;

import io.chatkitmigrate.schemas.Finding;
import io.chatkitmigrate.schemas.Json;
import io.chatkitmigrate.schemas.Timestamps;
import io.chatkitmigrate.schemas.chatkit.ChatkitUser;
import io.chatkitmigrate.schemas.stream.StreamFields;
import io.chatkitmigrate.schemas.stream.StreamUser;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Chatkit users to Stream {@code user} items (docs/conversion.md §4). */
public final class UserRules {
  static final Set<String> TAKEN =
      CustomFields.union(StreamFields.USER_BUILT_IN, StreamFields.USER_RESERVED);
  static final String ENTITY = "users";

  private UserRules() {}

  /**
   * @param streamRole the Stream role already resolved from the user's global role
   */
  public static Converted<StreamUser> convert(ChatkitUser user, String streamRole) {
    List<Finding> warnings = new ArrayList<>();
    CustomFields.Result custom = CustomFields.flatten(user.customData(), TAKEN);
    Map<String, Object> fields = custom.fields();
    if (custom.tooLarge()) {
      warnings.add(
          Finding.of(
              "custom_data_too_large",
              ENTITY,
              user.source(),
              "custom_data is "
                  + custom.bytes()
                  + " bytes, over Stream's "
                  + StreamFields.MAX_CUSTOM_DATA_BYTES
                  + ": the user is imported without it"));
      fields = Map.of();
    } else if (custom.precisionWarning(ENTITY, user.source()) != null) {
      warnings.add(custom.precisionWarning(ENTITY, user.source()));
    }
    StreamUser item =
        new StreamUser(
            IdMapper.userId(user.id()),
            streamRole,
            user.name(),
            user.avatarUrl(),
            user.createdAt() == 0 ? null : Timestamps.format(user.createdAt()),
            null,
            fields);
    return Converted.ok(item, warnings);
  }

  /**
   * A user that something references but no users file holds: imported so that references hold,
   * marked, and reported.
   */
  public static Converted<StreamUser> placeholder(String chatkitId) {
    StreamUser item =
        new StreamUser(
            IdMapper.userId(chatkitId),
            "user",
            chatkitId,
            null,
            null,
            null,
            Map.of("chatkit_placeholder", true));
    Finding warning =
        new Finding(
            "placeholder_user",
            ENTITY,
            "(referenced)",
            null,
            null,
            "user "
                + chatkitId
                + " is referenced (sender, room creator, member or cursor) but in no users file:"
                + " imported as a placeholder",
            "{\"id\":" + Json.write(chatkitId) + "}",
            null);
    return Converted.ok(item, List.of(warning));
  }
}
