package io.chatkitmigrate.transforms.convert;

import static io.chatkitmigrate.transforms.convert.StageRuns.at;
import static io.chatkitmigrate.transforms.convert.StageRuns.findings;
import static io.chatkitmigrate.transforms.convert.StageRuns.items;

import io.chatkitmigrate.schemas.Json;
import io.chatkitmigrate.schemas.chatkit.ChatkitCursor;
import io.chatkitmigrate.schemas.chatkit.ChatkitRole;
import io.chatkitmigrate.schemas.chatkit.ChatkitRoom;
import io.chatkitmigrate.schemas.chatkit.ChatkitUserRole;
import io.chatkitmigrate.transforms.rules.ConversionSettings;
import io.chatkitmigrate.transforms.rules.IdMapper;
import java.util.List;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.testing.TestPipelineExtension;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.View;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The room stage on its own: rooms meet their stamps, cursors and room roles; placeholders,
 * deleted, unknown and colliding rooms.
 */
@ExtendWith(TestPipelineExtension.class)
class ConvertRoomsTest {
  private static final long SECOND = 1_000_000L;
  private static final long T0 = 1_585_133_527L * SECOND;

  private static ChatkitRoom room(String id, List<String> members, Long deletedAt, long line) {
    return new ChatkitRoom(
        id, "alice", id, false, members, null, null, null, T0, T0, deletedAt, at("rooms", line));
  }

  @Test
  void joinsRoomsStampsCursorsAndRolesByIdThenAppliesTheRules(TestPipeline p) {
    String spaced = "x y";
    String lookalike = IdMapper.channelId(spaced);
    List<ChatkitRoom> rooms =
        List.of(
            room("r1", List.of("alice", "bob", "dave"), null, 1),
            room("gone", List.of("alice"), T0, 2),
            room(spaced, List.of("alice"), null, 3),
            room(lookalike, List.of("alice"), null, 4));
    List<KV<String, Stamps>> stamps =
        List.of(
            KV.of("r1", Stamps.builder().add(1, T0 + SECOND, "alice").build()),
            KV.of("r1", Stamps.builder().add(2, T0 + 2 * SECOND, "bob", true).build()));
    List<KV<String, Stamps>> moreStamps =
        List.of(KV.of("r2", Stamps.builder().add(7, T0 + 3 * SECOND, "carol").build()));
    List<ChatkitCursor> cursors =
        List.of(
            new ChatkitCursor(0, "r1", "alice", 1, T0, at("cursors", 1)),
            new ChatkitCursor(0, "gone", "alice", 1, T0, at("cursors", 2)),
            new ChatkitCursor(0, "nowhere", "alice", 1, T0, at("cursors", 3)));
    List<ChatkitUserRole> roles =
        List.of(
            new ChatkitUserRole("bob", "mod", "room", "r1", at("roles", 1)),
            new ChatkitUserRole("bob", "mod", "room", "nowhere", at("roles", 2)),
            new ChatkitUserRole("bob", "admin", "global", null, at("roles", 3)));
    PCollectionView<List<String>> collided =
        p.apply("Collided", Create.of("dave")).apply("CollidedView", View.asList());
    PCollectionView<Boolean> hasCursors =
        p.apply("HasCursors", Create.of(true)).apply("HasCursorsView", View.asSingleton());
    PCollectionTuple out =
        PCollectionTuple.of(ConvertRooms.ROOMS, p.apply("Rooms", Create.of(rooms)))
            .and(
                ConvertRooms.STAMPS,
                p.apply(
                    "Stamps",
                    Create.of(stamps)
                        .withCoder(KvCoder.of(StringUtf8Coder.of(), StampsCoder.INSTANCE))))
            .and(
                ConvertRooms.MORE_STAMPS,
                p.apply(
                    "MoreStamps",
                    Create.of(moreStamps)
                        .withCoder(KvCoder.of(StringUtf8Coder.of(), StampsCoder.INSTANCE))))
            .and(ConvertRooms.CURSORS, p.apply("Cursors", Create.of(cursors)))
            .and(ConvertRooms.ROLES, p.apply("RoomRoles", Create.of(roles)))
            .apply(
                new ConvertRooms(
                    ConversionSettings.defaults(),
                    4,
                    StageRuns.roleBook(
                        p, new ChatkitRole("mod", "room", List.of(), at("roles-def", 1))),
                    collided,
                    hasCursors));

    PAssert.that(items("Channels", out.get(Outputs.CHANNEL_LINES), "id", "type", "created_by"))
        .containsInAnyOrder("r1 livestream alice", "r2 messaging carol");
    PAssert.that(items("Members", out.get(Outputs.MEMBER_LINES), "channel_id", "user_id"))
        .containsInAnyOrder("r1 alice", "r1 bob", "r2 carol");
    PAssert.that(
            out.get(Outputs.READ_STATE)
                .apply(
                    "ReadState",
                    MapElements.into(TypeDescriptors.strings())
                        .via(
                            line ->
                                Json.tree(line).path("cid").asText()
                                    + " "
                                    + Json.tree(line).path("user").asText()
                                    + " "
                                    + Json.tree(line).path("messages").asText())))
        .containsInAnyOrder("livestream:r1 alice 2", "livestream:r1 bob 2", "messaging:r2 carol 1");
    PAssert.that(out.get(Outputs.ID_MAP)).empty();
    PAssert.that(findings("Rejected", out.get(Outputs.REJECTED)))
        .containsInAnyOrder(
            "deleted_room rooms rooms:2",
            "deleted_room cursors cursors:2",
            "id_collision rooms rooms:3",
            "id_collision rooms rooms:4",
            "unknown_room user_roles roles:2");
    PAssert.that(findings("Warnings", out.get(Outputs.WARNINGS)))
        .containsInAnyOrder(
            "id_collision rooms (member list):null",
            "cursor_unknown_room cursors cursors:3",
            "placeholder_room rooms (referenced):null");
    p.run().waitUntilFinish();
  }
}
