package io.chatkitmigrate.transforms.validate;

import io.chatkitmigrate.schemas.coders.CompactCoder;
import io.chatkitmigrate.schemas.stream.ImportItem;
import io.chatkitmigrate.schemas.stream.validate.ItemRules;
import io.chatkitmigrate.transforms.Progress;
import io.chatkitmigrate.transforms.join.Groups;
import it.unimi.dsi.fastutil.longs.LongOpenHashSet;
import java.io.IOException;
import java.io.Serializable;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
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
import org.apache.beam.sdk.io.FileIO;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.EmptyMatchTreatment;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.GroupByKey;
import org.apache.beam.sdk.transforms.Max;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.Reshuffle;
import org.apache.beam.sdk.transforms.View;
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
 * rules run in parallel; references and duplicates are decided by grouping the keys' hashes on each
 * id (in buckets of ids, {@link Groups}), and where the hashes leave a key unclear, by making that
 * key's claims again and grouping them; the order of types is decided a part at a time, from the
 * highest type of the parts before it. Each part is cut into ranges of whole lines that workers
 * read and check where they lie, so only the ranges' descriptions are shuffled, never the items;
 * lines are placed by range and line within it ({@link Position}) until the few errors the report
 * keeps are numbered from the ranges' line counts. The kept examples are read again from their
 * parts at the end, so no step carries the items' text.
 */
public final class ValidateParts extends PTransform<PBegin, PCollection<ValidationOutcome>> {
  /** Bytes a range of a part holds, about: enough to keep a worker busy, few per part. */
  static final long RANGE_BYTES = 32L << 20;

  private final String glob;
  private final OfParts checks;

  private ValidateParts(String glob, OfParts checks) {
    this.glob = glob;
    this.checks = checks;
  }

  /**
   * The parts a glob matches, in name order.
   *
   * @param groups buckets the claims are spread over ({@link Groups#forInput})
   */
  public static ValidateParts of(
      String glob, int maxMessageLength, long maxPartBytes, int maxKept, int groups) {
    return new ValidateParts(
        glob, new OfParts(maxMessageLength, maxPartBytes, maxKept, groups, RANGE_BYTES));
  }

  /**
   * The parts of a collection of (file, size), in name order: for parts a job has just written,
   * validated in the same job.
   */
  public static OfParts ofParts(int maxMessageLength, long maxPartBytes, int maxKept, int groups) {
    return new OfParts(maxMessageLength, maxPartBytes, maxKept, groups, RANGE_BYTES);
  }

  /** The same validation with parts cut into ranges of about {@code bytes}, for tests. */
  ValidateParts withRangeBytes(long bytes) {
    return new ValidateParts(glob, checks.withRangeBytes(bytes));
  }

  @Override
  public PCollection<ValidationOutcome> expand(PBegin begin) {
    return begin
        .apply(
            "Match",
            FileIO.match().filepattern(glob).withEmptyMatchTreatment(EmptyMatchTreatment.ALLOW))
        .apply("Sizes", ParDo.of(new NameAndSize()))
        .setCoder(KvCoder.of(StringUtf8Coder.of(), VarLongCoder.of()))
        .apply("Check", checks);
  }

  static final class NameAndSize extends DoFn<MatchResult.Metadata, KV<String, Long>> {
    @ProcessElement
    public void process(@Element MatchResult.Metadata file, OutputReceiver<KV<String, Long>> out) {
      out.output(KV.of(file.resourceId().toString(), file.sizeBytes()));
    }
  }

  /** Items whose ranks travel together, at most: each element has a cost of its own. */
  static final int BLOCK_LINES = 2000;

  /**
   * Claims of a range on one bucket that travel together, at most: the grouping's cost grows with
   * the batches a bucket gathers, not only with their claims.
   */
  static final int CLAIMS_PER_BATCH = 4096;

  /**
   * References a range holds back at once, at most, so that each is sent once for all the range's
   * items that make it: a range that refers to more keys sends them and starts again.
   */
  static final int REFERENCES_HELD = 1 << 14;

  /** The positions and type ranks of a block's items. */
  record Ranks(long[] lines, int[] ranks) implements Serializable {}

  private static final TupleTag<PartRange> RANGES = new TupleTag<>() {};
  private static final TupleTag<Found> PART_ERRORS = new TupleTag<>() {};
  private static final TupleTag<Found> ITEM_ERRORS = new TupleTag<>() {};
  private static final TupleTag<KV<Integer, KeyHashes>> KEYS = new TupleTag<>() {};
  private static final TupleTag<PartRange> RANGE = new TupleTag<>() {};
  private static final TupleTag<Long> UNCLEAR = new TupleTag<>() {};
  private static final TupleTag<KV<String, Ranks>> RANKS = new TupleTag<>() {};
  private static final TupleTag<PartLines.Counted> COUNTED = new TupleTag<>() {};
  private static final TupleTag<Ranks> RANKS_OF_PART = new TupleTag<>() {};
  private static final TupleTag<Integer> HIGHEST_BEFORE = new TupleTag<>() {};
  private static final TupleTag<Found> ORDER_ERRORS = new TupleTag<>() {};
  private static final TupleTag<KV<String, FileTypes>> TYPES = new TupleTag<>() {};

  /**
   * The validation of parts given as (file, size): the parts' names order them as Stream would
   * import them.
   */
  public static final class OfParts
      extends PTransform<PCollection<KV<String, Long>>, PCollection<ValidationOutcome>> {
    private final int maxMessageLength;
    private final long maxPartBytes;
    private final int maxKept;
    private final int groups;
    private final long rangeBytes;

    private OfParts(
        int maxMessageLength, long maxPartBytes, int maxKept, int groups, long rangeBytes) {
      this.maxMessageLength = maxMessageLength;
      this.maxPartBytes = maxPartBytes;
      this.maxKept = maxKept;
      this.groups = groups;
      this.rangeBytes = rangeBytes;
    }

    OfParts withRangeBytes(long bytes) {
      return new OfParts(maxMessageLength, maxPartBytes, maxKept, groups, bytes);
    }

    @Override
    public PCollection<ValidationOutcome> expand(PCollection<KV<String, Long>> parts) {
      SerializableCoder<Found> foundCoder = SerializableCoder.of(Found.class);
      PCollectionTuple planned =
          parts.apply(
              "PlanRanges",
              ParDo.of(new PlanRanges(maxPartBytes, rangeBytes))
                  .withOutputTags(RANGES, TupleTagList.of(PART_ERRORS)));
      planned.get(RANGES).setCoder(SerializableCoder.of(PartRange.class));
      planned.get(PART_ERRORS).setCoder(foundCoder);

      // 1. Each item's own rules, in parallel where its range lies: its errors, its keys' hashes,
      // its type's rank; and each range's line count.
      PCollection<PartRange> ranges =
          planned.get(RANGES).apply("SpreadRanges", Reshuffle.viaRandomKey());
      PCollectionTuple checked =
          ranges.apply(
              "ItemRules",
              ParDo.of(new CheckRange(new ItemRules(maxMessageLength), groups))
                  .withOutputTags(ITEM_ERRORS, TupleTagList.of(KEYS).and(RANKS).and(COUNTED)));
      checked.get(ITEM_ERRORS).setCoder(foundCoder);
      PCollection<KV<String, Ranks>> ranks =
          checked.get(RANKS).setCoder(KvCoder.of(StringUtf8Coder.of(), new RanksCoder()));
      PCollectionView<Iterable<PartLines.Counted>> counted =
          checked
              .get(COUNTED)
              .setCoder(SerializableCoder.of(PartLines.Counted.class))
              .apply("LinesOfRanks", View.asIterable());

      // 2. References and duplicates: every key's hashes meet in the key's bucket; the keys they
      // leave unclear (none in a valid output) have their claims made again, in the ranges that
      // hold or refer to them, and decided as the sequential validator would.
      PCollection<KV<String, Long>> unclear =
          checked
              .get(KEYS)
              .setCoder(KvCoder.of(VarIntCoder.of(), new KeyHashes.Coder()))
              .apply("KeysById", GroupByKey.create())
              .apply("UnclearKeys", ParDo.of(new UnclearKeys()))
              .setCoder(KvCoder.of(StringUtf8Coder.of(), VarLongCoder.of()));
      PCollection<KV<String, PartRange>> rangesByName =
          ranges
              .apply("RangeNames", ParDo.of(new NameRange()))
              .setCoder(KvCoder.of(StringUtf8Coder.of(), SerializableCoder.of(PartRange.class)));
      PCollection<Found> claimErrors =
          KeyedPCollectionTuple.of(RANGE, rangesByName)
              .and(UNCLEAR, unclear)
              .apply("UnclearKeysByRange", CoGroupByKey.create())
              .apply(
                  "ClaimsOfUnclearKeys",
                  ParDo.of(new ClaimUnclearKeys(new ItemRules(maxMessageLength), groups)))
              .setCoder(KvCoder.of(VarIntCoder.of(), new ClaimBatch.Coder()))
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

      // 4. The report: every error counted, the first kept, numbered and their items read again.
      return PCollectionList.of(planned.get(PART_ERRORS))
          .and(checked.get(ITEM_ERRORS))
          .and(claimErrors)
          .and(order.get(ORDER_ERRORS))
          .apply("AllErrors", Flatten.pCollections())
          .apply("FirstErrors", Combine.globally(new FirstErrors.Fn(maxKept)))
          .setCoder(SerializableCoder.of(FirstErrors.class))
          .apply(
              "Report",
              ParDo.of(new Assemble(maxKept, types, counted)).withSideInputs(types, counted))
          .setCoder(SerializableCoder.of(ValidationOutcome.class));
    }
  }

  @SuppressWarnings("unchecked")
  private static <V> Class<TreeMap<String, V>> mapClass() {
    return (Class<TreeMap<String, V>>) (Class<?>) TreeMap.class;
  }

  /** Cuts each part into ranges; a part over the size Stream accepts is an error of its own. */
  static final class PlanRanges extends DoFn<KV<String, Long>, PartRange> {
    private final long maxPartBytes;
    private final long rangeBytes;

    PlanRanges(long maxPartBytes, long rangeBytes) {
      this.maxPartBytes = maxPartBytes;
      this.rangeBytes = rangeBytes;
    }

    @ProcessElement
    public void process(@Element KV<String, Long> file, MultiOutputReceiver out)
        throws IOException {
      String name = file.getKey();
      long size = file.getValue();
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
      try (SeekableByteChannel part =
          (SeekableByteChannel) FileSystems.open(FileSystems.matchNewResource(name, false))) {
        PartRange.plan(name, size, rangeBytes, part).forEach(out.get(RANGES)::output);
      }
    }
  }

  /**
   * Items whose own rules have run, for the progress line: a long validation in the job would
   * otherwise show only the written counts standing still.
   */
  private static Counter checkedItems() {
    return Progress.tallied(Metrics.counter("validation", "checked_items"), CHECKED_TALLY);
  }

  /** The progress tally of {@link #checkedItems()}. */
  public static final String CHECKED_TALLY = "checked items";

  /**
   * Reads a range and checks each of its items: errors out, claims to their ids' buckets and ranks
   * to their part, a block of lines at a time; then the range's line count.
   */
  static final class CheckRange extends DoFn<PartRange, Found> {
    private final ItemRules rules;
    private final int groups;

    CheckRange(ItemRules rules, int groups) {
      this.rules = rules;
      this.groups = groups;
    }

    @ProcessElement
    public void process(@Element PartRange range, MultiOutputReceiver out) throws IOException {
      Block block = new Block(range);
      long lineEnds =
          eachLine(
              range,
              (line, bytes) -> {
                block.check(Position.of(range.index(), line), bytes, out);
                if (block.items >= BLOCK_LINES) {
                  block.emitRanks(out);
                }
              });
      block.emitRanks(out);
      block.keys.finish((bucket, keys) -> out.get(KEYS).output(KV.of(bucket, keys)));
      out.get(COUNTED)
          .output(new PartLines.Counted(range.file(), range.index(), range.start(), lineEnds));
    }

    /** The keys of the range, and the ranks of the current block. */
    private final class Block {
      private final String file;
      private final RangeKeys keys;
      private final Counter checked = checkedItems();
      private long[] lines = new long[BLOCK_LINES];
      private int[] ranks = new int[BLOCK_LINES];
      private int items;

      Block(PartRange range) {
        this.file = range.file();
        this.keys = new RangeKeys(range, groups);
      }

      void check(long line, byte[] bytes, MultiOutputReceiver out) {
        ItemFacts facts = ItemFacts.of(rules, file, line, bytes);
        if (facts.parsed()) {
          lines[items] = line;
          ranks[items++] = facts.typeIndex();
        }
        List<ItemFacts.Entry> entries = facts.entries();
        for (int i = 0; i < entries.size(); i++) {
          ItemFacts.Entry e = entries.get(i);
          if (e.claim() == null) {
            // The item's errors come after its order error (place 0), in the order found.
            out.get(ITEM_ERRORS)
                .output(new Found(file, line, i + 1, e.kind(), e.message(), facts.type(), null));
          }
        }
        keys.item(facts);
      }

      void emitRanks(MultiOutputReceiver out) {
        if (items > 0) {
          checked.inc(items);
          out.get(RANKS)
              .output(
                  KV.of(file, new Ranks(Arrays.copyOf(lines, items), Arrays.copyOf(ranks, items))));
        }
        items = 0;
      }
    }
  }

  /** Where a range's lines go, each with its number in the range. */
  interface LineReceiver {
    void line(long number, byte[] bytes) throws IOException;
  }

  /** Reads a range's lines that are not blank; returns the line ends read. */
  static long eachLine(PartRange range, LineReceiver receiver) throws IOException {
    try (SeekableByteChannel part =
        (SeekableByteChannel) FileSystems.open(FileSystems.matchNewResource(range.file(), false))) {
      part.position(range.start());
      return LineCutter.cut(
          range.bytes(Channels.newInputStream(part)),
          (line, bytes) -> {
            receiver.line(line, bytes);
            return true;
          });
    }
  }

  /** The keys of one bucket the hashes leave unclear, by the range that must claim them again. */
  static final class UnclearKeys extends DoFn<KV<Integer, Iterable<KeyHashes>>, KV<String, Long>> {
    @ProcessElement
    public void process(
        @Element KV<Integer, Iterable<KeyHashes>> bucket, OutputReceiver<KV<String, Long>> out) {
      KeyChecks.unclear(bucket.getValue(), (range, hash) -> out.output(KV.of(range, hash)));
    }
  }

  /**
   * Ranges read again, for the keys the hashes left unclear: none when the output is valid. Counted
   * so that tests can tell a valid output costs no second reading.
   */
  static final String RANGES_READ_AGAIN = "ranges_read_again";

  /**
   * Reads again a range that holds or refers to keys the hashes left unclear, and sends the claims
   * its items make on those keys, and only those, to their buckets.
   */
  static final class ClaimUnclearKeys
      extends DoFn<KV<String, CoGbkResult>, KV<Integer, ClaimBatch>> {
    private final ItemRules rules;
    private final int groups;
    private final Counter readAgain = Metrics.counter("validation", RANGES_READ_AGAIN);

    ClaimUnclearKeys(ItemRules rules, int groups) {
      this.rules = rules;
      this.groups = groups;
    }

    @ProcessElement
    public void process(
        @Element KV<String, CoGbkResult> named, OutputReceiver<KV<Integer, ClaimBatch>> out)
        throws IOException {
      LongOpenHashSet keys = new LongOpenHashSet();
      named.getValue().getAll(UNCLEAR).forEach(keys::add);
      if (keys.isEmpty()) {
        return;
      }
      PartRange range = named.getValue().getOnly(RANGE);
      readAgain.inc();
      RangeClaims claims =
          new RangeClaims(
              range.file(),
              groups,
              CLAIMS_PER_BATCH,
              REFERENCES_HELD,
              keys::contains,
              (bucket, batch) -> out.output(KV.of(bucket, batch)));
      eachLine(
          range,
          (line, bytes) ->
              claims.item(
                  ItemFacts.of(rules, range.file(), Position.of(range.index(), line), bytes)));
      claims.finish();
    }
  }

  /** Each range by its name, to meet the keys left unclear in it. */
  static final class NameRange extends DoFn<PartRange, KV<String, PartRange>> {
    @ProcessElement
    public void process(@Element PartRange range, OutputReceiver<KV<String, PartRange>> out) {
      out.output(KV.of(KeyHashes.nameOf(range), range));
    }
  }

  /** A block's positions as growing varints, its ranks a byte each: ranks are one per item. */
  static final class RanksCoder extends CompactCoder<Ranks> {
    @Override
    public void write(Ranks ranks, Out out) {
      out.varLong(ranks.lines().length);
      long previous = 0;
      for (int i = 0; i < ranks.lines().length; i++) {
        out.varLong(ranks.lines()[i] - previous);
        previous = ranks.lines()[i];
        out.small(ranks.ranks()[i]);
      }
    }

    @Override
    public Ranks read(In in) throws IOException {
      int n = in.varInt();
      long[] lines = new long[n];
      int[] ranks = new int[n];
      long previous = 0;
      for (int i = 0; i < n; i++) {
        lines[i] = previous + in.varLong();
        previous = lines[i];
        ranks[i] = in.small();
      }
      return new Ranks(lines, ranks);
    }
  }

  static final class DecideClaims extends DoFn<KV<Integer, Iterable<ClaimBatch>>, Found> {
    @ProcessElement
    public void process(
        @Element KV<Integer, Iterable<ClaimBatch>> bucket, OutputReceiver<Found> out) {
      Claims.decide(bucket.getValue(), failed -> out.output(failed.failure()));
    }
  }

  static final class RankOnly extends DoFn<KV<String, Ranks>, KV<String, Integer>> {
    @ProcessElement
    public void process(@Element KV<String, Ranks> ranks, OutputReceiver<KV<String, Integer>> out) {
      out.output(KV.of(ranks.getKey(), Arrays.stream(ranks.getValue().ranks()).max().orElse(-1)));
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
      for (Ranks batch : part.getValue().getAll(RANKS_OF_PART)) {
        for (int i = 0; i < batch.lines().length; i++) {
          if (n == lines.length) {
            lines = Arrays.copyOf(lines, 2 * n);
            ranks = Arrays.copyOf(ranks, 2 * n);
          }
          lines[n] = batch.lines()[i];
          ranks[n] = batch.ranks()[i];
          types.add(ranks[n], lines[n]);
          n++;
        }
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

  /** The outcome, the kept errors numbered in their parts and their items read again. */
  static final class Assemble extends DoFn<FirstErrors, ValidationOutcome> {
    private final int maxKept;
    private final PCollectionView<TreeMap<String, FileTypes>> types;
    private final PCollectionView<Iterable<PartLines.Counted>> counted;

    Assemble(
        int maxKept,
        PCollectionView<TreeMap<String, FileTypes>> types,
        PCollectionView<Iterable<PartLines.Counted>> counted) {
      this.maxKept = maxKept;
      this.types = types;
      this.counted = counted;
    }

    @ProcessElement
    public void process(ProcessContext c) throws IOException {
      PartLines lines = new PartLines(c.sideInput(counted));
      FirstErrors errors =
          c.element()
              .renumbered(lines::line)
              .withItems((file, numbers) -> readLines(file, numbers, lines));
      c.output(new ValidationOutcome(maxKept, errors, c.sideInput(types)));
    }

    /** The lines of a part with these numbers, read from the range that holds the first. */
    static Map<Long, byte[]> readLines(String file, Set<Long> numbers, PartLines lines)
        throws IOException {
      Map<Long, byte[]> found = new HashMap<>();
      long first = numbers.stream().mapToLong(Long::longValue).min().orElse(1);
      long last = numbers.stream().mapToLong(Long::longValue).max().orElse(0);
      long[] from = lines.readFrom(file, first);
      try (SeekableByteChannel part =
          (SeekableByteChannel) FileSystems.open(FileSystems.matchNewResource(file, false))) {
        part.position(from[0]);
        LineCutter.cut(
            Channels.newInputStream(part),
            (local, bytes) -> {
              long line = from[1] + local;
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
