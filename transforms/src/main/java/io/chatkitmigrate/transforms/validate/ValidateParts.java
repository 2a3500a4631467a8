package io.chatkitmigrate.transforms.validate;

import io.chatkitmigrate.schemas.stream.ImportItem;
import io.chatkitmigrate.schemas.stream.validate.ItemRules;
import io.chatkitmigrate.transforms.join.Groups;
import io.chatkitmigrate.transforms.validate.Claims.Claimed;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.nio.channels.Channels;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CoderRegistry;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.io.Compression;
import org.apache.beam.sdk.io.FileIO;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.EmptyMatchTreatment;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.GroupByKey;
import org.apache.beam.sdk.transforms.Max;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.Reshuffle;
import org.apache.beam.sdk.transforms.join.CoGbkResult;
import org.apache.beam.sdk.transforms.join.CoGroupByKey;
import org.apache.beam.sdk.transforms.join.KeyedPCollectionTuple;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;

/**
 * The import validator as a pipeline: the parts a glob matches, in name order as Stream would
 * import them, checked against the same rules as {@link
 * io.chatkitmigrate.schemas.stream.validate.ImportValidator}, with the same report. Each item's own
 * rules run in parallel; references and duplicates are decided by grouping the claims on each id
 * (in buckets of ids, {@link Groups}); the order of types is decided a part at a time, from the
 * highest type of the parts before it. The kept examples are read again from their parts at the
 * end, so no step carries the items' text.
 */
public final class ValidateParts extends PTransform<PBegin, PCollection<ValidationOutcome>> {
  private final String glob;
  private final int maxMessageLength;
  private final long maxPartBytes;
  private final int maxKept;
  private final int groups;

  private ValidateParts(
      String glob, int maxMessageLength, long maxPartBytes, int maxKept, int groups) {
    this.glob = glob;
    this.maxMessageLength = maxMessageLength;
    this.maxPartBytes = maxPartBytes;
    this.maxKept = maxKept;
    this.groups = groups;
  }

  /**
   * @param groups buckets the lines and the claims are spread over ({@link Groups#forInput})
   */
  public static ValidateParts of(
      String glob, int maxMessageLength, long maxPartBytes, int maxKept, int groups) {
    return new ValidateParts(glob, maxMessageLength, maxPartBytes, maxKept, groups);
  }

  /** A line of a part, numbered as the sequential validator numbers it. */
  record Line(String file, long line, byte[] bytes) implements Serializable {}

  private static final TupleTag<Line> LINES = new TupleTag<>() {};
  private static final TupleTag<Found> PART_ERRORS = new TupleTag<>() {};
  private static final TupleTag<Found> ITEM_ERRORS = new TupleTag<>() {};
  private static final TupleTag<KV<Integer, Claimed>> CLAIMS = new TupleTag<>() {};
  private static final TupleTag<KV<String, KV<Long, Integer>>> RANKS = new TupleTag<>() {};
  private static final TupleTag<KV<Long, Integer>> RANKS_OF_PART = new TupleTag<>() {};
  private static final TupleTag<Integer> HIGHEST_BEFORE = new TupleTag<>() {};
  private static final TupleTag<Found> ORDER_ERRORS = new TupleTag<>() {};
  private static final TupleTag<KV<String, FileTypes>> TYPES = new TupleTag<>() {};

  @Override
  public PCollection<ValidationOutcome> expand(PBegin begin) {
    SerializableCoder<Found> foundCoder = SerializableCoder.of(Found.class);
    PCollectionTuple read =
        begin
            .apply(
                "Match",
                FileIO.match().filepattern(glob).withEmptyMatchTreatment(EmptyMatchTreatment.ALLOW))
            .apply("Open", FileIO.readMatches().withCompression(Compression.UNCOMPRESSED))
            .apply(
                "ReadLines",
                ParDo.of(new ReadLines(maxPartBytes))
                    .withOutputTags(LINES, TupleTagList.of(PART_ERRORS)));
    read.get(LINES).setCoder(SerializableCoder.of(Line.class));
    read.get(PART_ERRORS).setCoder(foundCoder);

    // 1. Each item's own rules, in parallel: its errors, its claims on ids, its type's rank.
    PCollectionTuple checked =
        read.get(LINES)
            .apply("SpreadLines", Reshuffle.<Line>viaRandomKey().withNumBuckets(groups))
            .apply(
                "ItemRules",
                ParDo.of(new CheckItems(new ItemRules(maxMessageLength), groups))
                    .withOutputTags(ITEM_ERRORS, TupleTagList.of(CLAIMS).and(RANKS)));
    checked.get(ITEM_ERRORS).setCoder(foundCoder);
    PCollection<KV<String, KV<Long, Integer>>> ranks =
        checked
            .get(RANKS)
            .setCoder(
                KvCoder.of(StringUtf8Coder.of(), KvCoder.of(VarLongCoder.of(), VarIntCoder.of())));

    // 2. References and duplicates: every claim on an id meets the others in the id's bucket.
    PCollection<Found> claimErrors =
        checked
            .get(CLAIMS)
            .setCoder(KvCoder.of(VarIntCoder.of(), SerializableCoder.of(Claimed.class)))
            .apply("ClaimsById", GroupByKey.create())
            .apply("DecideClaims", ParDo.of(new DecideClaims()))
            .setCoder(foundCoder);

    // 3. Order: each part's items meet the highest type of the parts before it.
    PCollection<KV<String, Integer>> highestBefore =
        ranks
            .apply("RankOnly", ParDo.of(new RankOnly()))
            .setCoder(KvCoder.of(StringUtf8Coder.of(), VarIntCoder.of()))
            .apply("HighestOfPart", Max.integersPerKey())
            .apply("AllParts", Combine.globally(new ToMap<Integer>()))
            .setCoder(SerializableCoder.of(mapClass()))
            .apply("HighestBeforePart", ParDo.of(new HighestBeforePart()))
            .setCoder(KvCoder.of(StringUtf8Coder.of(), VarIntCoder.of()));
    PCollectionTuple order =
        KeyedPCollectionTuple.of(RANKS_OF_PART, ranks)
            .and(HIGHEST_BEFORE, highestBefore)
            .apply("ByPart", CoGroupByKey.create())
            .apply(
                "DecideOrder",
                ParDo.of(new DecideOrder()).withOutputTags(ORDER_ERRORS, TupleTagList.of(TYPES)));
    order.get(ORDER_ERRORS).setCoder(foundCoder);
    PCollectionView<TreeMap<String, FileTypes>> types =
        order
            .get(TYPES)
            .setCoder(KvCoder.of(StringUtf8Coder.of(), SerializableCoder.of(FileTypes.class)))
            .apply("TypesOfParts", Combine.globally(new ToMap<FileTypes>()).asSingletonView());

    // 4. The report: every error counted, the first kept, their items read again.
    return PCollectionList.of(read.get(PART_ERRORS))
        .and(checked.get(ITEM_ERRORS))
        .and(claimErrors)
        .and(order.get(ORDER_ERRORS))
        .apply("AllErrors", Flatten.pCollections())
        .apply("FirstErrors", Combine.globally(new FirstErrors.Fn(maxKept)))
        .setCoder(SerializableCoder.of(FirstErrors.class))
        .apply("Report", ParDo.of(new Assemble(maxKept, types)).withSideInputs(types))
        .setCoder(SerializableCoder.of(ValidationOutcome.class));
  }

  @SuppressWarnings("unchecked")
  private static <V> Class<TreeMap<String, V>> mapClass() {
    return (Class<TreeMap<String, V>>) (Class<?>) TreeMap.class;
  }

  static final class ReadLines extends DoFn<FileIO.ReadableFile, Line> {
    private final long maxPartBytes;

    ReadLines(long maxPartBytes) {
      this.maxPartBytes = maxPartBytes;
    }

    @ProcessElement
    public void process(@Element FileIO.ReadableFile file, MultiOutputReceiver out)
        throws IOException {
      String name = file.getMetadata().resourceId().toString();
      long size = file.getMetadata().sizeBytes();
      if (size > maxPartBytes) {
        out.get(PART_ERRORS)
            .output(
                new Found(
                    name,
                    0,
                    0,
                    "part_too_large",
                    "file is " + size + " bytes, over the " + maxPartBytes + " a part may hold",
                    null,
                    null));
      }
      try (InputStream in = Channels.newInputStream(file.open())) {
        LineCutter.cut(
            in,
            (line, bytes) -> {
              out.get(LINES).output(new Line(name, line, bytes));
              return true;
            });
      }
    }
  }

  /** An item's own rules; its claims go to their ids' buckets, its rank to its part. */
  static final class CheckItems extends DoFn<Line, Found> {
    private final ItemRules rules;
    private final int groups;

    CheckItems(ItemRules rules, int groups) {
      this.rules = rules;
      this.groups = groups;
    }

    @ProcessElement
    public void process(@Element Line line, MultiOutputReceiver out) {
      ItemFacts facts = ItemFacts.of(rules, line.file(), line.line(), line.bytes());
      if (facts.parsed()) {
        out.get(RANKS).output(KV.of(line.file(), KV.of(line.line(), facts.typeIndex())));
      }
      List<ItemFacts.Entry> entries = facts.entries();
      for (int i = 0; i < entries.size(); i++) {
        ItemFacts.Entry e = entries.get(i);
        // The item's errors come after its order error (place 0), in the order the rules found
        // them.
        int seq = i + 1;
        if (e.claim() == null) {
          out.get(ITEM_ERRORS)
              .output(
                  new Found(
                      line.file(), line.line(), seq, e.kind(), e.message(), facts.type(), null));
        } else {
          Claimed c = new Claimed(line.file(), line.line(), seq, facts.type(), e.claim(), e.key());
          out.get(CLAIMS).output(KV.of(Groups.of(c.on(), groups), c));
        }
      }
    }
  }

  static final class DecideClaims extends DoFn<KV<Integer, Iterable<Claimed>>, Found> {
    @ProcessElement
    public void process(@Element KV<Integer, Iterable<Claimed>> bucket, OutputReceiver<Found> out) {
      // A group is read once: the bucket's claims are sorted by id in memory.
      Map<String, List<Claimed>> byId = new HashMap<>();
      for (Claimed c : bucket.getValue()) {
        byId.computeIfAbsent(c.on(), k -> new ArrayList<>(2)).add(c);
      }
      for (List<Claimed> claims : byId.values()) {
        for (Claimed failed : Claims.failures(claims)) {
          out.output(failed.failure());
        }
      }
    }
  }

  static final class RankOnly extends DoFn<KV<String, KV<Long, Integer>>, KV<String, Integer>> {
    @ProcessElement
    public void process(
        @Element KV<String, KV<Long, Integer>> rank, OutputReceiver<KV<String, Integer>> out) {
      out.output(KV.of(rank.getKey(), rank.getValue().getValue()));
    }
  }

  /** Gathers a few values by key (one per part) into one sorted map. */
  static final class ToMap<V extends Serializable>
      extends Combine.CombineFn<KV<String, V>, TreeMap<String, V>, TreeMap<String, V>> {
    @Override
    public TreeMap<String, V> createAccumulator() {
      return new TreeMap<>();
    }

    @Override
    public TreeMap<String, V> addInput(TreeMap<String, V> acc, KV<String, V> input) {
      acc.put(input.getKey(), input.getValue());
      return acc;
    }

    @Override
    public TreeMap<String, V> mergeAccumulators(Iterable<TreeMap<String, V>> accs) {
      TreeMap<String, V> merged = new TreeMap<>();
      accs.forEach(merged::putAll);
      return merged;
    }

    @Override
    public TreeMap<String, V> extractOutput(TreeMap<String, V> acc) {
      return acc;
    }

    @Override
    public Coder<TreeMap<String, V>> getAccumulatorCoder(
        CoderRegistry registry, Coder<KV<String, V>> input) {
      return SerializableCoder.of(mapClass());
    }
  }

  static final class HighestBeforePart extends DoFn<TreeMap<String, Integer>, KV<String, Integer>> {
    @ProcessElement
    public void process(
        @Element TreeMap<String, Integer> highestOfPart, OutputReceiver<KV<String, Integer>> out) {
      TypeOrder.highestBeforeEachPart(highestOfPart).forEach((f, h) -> out.output(KV.of(f, h)));
    }
  }

  /** One part's items in line order against the parts before it; and its counts by type. */
  static final class DecideOrder extends DoFn<KV<String, CoGbkResult>, Found> {
    @ProcessElement
    public void process(@Element KV<String, CoGbkResult> part, MultiOutputReceiver out) {
      String file = part.getKey();
      int highestBefore = part.getValue().getOnly(HIGHEST_BEFORE, -1);
      long[] lines = new long[1024];
      int[] ranks = new int[1024];
      int n = 0;
      FileTypes types = new FileTypes();
      for (KV<Long, Integer> item : part.getValue().getAll(RANKS_OF_PART)) {
        if (n == lines.length) {
          lines = Arrays.copyOf(lines, 2 * n);
          ranks = Arrays.copyOf(ranks, 2 * n);
        }
        lines[n] = item.getKey();
        ranks[n] = item.getValue();
        types.add(ranks[n], lines[n]);
        n++;
      }
      if (n == 0) {
        return;
      }
      for (TypeOrder.OutOfOrder o :
          TypeOrder.outOfOrder(highestBefore, Arrays.copyOf(lines, n), Arrays.copyOf(ranks, n))) {
        String type = ImportItem.TYPE_ORDER.get(o.rank());
        out.get(ORDER_ERRORS)
            .output(
                new Found(
                    file,
                    o.line(),
                    0,
                    "order",
                    type
                        + " after "
                        + ImportItem.TYPE_ORDER.get(o.highestBefore())
                        + ": items must come in the order "
                        + ImportItem.TYPE_ORDER,
                    type,
                    null));
      }
      out.get(TYPES).output(KV.of(file, types));
    }
  }

  /** The outcome, with the kept errors' items read again from their parts. */
  static final class Assemble extends DoFn<FirstErrors, ValidationOutcome> {
    private final int maxKept;
    private final PCollectionView<TreeMap<String, FileTypes>> types;

    Assemble(int maxKept, PCollectionView<TreeMap<String, FileTypes>> types) {
      this.maxKept = maxKept;
      this.types = types;
    }

    @ProcessElement
    public void process(ProcessContext c) throws IOException {
      FirstErrors errors = c.element().withItems(Assemble::readLines);
      c.output(new ValidationOutcome(maxKept, errors, c.sideInput(types)));
    }

    /** The lines of a part with these numbers. */
    static Map<Long, byte[]> readLines(String file, Set<Long> numbers) throws IOException {
      Map<Long, byte[]> found = new HashMap<>();
      long last = numbers.stream().mapToLong(Long::longValue).max().orElse(0);
      try (InputStream in =
          Channels.newInputStream(
              FileSystems.open(FileSystems.matchSingleFileSpec(file).resourceId()))) {
        LineCutter.cut(
            in,
            (line, bytes) -> {
              if (numbers.contains(line)) {
                found.put(line, bytes);
              }
              return line < last;
            });
      }
      return found;
    }
  }
}
