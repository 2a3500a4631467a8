package io.chatkitmigrate.transforms.join;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.GroupByKey;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;

/**
 * All records of one id, by tag, from several inputs: Beam's {@code CoGroupByKey} in shape, but the
 * shuffle key is a bucket of ids ({@link Groups}), not the id. Apply it to a {@link
 * PCollectionTuple} of the inputs named with {@link #and}; read each group with {@link #reader()},
 * which gives a {@link Bucket}: the bucket's ids in order, and for each its records by tag.
 *
 * <p>An input's records go to the bucket of their id's hash unless it is given a {@link Route}: the
 * message stage sends a room's messages of one second to one of the room's buckets, and what it
 * must know of the room to every one of them.
 */
public final class JoinById
    extends PTransform<PCollectionTuple, PCollection<KV<Integer, Iterable<Tagged>>>> {

  /** The buckets a record goes to, of {@code groups}. */
  @FunctionalInterface
  public interface Route<T> extends Serializable {
    int[] buckets(T value, int groups);
  }

  /** One bucket: that of this key's hash. */
  public static <T> Route<T> hashOf(SerializableFunction<T, String> key) {
    return (value, groups) -> new int[] {Groups.of(key.apply(value), groups)};
  }

  /** Every bucket: for what every id must see. */
  public static <T> Route<T> everywhere() {
    return (value, groups) -> IntStream.range(0, groups).toArray();
  }

  private record Input<T>(TupleTag<T> tag, SerializableFunction<T, String> id, Route<T> route)
      implements Serializable {}

  private final int groups;
  private final List<Input<?>> inputs;

  private JoinById(int groups, List<Input<?>> inputs) {
    this.groups = groups;
    this.inputs = inputs;
  }

  /** A join over {@code groups} buckets; add its inputs with {@link #and}. */
  public static JoinById inBuckets(int groups) {
    return new JoinById(groups, List.of());
  }

  /** The input of {@code tag}, whose records meet under {@code id}, in the bucket of its hash. */
  public <T> JoinById and(TupleTag<T> tag, SerializableFunction<T, String> id) {
    return and(tag, id, hashOf(id));
  }

  /** The input of {@code tag}, whose records meet under {@code id}, in the buckets of its route. */
  public <T> JoinById and(TupleTag<T> tag, SerializableFunction<T, String> id, Route<T> route) {
    List<Input<?>> more = new ArrayList<>(inputs);
    more.add(new Input<>(tag, id, route));
    return new JoinById(groups, List.copyOf(more));
  }

  /** What the stage's DoFn reads each group with. */
  public Reader reader() {
    return new Reader(inputs);
  }

  @Override
  public PCollection<KV<Integer, Iterable<Tagged>>> expand(PCollectionTuple input) {
    List<Coder<?>> coders = new ArrayList<>();
    for (Input<?> in : inputs) {
      coders.add(input.get(in.tag()).getCoder());
    }
    KvCoder<Integer, Tagged> coder = KvCoder.of(VarIntCoder.of(), new TaggedCoder(coders));
    PCollectionList<KV<Integer, Tagged>> all = PCollectionList.empty(input.getPipeline());
    for (int i = 0; i < inputs.size(); i++) {
      all = all.and(route(input, i).setCoder(coder));
    }
    return all.apply("AllOfThem", Flatten.pCollections()).apply("ByBucket", GroupByKey.create());
  }

  private <T> PCollection<KV<Integer, Tagged>> route(PCollectionTuple input, int i) {
    @SuppressWarnings("unchecked")
    Input<T> in = (Input<T>) inputs.get(i);
    return input.get(in.tag()).apply("Route" + i, ParDo.of(new RouteFn<>(i, in.route(), groups)));
  }

  private static final class RouteFn<T> extends DoFn<T, KV<Integer, Tagged>> {
    private final int input;
    private final Route<T> route;
    private final int groups;

    RouteFn(int input, Route<T> route, int groups) {
      this.input = input;
      this.route = route;
      this.groups = groups;
    }

    @ProcessElement
    public void process(@Element T value, OutputReceiver<KV<Integer, Tagged>> out) {
      Tagged tagged = Tagged.of(input, value);
      for (int bucket : route.buckets(value, groups)) {
        out.output(KV.of(bucket, tagged));
      }
    }
  }

  /** Reads one group of the join as a {@link Bucket}. */
  public static final class Reader implements Serializable {
    private final List<Input<?>> inputs;
    private final Map<TupleTag<?>, Integer> places = new HashMap<>();

    private Reader(List<Input<?>> inputs) {
      this.inputs = inputs;
      for (int i = 0; i < inputs.size(); i++) {
        places.put(inputs.get(i).tag(), i);
      }
    }

    public Bucket read(Iterable<Tagged> group) {
      Bucket bucket = new Bucket(places);
      for (Tagged t : group) {
        Object value = t.value();
        bucket.add(id(t.input(), value), t.input(), value);
      }
      return bucket;
    }

    @SuppressWarnings("unchecked")
    private <T> String id(int input, Object value) {
      return ((Input<T>) inputs.get(input)).id().apply((T) value);
    }
  }
}
