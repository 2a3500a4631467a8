package io.chatkitmigrate.schemas.chatkit;

import io.chatkitmigrate.schemas.Source;
import io.chatkitmigrate.schemas.coders.ChatkitCoders;
import org.apache.beam.sdk.coders.DefaultCoder;

/**
 * A role assigned to a user, globally or in one room.
 *
 * @param roleName {@code role_name}, or {@code name} in some dumps
 * @param roomId set when {@code scope} is {@code room}
 */
@DefaultCoder(ChatkitCoders.UserRoleCoder.class)
public record ChatkitUserRole(
    String userId, String roleName, String scope, String roomId, Source source) {}
