package io.chatkitmigrate.transforms.convert;

import io.chatkitmigrate.schemas.Finding;
import io.chatkitmigrate.schemas.Json;
import io.chatkitmigrate.schemas.Timestamps;
import io.chatkitmigrate.schemas.chatkit.ChatkitCursor;
import io.chatkitmigrate.schemas.chatkit.ChatkitRole;
import io.chatkitmigrate.schemas.chatkit.ChatkitRoom;
import io.chatkitmigrate.schemas.chatkit.ChatkitUserRole;
import io.chatkitmigrate.schemas.stream.ImportItem;
import io.chatkitmigrate.schemas.stream.StreamChannel;
import io.chatkitmigrate.schemas.stream.StreamMember;
import io.chatkitmigrate.transforms.join.Bucket;
import io.chatkitmigrate.transforms.join.JoinById;
import io.chatkitmigrate.transforms.join.Tagged;
import io.chatkitmigrate.transforms.rules.ChannelRules;
import io.chatkitmigrate.transforms.rules.ConversionSettings;
import io.chatkitmigrate.transforms.rules.Converted;
import io.chatkitmigrate.transforms.rules.IdMapper;
import io.chatkitmigrate.transforms.rules.Latest;
import io.chatkitmigrate.transforms.rules.RoleBook;
import io.chatkitmigrate.transforms.rules.RoomTimeline;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.Filter;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;

/**
 * Rooms to channels and members, with read state, joined by channel id: a room meets its copies,
 * the stamps of its written messages (id, final created_at, sender, deleted), its cursors and its
 * room roles; messages themselves never come here. Stamps stay in primitive arrays (the batches the
 * message stage sent, then the room's timeline), never as one object per message.
 */
public final class ConvertRooms extends PTransform<PCollectionTuple, PCollectionTuple> {
  public static final TupleTag<ChatkitRoom> ROOMS = new TupleTag<>() {};
  public static final TupleTag<KV<String, Stamps>> STAMPS = new TupleTag<>() {};

  /** More stamps, from a second producer: a step with two inputs is chained to neither on Flink. */
  public static final TupleTag<KV<String, Stamps>> MORE_STAMPS = new TupleTag<>() {};

  public static final TupleTag<ChatkitCursor> CURSORS = new TupleTag<>() {};

  /** All user roles; only room ones are used here. */
  public static final TupleTag<ChatkitUserRole> ROLES = new TupleTag<>() {};

  static final String ENTITY = "rooms";

  private final ConversionSettings options;
  private final int groups;
  private final PCollectionView<List<ChatkitRole>> roles;
  private final PCollectionView<List<String>> collidedUsers;
  private final PCollectionView<Boolean> hasCursors;

  public ConvertRooms(
      ConversionSettings options,
      int groups,
      PCollectionView<List<ChatkitRole>> roles,
      PCollectionView<List<String>> collidedUsers,
      PCollectionView<Boolean> hasCursors) {
    this.options = options;
    this.groups = groups;
    this.roles = roles;
    this.collidedUsers = collidedUsers;
    this.hasCursors = hasCursors;
  }

  @Override
  public PCollectionTuple expand(PCollectionTuple input) {
    JoinById join =
        JoinById.inBuckets(groups)
            .and(ROOMS, ChatkitRoom::id, byChannelId(ChatkitRoom::id))
            .and(STAMPS, KV::getKey, byChannelId(KV::getKey))
            .and(MORE_STAMPS, KV::getKey, byChannelId(KV::getKey))
            .and(CURSORS, ChatkitCursor::roomId, byChannelId(ChatkitCursor::roomId))
            .and(ROLES, ChatkitUserRole::roomId, byChannelId(ChatkitUserRole::roomId));
    return PCollectionTuple.of(ROOMS, input.get(ROOMS))
        .and(STAMPS, input.get(STAMPS))
        .and(MORE_STAMPS, input.get(MORE_STAMPS))
        .and(CURSORS, input.get(CURSORS))
        .and(
            ROLES,
            input.get(ROLES).apply("RoomRolesOnly", Filter.by(r -> "room".equals(r.scope()))))
        .apply("JoinByChannelId", join)
        .apply(
            "ChannelsMembersReadState",
            ParDo.of(new ConvertFn(options, roles, collidedUsers, hasCursors, join.reader()))
                .withSideInputs(roles, collidedUsers, hasCursors)
                .withOutputTags(
                    Outputs.CHANNEL_LINES,
                    TupleTagList.of(Outputs.MEMBER_LINES)
                        .and(Outputs.ID_MAP)
                        .and(Outputs.READ_STATE)
                        .and(Outputs.REJECTED)
                        .and(Outputs.WARNINGS)));
  }

  /** Two rooms that would become one channel id must meet, to be rejected together. */
  private static <T> JoinById.Route<T> byChannelId(SerializableFunction<T, String> roomId) {
    return JoinById.hashOf(v -> IdMapper.channelId(roomId.apply(v)));
  }

  /** Everything one room has in one group. */
  private static final class Gathered {
    final List<ChatkitRoom> records = new ArrayList<>(1);
    final RoomTimeline.Builder stamps = new RoomTimeline.Builder();
    final List<ChatkitCursor> cursors = new ArrayList<>();
    final List<ChatkitUserRole> roles = new ArrayList<>();
  }

  static final class ConvertFn extends DoFn<KV<Integer, Iterable<Tagged>>, String> {
    private final ConversionSettings options;
    private final PCollectionView<List<ChatkitRole>> rolesView;
    private final PCollectionView<List<String>> collidedView;
    private final PCollectionView<Boolean> hasCursorsView;
    private final JoinById.Reader join;

    ConvertFn(
        ConversionSettings options,
        PCollectionView<List<ChatkitRole>> roles,
        PCollectionView<List<String>> collided,
        PCollectionView<Boolean> hasCursors,
        JoinById.Reader join) {
      this.options = options;
      this.rolesView = roles;
      this.collidedView = collided;
      this.hasCursorsView = hasCursors;
      this.join = join;
    }

    @ProcessElement
    public void process(ProcessContext c, MultiOutputReceiver out) {
      Bucket bucket = join.read(c.element().getValue());
      Context ctx =
          new Context(
              colliding(bucket),
              new RoleBook(c.sideInput(rolesView), options),
              Set.copyOf(c.sideInput(collidedView)),
              c.sideInput(hasCursorsView),
              out);
      // One room's timeline at a time: a hot room's stamps are held twice only while it converts.
      for (String roomId : bucket.ids()) {
        convertRoom(roomId, gather(bucket, roomId), ctx);
      }
    }

    private static Gathered gather(Bucket bucket, String roomId) {
      Gathered g = new Gathered();
      g.records.addAll(bucket.get(roomId, ROOMS));
      for (TupleTag<KV<String, Stamps>> tag : List.of(STAMPS, MORE_STAMPS)) {
        for (KV<String, Stamps> kv : bucket.get(roomId, tag)) {
          Stamps stamps = kv.getValue();
          for (int i = 0; i < stamps.size(); i++) {
            g.stamps.add(stamps.id(i), stamps.micros(i), stamps.sender(i), stamps.deleted(i));
          }
        }
      }
      g.cursors.addAll(bucket.get(roomId, CURSORS));
      g.roles.addAll(bucket.get(roomId, ROLES));
      return g;
    }

    /**
     * The rooms of this group whose channel id another room's also becomes: the group is keyed by
     * channel id, so every such room is here. As in the room index, only rooms with a record count.
     */
    private static Set<String> colliding(Bucket bucket) {
      return RoomIndex.colliding(
          bucket.ids().stream().filter(id -> !bucket.get(id, ROOMS).isEmpty()).toList());
    }

    private record Context(
        Set<String> colliding,
        RoleBook book,
        Set<String> collided,
        boolean hasCursors,
        MultiOutputReceiver out) {}

    private void convertRoom(String roomId, Gathered g, Context ctx) {
      MultiOutputReceiver out = ctx.out();
      if (ctx.colliding().contains(roomId)) {
        String detail =
            "room "
                + roomId
                + " shares its Stream channel id "
                + IdMapper.channelId(roomId)
                + " with another room: neither is imported";
        dropAll(g, "id_collision", detail, out);
        return;
      }
      RoomTimeline timeline = g.stamps.build();
      String channelId = IdMapper.channelId(roomId);
      String channelType;
      List<String> members;
      long createdAt;
      if (!g.records.isEmpty()) {
        ChatkitRoom room = Latest.pick(g.records, ChatkitRoom::updatedAt, ChatkitRoom::source);
        Counters.merged(ENTITY).inc(g.records.size() - 1);
        Converted<StreamChannel> channel = ChannelRules.convert(room, options);
        if (channel.isRejected()) {
          Emit.rejected(out, channel.rejection());
          String detail = "room " + roomId + " is deleted and deleted rooms are skipped";
          g.cursors.forEach(
              cu -> Emit.rejected(out, Finding.of("deleted_room", "cursors", cu.source(), detail)));
          g.roles.forEach(
              r ->
                  Emit.rejected(out, Finding.of("deleted_room", "user_roles", r.source(), detail)));
          return;
        }
        Counters.written(ENTITY).inc();
        emitChannel(channel, roomId, channelId, out);
        channelType = channel.item().type();
        members = ChannelRules.members(room);
        createdAt = room.createdAt();
      } else if (timeline.written() > 0) {
        // Deleted messages are written into the channel too: the earliest of all names its creator
        // (§7).
        String earliest = timeline.earliestSender();
        Converted<StreamChannel> channel =
            ChannelRules.placeholder(roomId, earliest, timeline.firstMessageOf(earliest), options);
        emitChannel(channel, roomId, channelId, out);
        channelType = channel.item().type();
        // A placeholder room has no member list: those who wrote in it, deleted messages too, were
        // its members.
        members = timeline.senders();
        createdAt = timeline.firstMessageOf(earliest);
      } else {
        g.cursors.forEach(
            cu ->
                Emit.warnedAndDropped(
                    out,
                    Finding.of(
                        "cursor_unknown_room",
                        "cursors",
                        cu.source(),
                        "room " + roomId + " is in no rooms file and has no messages")));
        g.roles.forEach(
            r ->
                Emit.rejected(
                    out,
                    Finding.of(
                        "unknown_room",
                        "user_roles",
                        r.source(),
                        "room " + roomId + " is in no rooms file and has no messages")));
        return;
      }

      Map<String, ChatkitCursor> cursors = cursorsByMember(roomId, g.cursors, members, out);
      Map<String, ChatkitUserRole> roles = rolesByMember(roomId, g.roles, members, out);
      for (String member : members) {
        if (ctx.collided().contains(member)) {
          Emit.warnings(
              out,
              List.of(
                  new Finding(
                      "id_collision",
                      "rooms",
                      "(member list)",
                      null,
                      null,
                      "member "
                          + member
                          + " of room "
                          + roomId
                          + " shares a Stream user id with another user: not a member",
                      null,
                      null)));
          continue;
        }
        ChatkitCursor cursor = cursors.get(member);
        Long position = cursor == null ? null : cursor.position();
        Long lastRead = timeline.lastRead(member, position, ctx.hasCursors(), options);
        Long first = timeline.firstMessageOf(member);
        long memberSince = first == null ? createdAt : Math.min(createdAt, first);
        ChatkitUserRole role = roles.get(member);
        StreamMember item =
            ChannelRules.member(
                channelType,
                channelId,
                member,
                ctx.book().channelRole(role == null ? null : role.roleName()),
                memberSince,
                lastRead);
        out.get(Outputs.MEMBER_LINES).output(ImportItem.of(item).toJsonLine());
        Counters.items(StreamMember.ITEM_TYPE).inc();
        out.get(Outputs.READ_STATE)
            .output(
                readStateLine(
                    channelType + ":" + channelId,
                    member,
                    position,
                    lastRead,
                    timeline,
                    ctx.hasCursors()));
      }
    }

    private static String readStateLine(
        String cid,
        String member,
        Long position,
        Long lastRead,
        RoomTimeline timeline,
        boolean hasCursors) {
      Map<String, Object> line = new LinkedHashMap<>();
      line.put("cid", cid);
      line.put("user", member);
      line.put("cursor", position);
      line.put("last_read", lastRead == null ? null : Timestamps.format(lastRead));
      // The channel's messages in the import, deleted ones too; the unread counts leave those out.
      line.put("messages", timeline.written());
      // Without cursor files Chatkit's count is unknowable here: Stream counts everything read.
      line.put("compared", hasCursors);
      line.put("chatkit_unread", hasCursors ? timeline.chatkitUnread(position) : null);
      line.put("stream_unread", timeline.streamUnread(lastRead));
      return Json.write(line);
    }

    private void emitChannel(
        Converted<StreamChannel> channel,
        String roomId,
        String channelId,
        MultiOutputReceiver out) {
      Emit.warnings(out, channel.warnings());
      out.get(Outputs.CHANNEL_LINES).output(ImportItem.of(channel.item()).toJsonLine());
      Counters.items(StreamChannel.ITEM_TYPE).inc();
      if (!channelId.equals(roomId)) {
        out.get(Outputs.ID_MAP).output(IdMapLine.of("channel", roomId, channelId));
      }
    }

    /** One read cursor per member: the latest; cursors that fit no member go to the warnings. */
    private static Map<String, ChatkitCursor> cursorsByMember(
        String roomId, List<ChatkitCursor> all, List<String> members, MultiOutputReceiver out) {
      Set<String> memberSet = Set.copyOf(members);
      Map<String, List<ChatkitCursor>> byUser = new TreeMap<>();
      for (ChatkitCursor cu : all) {
        if (cu.cursorType() != 0) {
          Emit.warnedAndDropped(
              out,
              Finding.of(
                  "cursor_unknown_type",
                  "cursors",
                  cu.source(),
                  "cursor type " + cu.cursorType() + " is not a read cursor (type 0)"));
        } else if (!memberSet.contains(cu.userId())) {
          Emit.warnedAndDropped(
              out,
              Finding.of(
                  "cursor_non_member",
                  "cursors",
                  cu.source(),
                  "user "
                      + cu.userId()
                      + " has a cursor in room "
                      + roomId
                      + " but is not a member"));
        } else {
          byUser.computeIfAbsent(cu.userId(), u -> new ArrayList<>()).add(cu);
        }
      }
      Map<String, ChatkitCursor> picked = new HashMap<>();
      byUser.forEach(
          (user, list) -> {
            picked.put(
                user,
                Latest.pick(
                    list,
                    cu -> cu.updatedAt() == null ? 0L : cu.updatedAt(),
                    ChatkitCursor::source));
            Counters.written("cursors").inc();
            Counters.merged("cursors").inc(list.size() - 1);
          });
      return picked;
    }

    private static Map<String, ChatkitUserRole> rolesByMember(
        String roomId, List<ChatkitUserRole> all, List<String> members, MultiOutputReceiver out) {
      Set<String> memberSet = Set.copyOf(members);
      Map<String, List<ChatkitUserRole>> byUser = new TreeMap<>();
      for (ChatkitUserRole r : all) {
        if (memberSet.contains(r.userId())) {
          byUser.computeIfAbsent(r.userId(), u -> new ArrayList<>()).add(r);
        } else {
          Emit.warnedAndDropped(
              out,
              Finding.of(
                  "role_non_member",
                  "user_roles",
                  r.source(),
                  "user " + r.userId() + " has a role in room " + roomId + " but is not a member"));
        }
      }
      Map<String, ChatkitUserRole> picked = new HashMap<>();
      byUser.forEach(
          (user, list) -> {
            ChatkitUserRole kept = RoleBook.pickAssignment(list);
            picked.put(user, kept);
            Counters.written("user_roles").inc();
            Counters.merged("user_roles").inc(list.size() - 1);
            if (list.size() > 1) {
              Emit.warnings(
                  out,
                  List.of(
                      Finding.of(
                          "role_conflict",
                          "user_roles",
                          kept.source(),
                          "user "
                              + user
                              + " has "
                              + list.size()
                              + " roles in room "
                              + roomId
                              + "; this one is kept")));
            }
          });
      return picked;
    }

    private static void dropAll(Gathered g, String reason, String detail, MultiOutputReceiver out) {
      g.records.forEach(r -> Emit.rejected(out, Finding.of(reason, ENTITY, r.source(), detail)));
      g.cursors.forEach(
          cu -> Emit.rejected(out, Finding.of(reason, "cursors", cu.source(), detail)));
      g.roles.forEach(
          r -> Emit.rejected(out, Finding.of(reason, "user_roles", r.source(), detail)));
    }
  }
}
