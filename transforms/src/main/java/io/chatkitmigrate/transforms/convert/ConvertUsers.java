package io.chatkitmigrate.transforms.convert;

import io.chatkitmigrate.schemas.Finding;
import io.chatkitmigrate.schemas.chatkit.ChatkitRole;
import io.chatkitmigrate.schemas.chatkit.ChatkitUser;
import io.chatkitmigrate.schemas.chatkit.ChatkitUserRole;
import io.chatkitmigrate.schemas.stream.ImportItem;
import io.chatkitmigrate.schemas.stream.StreamUser;
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
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.Filter;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.GroupByKey;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.WithKeys;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;
import org.apache.beam.sdk.values.TypeDescriptor;
import org.apache.beam.sdk.values.TypeDescriptors;

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
    TypeDescriptor<UserInput> type = TypeDescriptor.of(UserInput.class);
    PCollection<UserInput> users =
        input
            .get(USERS)
            .apply("UserRecords", MapElements.into(type).via(u -> new UserInput(u, null, null)));
    PCollection<UserInput> globalRoles =
        input
            .get(ROLES)
            .apply("GlobalRolesOnly", Filter.by(r -> !"room".equals(r.scope())))
            .apply("UserRoles", MapElements.into(type).via(r -> new UserInput(null, r, null)));
    PCollection<UserInput> references =
        input
            .get(REFERENCES)
            .apply(
                "UserReferences", MapElements.into(type).via(id -> new UserInput(null, null, id)));
    int n = groups;
    return PCollectionList.of(users)
        .and(globalRoles)
        .and(references)
        .apply("AllAboutUsers", Flatten.pCollections())
        .apply(
            "KeyByStreamId",
            WithKeys.of((UserInput u) -> Groups.of(IdMapper.userId(u.chatkitId()), n))
                .withKeyType(TypeDescriptors.integers()))
        .setCoder(KvCoder.of(VarIntCoder.of(), StageCoders.UserInputCoder.INSTANCE))
        .apply("GroupByStreamId", GroupByKey.create())
        .apply(
            "ConvertUsers",
            ParDo.of(new ConvertFn(options, roles))
                .withSideInputs(roles)
                .withOutputTags(
                    Outputs.USER_LINES,
                    TupleTagList.of(Outputs.ID_MAP)
                        .and(COLLIDED)
                        .and(Outputs.REJECTED)
                        .and(Outputs.WARNINGS)));
  }

  /** Everything one Chatkit id has in one group. */
  private static final class Gathered {
    final List<ChatkitUser> records = new ArrayList<>(1);
    final List<ChatkitUserRole> roles = new ArrayList<>(0);
    boolean referenced;
  }

  static final class ConvertFn extends DoFn<KV<Integer, Iterable<UserInput>>, String> {
    private final ConversionSettings options;
    private final PCollectionView<List<ChatkitRole>> rolesView;

    ConvertFn(ConversionSettings options, PCollectionView<List<ChatkitRole>> rolesView) {
      this.options = options;
      this.rolesView = rolesView;
    }

    @ProcessElement
    public void process(ProcessContext c, MultiOutputReceiver out) {
      RoleBook book = new RoleBook(c.sideInput(rolesView), options);
      Map<String, Map<String, Gathered>> byStreamId = new TreeMap<>();
      for (UserInput in : c.element().getValue()) {
        Gathered g =
            byStreamId
                .computeIfAbsent(IdMapper.userId(in.chatkitId()), s -> new TreeMap<>())
                .computeIfAbsent(in.chatkitId(), id -> new Gathered());
        if (in.user() != null) {
          g.records.add(in.user());
        } else if (in.role() != null) {
          g.roles.add(in.role());
        } else {
          g.referenced = true;
        }
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
