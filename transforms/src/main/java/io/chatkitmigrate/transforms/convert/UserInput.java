package io.chatkitmigrate.transforms.convert;

import io.chatkitmigrate.schemas.chatkit.ChatkitUser;
import io.chatkitmigrate.schemas.chatkit.ChatkitUserRole;
import org.apache.beam.sdk.coders.DefaultCoder;

/** One of the things the user stage brings together per user: a record, a role, or a reference. */
@DefaultCoder(StageCoders.UserInputCoder.class)
public record UserInput(ChatkitUser user, ChatkitUserRole role, String reference) {
  String chatkitId() {
    return user != null ? user.id() : role != null ? role.userId() : reference;
  }
}
