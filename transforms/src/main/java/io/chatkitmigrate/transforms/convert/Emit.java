package io.chatkitmigrate.transforms.convert;

import io.chatkitmigrate.schemas.Finding;
import java.util.List;
import org.apache.beam.sdk.transforms.DoFn.MultiOutputReceiver;

/** Sends findings to their output and counts them, so that what is counted is what is written. */
final class Emit {
  private Emit() {}

  /** A record that is not imported: into rejected/, counted against its entity. */
  static void rejected(MultiOutputReceiver out, Finding finding) {
    out.get(Outputs.REJECTED).output(finding);
    Counters.rejected(finding.entity()).inc();
    Counters.reason("rejected", finding.reason()).inc();
  }

  /**
   * A record that is not imported but that the contract lists under warnings (cursors that fit no
   * member, docs/conversion.md §14, §17): into warnings/, counted as rejected so the accounting
   * holds, and as rejected into warnings/ so the books say where its line is.
   */
  static void warnedAndDropped(MultiOutputReceiver out, Finding finding) {
    out.get(Outputs.WARNINGS).output(finding);
    Counters.rejected(finding.entity()).inc();
    Counters.rejectedInWarnings(finding.entity(), finding.reason()).inc();
    Counters.reason("warning", finding.reason()).inc();
  }

  static void warnings(MultiOutputReceiver out, List<Finding> findings) {
    for (Finding f : findings) {
      out.get(Outputs.WARNINGS).output(f);
      Counters.reason("warning", f.reason()).inc();
    }
  }
}
