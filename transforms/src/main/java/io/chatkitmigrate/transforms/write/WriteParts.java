package io.chatkitmigrate.transforms.write;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.ListCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.EmptyMatchTreatment;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.GroupByKey;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.Reshuffle;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptors;

/**
 * The import parts written by the workers from the item shards the job wrote: the shards' names
 * (not their lines) meet in one small group that cuts the ordered sequence into runs ({@link
 * PartRuns}); each run is then written, on a worker of its own, into parts of at most {@code
 * maxPartBytes} cut only between lines, hashed and counted as they are written. Its output is one
 * {@link WrittenPart} (JSON) per part: written through a file sink, only parts of tasks that
 * succeeded are ever named, so the files of a retried task are left unnamed in the scratch folder.
 */
public final class WriteParts
    extends PTransform<PCollection<KV<String, String>>, PCollection<String>> {
  private final List<String> typeOrder;
  private final String tempPrefix;
  private final long maxPartBytes;
  private final int maxRuns;

  /**
   * @param typeOrder the item types in Stream's order; the input is (type, file of its lines)
   * @param tempPrefix where parts are written before the launcher names them
   * @param maxRuns how many workers may write parts side by side, each run costing at most one
   *     extra part
   */
  public WriteParts(List<String> typeOrder, String tempPrefix, long maxPartBytes, int maxRuns) {
    this.typeOrder = List.copyOf(typeOrder);
    this.tempPrefix = tempPrefix;
    this.maxPartBytes = maxPartBytes;
    this.maxRuns = maxRuns;
  }

  @Override
  public PCollection<String> expand(PCollection<KV<String, String>> shards) {
    KvCoder<String, String> typedFile = KvCoder.of(StringUtf8Coder.of(), StringUtf8Coder.of());
    return shards
        .apply(
            "AllShardsOneKey",
            MapElements.into(
                    TypeDescriptors.kvs(
                        TypeDescriptors.integers(),
                        TypeDescriptors.kvs(TypeDescriptors.strings(), TypeDescriptors.strings())))
                .via((KV<String, String> shard) -> KV.of(0, shard)))
        .setCoder(KvCoder.of(VarIntCoder.of(), typedFile))
        .apply("AllShards", GroupByKey.create())
        .apply("PlanRuns", ParDo.of(new PlanRunsFn(typeOrder, maxPartBytes, maxRuns)))
        .setCoder(KvCoder.of(VarIntCoder.of(), ListCoder.of(typedFile)))
        .apply("SpreadRuns", Reshuffle.of())
        .apply("WriteRuns", ParDo.of(new WriteRunFn(tempPrefix, maxPartBytes)))
        .setCoder(StringUtf8Coder.of());
  }

  /** Sizes the shards from the store's listing and cuts them into runs. */
  static final class PlanRunsFn
      extends DoFn<
          KV<Integer, Iterable<KV<String, String>>>, KV<Integer, List<KV<String, String>>>> {
    private final List<String> typeOrder;
    private final long maxPartBytes;
    private final int maxRuns;

    PlanRunsFn(List<String> typeOrder, long maxPartBytes, int maxRuns) {
      this.typeOrder = typeOrder;
      this.maxPartBytes = maxPartBytes;
      this.maxRuns = maxRuns;
    }

    @ProcessElement
    public void process(
        @Element KV<Integer, Iterable<KV<String, String>>> all,
        OutputReceiver<KV<Integer, List<KV<String, String>>>> out)
        throws IOException {
      List<KV<String, String>> typed = new ArrayList<>();
      List<String> files = new ArrayList<>();
      for (KV<String, String> shard : all.getValue()) {
        if (!typeOrder.contains(shard.getKey())) {
          throw new IllegalArgumentException("items of an unknown type: " + shard.getKey());
        }
        typed.add(shard);
        files.add(shard.getValue());
      }
      List<MatchResult> sizes = FileSystems.match(files, EmptyMatchTreatment.DISALLOW);
      List<PartRuns.Shard> shards = new ArrayList<>();
      for (int i = 0; i < typed.size(); i++) {
        String type = typed.get(i).getKey();
        shards.add(
            new PartRuns.Shard(
                typeOrder.indexOf(type),
                type,
                typed.get(i).getValue(),
                sizes.get(i).metadata().get(0).sizeBytes()));
      }
      List<List<PartRuns.Shard>> runs = PartRuns.plan(shards, maxPartBytes, maxRuns);
      for (int run = 0; run < runs.size(); run++) {
        List<KV<String, String>> inRun = new ArrayList<>();
        for (PartRuns.Shard shard : runs.get(run)) {
          inRun.add(KV.of(shard.type(), shard.file()));
        }
        out.output(KV.of(run, inRun));
      }
    }
  }

  /** Copies one run's shards, in order, into parts under names no other attempt can take. */
  static final class WriteRunFn extends DoFn<KV<Integer, List<KV<String, String>>>, String> {
    private final String tempPrefix;
    private final long maxPartBytes;

    WriteRunFn(String tempPrefix, long maxPartBytes) {
      this.tempPrefix = tempPrefix;
      this.maxPartBytes = maxPartBytes;
    }

    @ProcessElement
    public void process(
        @Element KV<Integer, List<KV<String, String>>> run, OutputReceiver<String> out)
        throws IOException {
      int number = run.getKey();
      String attempt = UUID.randomUUID().toString();
      PartWriter writer =
          new PartWriter(
              maxPartBytes,
              sequence ->
                  FileSystems.matchNewResource(
                      String.format(
                          Locale.ROOT,
                          "%s-%05d-%s-%05d.jsonl",
                          tempPrefix,
                          number,
                          attempt,
                          sequence),
                      false),
              written -> {});
      try (writer) {
        for (KV<String, String> shard : run.getValue()) {
          try (InputStream in =
              Channels.newInputStream(
                  FileSystems.open(FileSystems.matchNewResource(shard.getValue(), false)))) {
            writer.copyLines(shard.getKey(), in);
          }
        }
      }
      for (PartWriter.Written part : writer.written()) {
        out.output(
            new WrittenPart(
                    number,
                    part.sequence(),
                    part.file().toString(),
                    part.bytes(),
                    part.sha256(),
                    part.counts())
                .toJson());
      }
    }
  }
}
