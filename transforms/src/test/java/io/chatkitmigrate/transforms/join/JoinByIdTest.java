package io.chatkitmigrate.transforms.join;

import java.util.List;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.testing.TestPipelineExtension;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** All records of one id meet, by tag, in one bucket; a route can send a record to several. */
@ExtendWith(TestPipelineExtension.class)
class JoinByIdTest {
  private static final TupleTag<String> NAMES = new TupleTag<>() {};
  private static final TupleTag<KV<String, Integer>> SCORES = new TupleTag<>() {};
  private static final TupleTag<String> NOTICES = new TupleTag<>() {};

  /** Per bucket and id, what each input had: "id names=[..] scores=[..] notices=N". */
  private static final class Describe extends DoFn<KV<Integer, Iterable<Tagged>>, String> {
    private final JoinById.Reader reader;

    Describe(JoinById.Reader reader) {
      this.reader = reader;
    }

    @ProcessElement
    public void process(@Element KV<Integer, Iterable<Tagged>> group, OutputReceiver<String> out) {
      Bucket bucket = reader.read(group.getValue());
      int notices = bucket.all(NOTICES).size();
      for (String id : bucket.ids()) {
        if (bucket.get(id, NAMES).isEmpty() && bucket.get(id, SCORES).isEmpty()) {
          continue;
        }
        out.output(
            id
                + " names="
                + bucket.get(id, NAMES).stream().sorted().toList()
                + " scores="
                + bucket.get(id, SCORES).stream().map(KV::getValue).sorted().toList()
                + " notices="
                + notices);
      }
    }
  }

  @Test
  void allRecordsOfAnIdMeetOnceByTagAndARouteToEveryBucketReachesEach(TestPipeline p) {
    PCollection<String> names = p.apply("Names", Create.of("a:1", "b:1", "a:2", "c:1"));
    PCollection<KV<String, Integer>> scores =
        p.apply(
            "Scores",
            Create.of(KV.of("a", 3), KV.of("c", 4), KV.of("a", 5), KV.of("d", 6))
                .withCoder(KvCoder.of(StringUtf8Coder.of(), VarIntCoder.of())));
    PCollection<String> notices = p.apply("Notices", Create.of("n1", "n2"));
    JoinById join =
        JoinById.inBuckets(3)
            .and(NAMES, n -> n.substring(0, 1))
            .and(SCORES, KV::getKey)
            .and(NOTICES, n -> n, JoinById.everywhere());
    PCollection<KV<Integer, Iterable<Tagged>>> joined =
        PCollectionTuple.of(NAMES, names).and(SCORES, scores).and(NOTICES, notices).apply(join);
    PAssert.that(joined.apply(ParDo.of(new Describe(join.reader()))))
        .containsInAnyOrder(
            "a names=[a:1, a:2] scores=[3, 5] notices=2",
            "b names=[b:1] scores=[] notices=2",
            "c names=[c:1] scores=[4] notices=2",
            "d names=[] scores=[6] notices=2");
    PAssert.that(joined.apply("Buckets", ParDo.of(new BucketOf())))
        .containsInAnyOrder(List.of(0, 1, 2));
    p.run().waitUntilFinish();
  }

  private static final class BucketOf extends DoFn<KV<Integer, Iterable<Tagged>>, Integer> {
    @ProcessElement
    public void process(@Element KV<Integer, Iterable<Tagged>> group, OutputReceiver<Integer> out) {
      out.output(group.getKey());
    }
  }
}
