package io.chatkitmigrate.transforms.convert;

import static io.chatkitmigrate.transforms.convert.StageRuns.at;
import static io.chatkitmigrate.transforms.convert.StageRuns.findings;
import static io.chatkitmigrate.transforms.convert.StageRuns.items;

import io.chatkitmigrate.schemas.chatkit.ChatkitRole;
import io.chatkitmigrate.schemas.chatkit.ChatkitUser;
import io.chatkitmigrate.schemas.chatkit.ChatkitUserRole;
import io.chatkitmigrate.transforms.rules.ConversionSettings;
import io.chatkitmigrate.transforms.rules.IdMapper;
import java.util.List;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.testing.TestPipelineExtension;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The user stage on its own: copies merged, placeholders, collisions, unknown roles. */
@ExtendWith(TestPipelineExtension.class)
class ConvertUsersTest {
  @Test
  void joinsUsersRolesAndReferencesByIdThenAppliesTheRules(TestPipeline p) {
    String spaced = "a b";
    String lookalike = IdMapper.userId(spaced);
    List<ChatkitUser> users =
        List.of(
            new ChatkitUser("alice", "Old Alice", null, null, 1L, 1L, at("users.ndjson", 1)),
            new ChatkitUser("alice", "Alice", null, null, 1L, 2L, at("users.ndjson", 2)),
            new ChatkitUser(spaced, "Spaced", null, null, 1L, 1L, at("users.ndjson", 3)),
            new ChatkitUser(lookalike, "Lookalike", null, null, 1L, 1L, at("users.ndjson", 4)),
            new ChatkitUser("carol", "Carol", null, null, 1L, 1L, at("users.ndjson", 5)));
    List<ChatkitUserRole> roles =
        List.of(
            new ChatkitUserRole("alice", "admin", "global", null, at("roles.ndjson", 1)),
            new ChatkitUserRole("ghost", "admin", "global", null, at("roles.ndjson", 2)),
            new ChatkitUserRole("alice", "mod", "room", "r1", at("roles.ndjson", 3)),
            new ChatkitUserRole(lookalike, "admin", "global", null, at("roles.ndjson", 4)));
    PCollectionTuple out =
        PCollectionTuple.of(ConvertUsers.USERS, p.apply("Users", Create.of(users)))
            .and(ConvertUsers.ROLES, p.apply("UserRoles", Create.of(roles)))
            .and(ConvertUsers.REFERENCES, p.apply("References", Create.of("bob", "alice")))
            .apply(
                new ConvertUsers(
                    ConversionSettings.defaults(),
                    4,
                    StageRuns.roleBook(
                        p, new ChatkitRole("admin", "global", List.of(), at("r.ndjson", 1)))));

    PAssert.that(items("UserItems", out.get(Outputs.USER_LINES), "id", "name", "role"))
        .containsInAnyOrder("alice Alice admin", "bob bob user", "carol Carol user");
    PAssert.that(out.get(ConvertUsers.COLLIDED)).containsInAnyOrder(spaced, lookalike);
    PAssert.that(out.get(Outputs.ID_MAP)).empty();
    PAssert.that(findings("Rejected", out.get(Outputs.REJECTED)))
        .containsInAnyOrder(
            "unknown_user user_roles roles.ndjson:2",
            "id_collision users users.ndjson:3",
            "id_collision users users.ndjson:4",
            "id_collision user_roles roles.ndjson:4");
    PAssert.that(findings("Warnings", out.get(Outputs.WARNINGS)))
        .containsInAnyOrder("placeholder_user users (referenced):null");
    p.run().waitUntilFinish();
  }
}
