package io.chatkitmigrate.transforms.validate;

import io.chatkitmigrate.schemas.stream.validate.ItemRules;
import io.chatkitmigrate.transforms.validate.Claims.Claimed;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.nio.channels.Channels;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.io.Compression;
import org.apache.beam.sdk.io.FileIO;
import org.apache.beam.sdk.io.fs.EmptyMatchTreatment;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.GroupByKey;
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
 * io.chatkitmigrate.schemas.stream.validate.ImportValidator} with the same report. Each item's own
 * rules run in parallel; references and duplicates are decided by grouping the claims on each id;
 * the order of types follows from each part's first line of each type.
 */
public final class ValidateParts extends PTransform<PBegin, PCollection<ValidationOutcome>> {
  private final String glob;
  private final int maxMessageLength;
  private final long maxPartBytes;
  private final int maxKept;

  private ValidateParts(String glob, int maxMessageLength, long maxPartBytes, int maxKept) {
    this.glob = glob;
    this.maxMessageLength = maxMessageLength;
    this.maxPartBytes = maxPartBytes;
    this.maxKept = maxKept;
  }

  public static ValidateParts of(
      String glob, int maxMessageLength, long maxPartBytes, int maxKept) {
    return new ValidateParts(glob, maxMessageLength, maxPartBytes, maxKept);
  }

  /** A line of a part, numbered as the sequential validator numbers it. */
  record Line(String file, long line, byte[] bytes) implements Serializable {}

  private static final TupleTag<Line> LINES = new TupleTag<>() {};
  private static final TupleTag<Found> PART_ERRORS = new TupleTag<>() {};
  private static final TupleTag<KV<KV<String, Long>, ItemFacts>> ITEMS = new TupleTag<>() {};
  private static final TupleTag<KV<String, Claimed>> CLAIMS = new TupleTag<>() {};
  private static final TupleTag<KV<String, KV<Integer, Long>>> RANKS = new TupleTag<>() {};
  private static final TupleTag<Integer> FAILED = new TupleTag<>() {};

  private static final KvCoder<String, Long> POSITION =
      KvCoder.of(StringUtf8Coder.of(), VarLongCoder.of());

  @Override
  public PCollection<ValidationOutcome> expand(PBegin begin) {
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
    read.get(PART_ERRORS).setCoder(SerializableCoder.of(Found.class));

    PCollectionTuple checked =
        read.get(LINES)
            .apply("SpreadLines", Reshuffle.viaRandomKey())
            .apply(
                "ItemRules",
                ParDo.of(new CheckItems(new ItemRules(maxMessageLength)))
                    .withOutputTags(ITEMS, TupleTagList.of(CLAIMS).and(RANKS)));
    PCollection<KV<KV<String, Long>, ItemFacts>> items =
        checked.get(ITEMS).setCoder(KvCoder.of(POSITION, SerializableCoder.of(ItemFacts.class)));
    PCollection<KV<String, Claimed>> claims =
        checked
            .get(CLAIMS)
            .setCoder(KvCoder.of(StringUtf8Coder.of(), SerializableCoder.of(Claimed.class)));

    PCollectionView<Map<String, FileTypes>> types =
        checked
            .get(RANKS)
            .setCoder(
                KvCoder.of(StringUtf8Coder.of(), KvCoder.of(VarIntCoder.of(), VarLongCoder.of())))
            .apply("TypesByPart", Combine.perKey(new TypesFn()))
            .setCoder(KvCoder.of(StringUtf8Coder.of(), SerializableCoder.of(FileTypes.class)))
            .apply(View.asMap());

    PCollection<KV<KV<String, Long>, Integer>> failed =
        claims
            .apply("ClaimsById", GroupByKey.create())
            .apply("DecideClaims", ParDo.of(new DecideClaims()))
            .setCoder(KvCoder.of(POSITION, VarIntCoder.of()));

    PCollection<Found> itemErrors =
        KeyedPCollectionTuple.of(ITEMS_BY_POSITION, items)
            .and(FAILED, failed)
            .apply("ByItem", CoGroupByKey.create())
            .apply("ItemErrors", ParDo.of(new ItemErrors(types)).withSideInputs(types))
            .setCoder(SerializableCoder.of(Found.class));

    return PCollectionList.of(read.get(PART_ERRORS))
        .and(itemErrors)
        .apply("AllErrors", Flatten.pCollections())
        .apply("FirstErrors", Combine.globally(new FirstErrors.Fn(maxKept)))
        .setCoder(SerializableCoder.of(FirstErrors.class))
        .apply("Report", ParDo.of(new Assemble(maxKept, types)).withSideInputs(types))
        .setCoder(SerializableCoder.of(ValidationOutcome.class));
  }

  private static final TupleTag<ItemFacts> ITEMS_BY_POSITION = new TupleTag<>() {};

  /** Cuts a part into lines exactly as the sequential validator does: on '\n', blanks skipped. */
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
        byte[] buf = new byte[1 << 16];
        int filled = 0;
        long line = 0;
        boolean end = false;
        while (!end) {
          int n = in.readNBytes(buf, filled, buf.length - filled);
          filled += n;
          end = filled < buf.length;
          int start = 0;
          for (int i = 0; i < filled; i++) {
            if (buf[i] == '\n') {
              line++;
              emit(out, name, line, buf, start, i);
              start = i + 1;
            }
          }
          if (end) {
            if (start < filled) {
              line++;
              emit(out, name, line, buf, start, filled);
            }
          } else if (start == 0) {
            buf = Arrays.copyOf(buf, buf.length * 2);
          } else {
            System.arraycopy(buf, start, buf, 0, filled - start);
            filled -= start;
          }
        }
      }
    }

    private static void emit(
        MultiOutputReceiver out, String file, long line, byte[] buf, int from, int to) {
      if (!ItemRules.blank(buf, from, to)) {
        out.get(LINES).output(new Line(file, line, Arrays.copyOfRange(buf, from, to)));
      }
    }
  }

  /** An item's own rules; its claims go to the grouping, its rank to its part's types. */
  static final class CheckItems extends DoFn<Line, KV<KV<String, Long>, ItemFacts>> {
    private final ItemRules rules;

    CheckItems(ItemRules rules) {
      this.rules = rules;
    }

    @ProcessElement
    public void process(@Element Line line, MultiOutputReceiver out) {
      ItemFacts facts = ItemFacts.of(rules, line.file(), line.line(), line.bytes());
      out.get(ITEMS).output(KV.of(KV.of(line.file(), line.line()), facts));
      if (!facts.parsed()) {
        return;
      }
      out.get(RANKS).output(KV.of(line.file(), KV.of(facts.typeIndex(), line.line())));
      List<ItemFacts.Entry> entries = facts.entries();
      for (int i = 0; i < entries.size(); i++) {
        ItemFacts.Entry e = entries.get(i);
        if (e.claim() != null) {
          out.get(CLAIMS)
              .output(
                  KV.of(
                      ItemFacts.claimKey(e.claim(), e.key()),
                      new Claimed(line.file(), line.line(), i, e.claim().defines())));
        }
      }
    }
  }

  static final class TypesFn extends Combine.CombineFn<KV<Integer, Long>, FileTypes, FileTypes> {
    @Override
    public FileTypes createAccumulator() {
      return new FileTypes();
    }

    @Override
    public FileTypes addInput(FileTypes acc, KV<Integer, Long> rankAndLine) {
      return acc.add(rankAndLine.getKey(), rankAndLine.getValue());
    }

    @Override
    public FileTypes mergeAccumulators(Iterable<FileTypes> accs) {
      FileTypes merged = new FileTypes();
      accs.forEach(merged::merge);
      return merged;
    }

    @Override
    public FileTypes extractOutput(FileTypes acc) {
      return acc;
    }
  }

  static final class DecideClaims
      extends DoFn<KV<String, Iterable<Claimed>>, KV<KV<String, Long>, Integer>> {
    @ProcessElement
    public void process(
        @Element KV<String, Iterable<Claimed>> claims,
        OutputReceiver<KV<KV<String, Long>, Integer>> out) {
      for (Claimed c : Claims.failures(claims.getValue())) {
        out.output(KV.of(KV.of(c.file(), c.line()), c.index()));
      }
    }
  }

  /** An item's errors in the order the sequential pass reports them. */
  static final class ItemErrors extends DoFn<KV<KV<String, Long>, CoGbkResult>, Found> {
    private final PCollectionView<Map<String, FileTypes>> types;
    private transient Map<String, FileTypes> orderOf;
    private transient TypeOrder order;

    ItemErrors(PCollectionView<Map<String, FileTypes>> types) {
      this.types = types;
    }

    @ProcessElement
    public void process(ProcessContext c) {
      Map<String, FileTypes> parts = c.sideInput(types);
      if (parts != orderOf) {
        order = new TypeOrder(parts);
        orderOf = parts;
      }
      Set<Integer> failed = new HashSet<>();
      c.element().getValue().getAll(FAILED).forEach(failed::add);
      for (ItemFacts item : c.element().getValue().getAll(ITEMS_BY_POSITION)) {
        for (Found f : errors(item, order, failed)) {
          c.output(f);
        }
      }
    }
  }

  /** The errors of one item, given the order of the import and which of its claims failed. */
  static List<Found> errors(ItemFacts item, TypeOrder order, Set<Integer> failedClaims) {
    List<Found> found = new java.util.ArrayList<>();
    if (item.parsed()) {
      int before = order.highestBefore(item.file(), item.line());
      if (item.typeIndex() < before) {
        found.add(
            found(
                item,
                0,
                "order",
                item.type()
                    + " after "
                    + io.chatkitmigrate.schemas.stream.ImportItem.TYPE_ORDER.get(before)
                    + ": items must come in the order "
                    + io.chatkitmigrate.schemas.stream.ImportItem.TYPE_ORDER));
      }
    }
    List<ItemFacts.Entry> entries = item.entries();
    for (int i = 0; i < entries.size(); i++) {
      ItemFacts.Entry e = entries.get(i);
      if (e.claim() == null || failedClaims.contains(i)) {
        found.add(found(item, i + 1, e.kind(), e.errorMessage()));
      }
    }
    return found;
  }

  private static Found found(ItemFacts item, int seq, String kind, String message) {
    return new Found(item.file(), item.line(), seq, kind, message, item.type(), item.bytes());
  }

  static final class Assemble extends DoFn<FirstErrors, ValidationOutcome> {
    private final int maxKept;
    private final PCollectionView<Map<String, FileTypes>> types;

    Assemble(int maxKept, PCollectionView<Map<String, FileTypes>> types) {
      this.maxKept = maxKept;
      this.types = types;
    }

    @ProcessElement
    public void process(ProcessContext c) {
      c.output(new ValidationOutcome(maxKept, c.element(), c.sideInput(types)));
    }
  }
}
