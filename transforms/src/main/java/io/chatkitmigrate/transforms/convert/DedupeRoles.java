package io.chatkitmigrate.transforms.convert;

import io.chatkitmigrate.schemas.Json;
import io.chatkitmigrate.schemas.chatkit.ChatkitRole;
import io.chatkitmigrate.schemas.coders.SmileCoder;
import io.chatkitmigrate.transforms.rules.ConversionSettings;
import io.chatkitmigrate.transforms.rules.Latest;
import io.chatkitmigrate.transforms.rules.RoleBook;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.GroupByKey;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.WithKeys;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;
import org.apache.beam.sdk.values.TypeDescriptors;

/**
 * One definition per (scope, role name), and the report's line for each: Chatkit roles cannot be
 * imported, so the report says what each became. Roles are few; one key each costs nothing.
 */
public final class DedupeRoles extends PTransform<PCollection<ChatkitRole>, PCollectionTuple> {
  public static final TupleTag<ChatkitRole> ROLES = new TupleTag<>() {};
  public static final TupleTag<String> SUMMARY = new TupleTag<>() {};
  static final String ENTITY = "roles";

  private final ConversionSettings options;

  public DedupeRoles(ConversionSettings options) {
    this.options = options;
  }

  @Override
  public PCollectionTuple expand(PCollection<ChatkitRole> roles) {
    return roles
        .apply(
            "KeyByScopeAndName",
            WithKeys.of((ChatkitRole r) -> r.scope() + ":" + r.name())
                .withKeyType(TypeDescriptors.strings()))
        .setCoder(KvCoder.of(StringUtf8Coder.of(), SmileCoder.of(ChatkitRole.class)))
        .apply("GroupRoles", GroupByKey.create())
        .apply(
            "PickAndDescribe",
            ParDo.of(new PickFn(options))
                .withOutputTags(ROLES, TupleTagList.of(SUMMARY).and(Outputs.REJECTED)));
  }

  static final class PickFn extends DoFn<KV<String, Iterable<ChatkitRole>>, ChatkitRole> {
    private final ConversionSettings options;

    PickFn(ConversionSettings options) {
      this.options = options;
    }

    @ProcessElement
    public void process(@Element KV<String, Iterable<ChatkitRole>> group, MultiOutputReceiver out) {
      List<ChatkitRole> copies = new ArrayList<>();
      group.getValue().forEach(copies::add);
      ChatkitRole role = Latest.pick(copies, r -> 0L, ChatkitRole::source);
      Counters.written(ENTITY).inc();
      Counters.merged(ENTITY).inc(copies.size() - 1);
      out.get(ROLES).output(role);
      Map<String, Object> line = new LinkedHashMap<>();
      line.put("name", role.name());
      line.put("scope", role.scope());
      line.put("permissions", role.permissions());
      line.put("stream_role", new RoleBook(List.of(role), options).streamRoleOf(role));
      out.get(SUMMARY).output(Json.write(line));
    }
  }
}
