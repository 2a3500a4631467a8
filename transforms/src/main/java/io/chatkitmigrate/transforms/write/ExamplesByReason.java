package io.chatkitmigrate.transforms.write;

import io.chatkitmigrate.schemas.Finding;
import java.io.Serializable;
import java.util.Comparator;
import java.util.List;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.Top;
import org.apache.beam.sdk.transforms.WithKeys;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptors;

/**
 * The first few findings of each reason, by where their records are in the export: the report's
 * examples, chosen by the workers so that the launcher reads a few lines, not every finding.
 */
public final class ExamplesByReason extends PTransform<PCollection<Finding>, PCollection<Finding>> {
  private final int perReason;

  public ExamplesByReason(int perReason) {
    this.perReason = perReason;
  }

  @Override
  public PCollection<Finding> expand(PCollection<Finding> findings) {
    return findings
        .apply("ByReason", WithKeys.of(Finding::reason).withKeyType(TypeDescriptors.strings()))
        .setCoder(KvCoder.of(StringUtf8Coder.of(), findings.getCoder()))
        .apply("FirstOfReason", Top.perKey(perReason, new LaterFirst()))
        .apply("Examples", ParDo.of(new Unpack()))
        .setCoder(findings.getCoder());
  }

  /** Where a finding's record is: its file, then its line, element and offset there. */
  public static final Comparator<Finding> PLACE =
      Comparator.comparing(Finding::source, Comparator.nullsFirst(Comparator.naturalOrder()))
          .thenComparing(Finding::line, Comparator.nullsFirst(Comparator.naturalOrder()))
          .thenComparing(Finding::index, Comparator.nullsFirst(Comparator.naturalOrder()))
          .thenComparing(Finding::offset, Comparator.nullsFirst(Comparator.naturalOrder()))
          .thenComparing(Finding::detail, Comparator.nullsFirst(Comparator.naturalOrder()));

  // Top keeps the greatest: the earliest place must compare greatest.
  private static final class LaterFirst implements Comparator<Finding>, Serializable {
    @Override
    public int compare(Finding a, Finding b) {
      return PLACE.compare(b, a);
    }
  }

  private static final class Unpack extends DoFn<KV<String, List<Finding>>, Finding> {
    @ProcessElement
    public void process(@Element KV<String, List<Finding>> kept, OutputReceiver<Finding> out) {
      kept.getValue().forEach(out::output);
    }
  }
}
