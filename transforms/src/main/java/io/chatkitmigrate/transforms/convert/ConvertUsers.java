package io.chatkitmigrate.transforms.convert;

import io.chatkitmigrate.schemas.Finding;
import io.chatkitmigrate.schemas.chatkit.ChatkitRole;
import io.chatkitmigrate.schemas.chatkit.ChatkitUser;
import io.chatkitmigrate.schemas.chatkit.ChatkitUserRole;
import io.chatkitmigrate.schemas.stream.ImportItem;
import io.chatkitmigrate.schemas.stream.StreamUser;
import io.chatkitmigrate.transforms.join.Bucket;
import io.chatkitmigrate.transforms.join.JoinById;
import io.chatkitmigrate.transforms.join.Tagged;
import io.chatkitmigrate.transforms.rules.ConversionSettings;
import io.chatkitmigrate.transforms.rules.Converted;
import io.chatkitmigrate.transforms.rules.IdMapper;
import io.chatkitmigrate.transforms.rules.Latest;
import io.chatkitmigrate.transforms.rules.RoleBook;
import io.chatkitmigrate.transforms.rules.UserRules;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
 * Users to Stream users in one shuffle, keyed by a bucket of the Stream id: copies of a user meet,
 * two Chatkit ids that would land on one Stream id meet (and are both rejected, never merged), and
 * every reference to a user meets the user, so the missing ones become placeholders.
 */
public final class ConvertUsers extends PTransform<PCollectionTuple, PCollectionTuple> {
  public static final TupleTag<ChatkitUser> USERS = new TupleTag<>() {};

  /** All user roles; only global ones are used here, room ones belong to the room stage. */
  public static final TupleTag<ChatkitUserRole> ROLES = new TupleTag<>() {};

  public static final TupleTag<String> REFERENCES = new TupleTag<>() {};

  /** Chatkit ids whose Stream id collides: their messages and memberships cannot be imported. */
  public static final TupleTag<String> COLLIDED = new TupleTag<>() {};

  static final String ENTITY = "users";
  static final String ROLE_ENTITY = "user_roles";

  private final ConversionSettings options;
  private final int groups;
  private final PCollectionView<List<ChatkitRole>> roles;

  public ConvertUsers(
      ConversionSettings options, int groups, PCollectionView<List<ChatkitRole>> roles) {
    this.options = options;
    this.groups = groups;
    this.roles = roles;
  }

  @Override
  public PCollectionTuple expand(PCollectionTuple input) {
    JoinById join =
        JoinById.inBuckets(groups)
            .and(USERS, ChatkitUser::id, byStreamId(ChatkitUser::id))
            .and(ROLES, ChatkitUserRole::userId, byStreamId(ChatkitUserRole::userId))
            .and(REFERENCES, id -> id, byStreamId(id -> id));
    return PCollectionTuple.of(USERS, input.get(USERS))
        .and(
            ROLES,
            input.get(ROLES).apply("GlobalRolesOnly", Filter.by(r -> !"room".equals(r.scope()))))
        .and(REFERENCES, input.get(REFERENCES))
        .apply("JoinByStreamId", join)
        .apply(
            "ConvertUsers",
            ParDo.of(new ConvertFn(options, roles, join.reader()))
                .withSideInputs(roles)
                .withOutputTags(
                    Outputs.USER_LINES,
                    TupleTagList.of(Outputs.ID_MAP)
                        .and(COLLIDED)
                        .and(Outputs.REJECTED)
                        .and(Outputs.WARNINGS)));
  }

  /** Two Chatkit ids that would become one Stream id must meet, to be rejected together. */
  private static <T> JoinById.Route<T> byStreamId(SerializableFunction<T, String> chatkitId) {
    return JoinById.hashOf(v -> IdMapper.userId(chatkitId.apply(v)));
  }

  /** Everything one Chatkit id has in one group. */
  private static final class Gathered {
    final List<ChatkitUser> records = new ArrayList<>(1);
    final List<ChatkitUserRole> roles = new ArrayList<>(0);
    boolean referenced;
  }

  static final class ConvertFn extends DoFn<KV<Integer, Iterable<Tagged>>, String> {
    private final ConversionSettings options;
    private final PCollectionView<List<ChatkitRole>> rolesView;
    private final JoinById.Reader join;

    ConvertFn(
        ConversionSettings options,
        PCollectionView<List<ChatkitRole>> rolesView,
        JoinById.Reader join) {
      this.options = options;
      this.rolesView = rolesView;
      this.join = join;
    }

    @ProcessElement
    public void process(ProcessContext c, MultiOutputReceiver out) {
      RoleBook book = new RoleBook(c.sideInput(rolesView), options);
      Bucket bucket = join.read(c.element().getValue());
      Map<String, Map<String, Gathered>> byStreamId = new TreeMap<>();
      for (String chatkitId : bucket.ids()) {
        Gathered g = new Gathered();
        g.records.addAll(bucket.get(chatkitId, USERS));
        g.roles.addAll(bucket.get(chatkitId, ROLES));
        g.referenced = !bucket.get(chatkitId, REFERENCES).isEmpty();
        byStreamId
            .computeIfAbsent(IdMapper.userId(chatkitId), s -> new TreeMap<>())
            .put(chatkitId, g);
      }
      byStreamId.forEach(
          (streamId, byChatkitId) -> {
            if (byChatkitId.size() > 1) {
              collide(streamId, byChatkitId, out);
            } else {
              byChatkitId.forEach((chatkitId, g) -> convert(chatkitId, streamId, g, book, out));
            }
          });
    }

    private void convert(
        String chatkitId, String streamId, Gathered g, RoleBook book, MultiOutputReceiver out) {
      if (g.records.isEmpty() && !g.referenced) {
        g.roles.forEach(
            r ->
                Emit.rejected(
                    out,
                    Finding.of(
                        "unknown_user",
                        ROLE_ENTITY,
                        r.source(),
                        "role assigned to user "
                            + chatkitId
                            + ", who is in no users file and nowhere referenced")));
        return;
      }
      ChatkitUserRole assignment = RoleBook.pickAssignment(g.roles);
      if (assignment != null) {
        Counters.written(ROLE_ENTITY).inc();
        Counters.merged(ROLE_ENTITY).inc(g.roles.size() - 1);
        if (g.roles.size() > 1) {
          Emit.warnings(
              out,
              List.of(
                  Finding.of(
                      "role_conflict",
                      ROLE_ENTITY,
                      assignment.source(),
                      "user "
                          + chatkitId
                          + " has "
                          + g.roles.size()
                          + " global roles; this one is kept")));
        }
      }
      Converted<String> role = book.userRole(assignment);
      Emit.warnings(out, role.warnings());
      Converted<StreamUser> user;
      if (g.records.isEmpty()) {
        user = UserRules.placeholder(chatkitId);
        if (!"user".equals(role.item())) {
          StreamUser p = user.item();
          user =
              Converted.ok(
                  new StreamUser(
                      p.id(),
                      role.item(),
                      p.name(),
                      p.image(),
                      p.createdAt(),
                      p.deletedAt(),
                      p.custom()),
                  user.warnings());
        }
      } else {
        ChatkitUser winner = Latest.pick(g.records, ChatkitUser::updatedAt, ChatkitUser::source);
        Counters.written(ENTITY).inc();
        Counters.merged(ENTITY).inc(g.records.size() - 1);
        user = UserRules.convert(winner, role.item());
      }
      Emit.warnings(out, user.warnings());
      out.get(Outputs.USER_LINES).output(ImportItem.of(user.item()).toJsonLine());
      Counters.items(StreamUser.ITEM_TYPE).inc();
      if (!streamId.equals(chatkitId)) {
        out.get(Outputs.ID_MAP).output(IdMapLine.of("user", chatkitId, streamId));
      }
    }

    private void collide(
        String streamId, Map<String, Gathered> byChatkitId, MultiOutputReceiver out) {
      String detail =
          "Chatkit users "
              + byChatkitId.keySet()
              + " would all become Stream user "
              + streamId
              + ": none is imported";
      byChatkitId.forEach(
          (chatkitId, g) -> {
            g.records.forEach(
                u -> Emit.rejected(out, Finding.of("id_collision", ENTITY, u.source(), detail)));
            g.roles.forEach(
                r ->
                    Emit.rejected(
                        out, Finding.of("id_collision", ROLE_ENTITY, r.source(), detail)));
            out.get(COLLIDED).output(chatkitId);
          });
    }
  }
}
