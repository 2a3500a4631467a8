package io.chatkitmigrate.transforms.validate;

import io.chatkitmigrate.schemas.stream.ImportItem;
import io.chatkitmigrate.schemas.stream.validate.ItemRules;
import io.chatkitmigrate.transforms.join.Groups;
import io.chatkitmigrate.transforms.validate.Claims.Claimed;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
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
import org.apache.beam.sdk.coders.CustomCoder;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarIntCoder;
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

  /**
   * Consecutive lines of a part, numbered as the sequential validator numbers them: lines travel in
   * blocks, as each element handed between steps has a cost of its own.
   */
  record Lines(String file, long[] numbers, byte[][] lines) {}

  /** The part's name, then each line's number and bytes. */
  static final class LinesCoder extends CustomCoder<Lines> {
    @Override
    public void encode(Lines block, OutputStream os) throws IOException {
      DataOutputStream out = new DataOutputStream(os);
      out.writeUTF(block.file());
      out.writeInt(block.lines().length);
      for (int i = 0; i < block.lines().length; i++) {
        out.writeLong(block.numbers()[i]);
        out.writeInt(block.lines()[i].length);
        out.write(block.lines()[i]);
      }
      out.flush();
    }

    @Override
    public Lines decode(InputStream is) throws IOException {
      DataInputStream in = new DataInputStream(is);
      String file = in.readUTF();
      int n = in.readInt();
      long[] numbers = new long[n];
      byte[][] lines = new byte[n][];
      for (int i = 0; i < n; i++) {
        numbers[i] = in.readLong();
        lines[i] = new byte[in.readInt()];
        in.readFully(lines[i]);
      }
      return new Lines(file, numbers, lines);
    }
  }

  /** Lines a block holds at most; a block also ends after {@link #BLOCK_BYTES}. */
  static final int BLOCK_LINES = 2000;

  static final int BLOCK_BYTES = 1 << 20;

  /** The lines and type ranks of a block's items. */
  record Ranks(long[] lines, int[] ranks) implements Serializable {}

  private static final TupleTag<Lines> LINES = new TupleTag<>() {};
  private static final TupleTag<Found> PART_ERRORS = new TupleTag<>() {};
  private static final TupleTag<Found> ITEM_ERRORS = new TupleTag<>() {};
  private static final TupleTag<KV<Integer, ClaimBatch>> CLAIMS = new TupleTag<>() {};
  private static final TupleTag<KV<String, Ranks>> RANKS = new TupleTag<>() {};
  private static final TupleTag<Ranks> RANKS_OF_PART = new TupleTag<>() {};
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
    read.get(LINES).setCoder(new LinesCoder());
    read.get(PART_ERRORS).setCoder(foundCoder);

    // 1. Each item's own rules, in parallel: its errors, its claims on ids, its type's rank.
    PCollectionTuple checked =
        read.get(LINES)
            .apply("SpreadLines", Reshuffle.<Lines>viaRandomKey().withNumBuckets(groups))
            .apply(
                "ItemRules",
                ParDo.of(new CheckItems(new ItemRules(maxMessageLength), groups))
                    .withOutputTags(ITEM_ERRORS, TupleTagList.of(CLAIMS).and(RANKS)));
    checked.get(ITEM_ERRORS).setCoder(foundCoder);
    PCollection<KV<String, Ranks>> ranks =
        checked
            .get(RANKS)
            .setCoder(KvCoder.of(StringUtf8Coder.of(), SerializableCoder.of(Ranks.class)));

    // 2. References and duplicates: every claim on an id meets the others in the id's bucket.
    PCollection<Found> claimErrors =
        checked
            .get(CLAIMS)
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

  static final class ReadLines extends DoFn<FileIO.ReadableFile, Lines> {
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
      List<Long> numbers = new ArrayList<>();
      List<byte[]> lines = new ArrayList<>();
      long[] bytes = {0};
      try (InputStream in = Channels.newInputStream(file.open())) {
        LineCutter.cut(
            in,
            (line, text) -> {
              numbers.add(line);
              lines.add(text);
              bytes[0] += text.length;
              if (lines.size() >= BLOCK_LINES || bytes[0] >= BLOCK_BYTES) {
                emit(out, name, numbers, lines);
                bytes[0] = 0;
              }
              return true;
            });
      }
      emit(out, name, numbers, lines);
    }

    private static void emit(
        MultiOutputReceiver out, String file, List<Long> numbers, List<byte[]> lines) {
      if (!lines.isEmpty()) {
        out.get(LINES)
            .output(
                new Lines(
                    file,
                    numbers.stream().mapToLong(Long::longValue).toArray(),
                    lines.toArray(byte[][]::new)));
        numbers.clear();
        lines.clear();
      }
    }
  }

  /** An item's own rules; its claims go to their ids' buckets, its rank to its part. */
  static final class CheckItems extends DoFn<Lines, Found> {
    private final ItemRules rules;
    private final int groups;

    CheckItems(ItemRules rules, int groups) {
      this.rules = rules;
      this.groups = groups;
    }

    @ProcessElement
    public void process(@Element Lines block, MultiOutputReceiver out) {
      String file = block.file();
      Map<Integer, List<Claimed>> claims = new HashMap<>();
      long[] lines = new long[block.lines().length];
      int[] ranks = new int[lines.length];
      int items = 0;
      for (int l = 0; l < lines.length; l++) {
        long line = block.numbers()[l];
        ItemFacts facts = ItemFacts.of(rules, file, line, block.lines()[l]);
        if (facts.parsed()) {
          lines[items] = line;
          ranks[items++] = facts.typeIndex();
        }
        List<ItemFacts.Entry> entries = facts.entries();
        for (int i = 0; i < entries.size(); i++) {
          ItemFacts.Entry e = entries.get(i);
          // The item's errors come after its order error (place 0), in the order found.
          int seq = i + 1;
          if (e.claim() == null) {
            out.get(ITEM_ERRORS)
                .output(new Found(file, line, seq, e.kind(), e.message(), facts.type(), null));
          } else {
            Claimed c = new Claimed(file, line, seq, facts.type(), e.claim(), e.key());
            claims.computeIfAbsent(Groups.of(c.on(), groups), b -> new ArrayList<>()).add(c);
          }
        }
      }
      claims.forEach(
          (bucket, batch) -> out.get(CLAIMS).output(KV.of(bucket, new ClaimBatch(file, batch))));
      if (items > 0) {
        out.get(RANKS)
            .output(
                KV.of(file, new Ranks(Arrays.copyOf(lines, items), Arrays.copyOf(ranks, items))));
      }
    }
  }

  static final class DecideClaims extends DoFn<KV<Integer, Iterable<ClaimBatch>>, Found> {
    @ProcessElement
    public void process(
        @Element KV<Integer, Iterable<ClaimBatch>> bucket, OutputReceiver<Found> out) {
      // A group is read once: the bucket's claims are sorted by id in memory.
      Map<String, List<Claimed>> byId = new HashMap<>();
      for (ClaimBatch batch : bucket.getValue()) {
        for (Claimed c : batch.claims()) {
          byId.computeIfAbsent(c.on(), k -> new ArrayList<>(2)).add(c);
        }
      }
      for (List<Claimed> claims : byId.values()) {
        for (Claimed failed : Claims.failures(claims)) {
          out.output(failed.failure());
        }
      }
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
