package io.chatkitmigrate.transforms.read;

import io.chatkitmigrate.schemas.Finding;
import java.io.IOException;
import java.util.List;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.values.TupleTag;

/**
 * Lists the export's files on a worker (where they are read), with what the listing found wrong.
 */
final class ListFilesFn extends DoFn<String, MatchResult.Metadata> {
  static final TupleTag<MatchResult.Metadata> FILES = new TupleTag<>() {};

  private final boolean missingShardsAllowed;

  ListFilesFn(boolean missingShardsAllowed) {
    this.missingShardsAllowed = missingShardsAllowed;
  }

  @ProcessElement
  public void process(@Element String input, MultiOutputReceiver out) throws IOException {
    ExportFiles.Listing listing = ExportFiles.list(input);
    if (!listing.exists()) {
      // The launcher refuses this before the run; a pipeline built without it must not read nothing
      // quietly.
      emit(
          List.of(Finding.forFile("unreadable_file", input, "the input does not exist")),
          ReadExport.REJECTED,
          PlanReadsFn.FILE_REJECTED,
          out);
    }
    for (ExportFiles.File f : listing.files()) {
      out.get(FILES)
          .output(
              MatchResult.Metadata.builder()
                  .setResourceId(FileSystems.matchNewResource(f.path(), false))
                  .setSizeBytes(f.size())
                  .setIsReadSeekEfficient(true)
                  .setLastModifiedMillis(0)
                  .build());
    }
    emit(listing.warnings(), ReadExport.WARNINGS, PlanReadsFn.FILE_WARNINGS, out);
    emit(listing.rejected(), ReadExport.REJECTED, PlanReadsFn.FILE_REJECTED, out);
    for (ShardGaps.Missing gap :
        ShardGaps.find(listing.files().stream().map(ExportFiles.File::path).toList())) {
      String detail =
          gap.describe()
              + (missingShardsAllowed
                  ? "; --allowMissingShards says that is expected"
                  : "; its records are not in this migration");
      Finding finding = Finding.forFile("missing_shard", gap.path(), detail);
      if (missingShardsAllowed) {
        emit(List.of(finding), ReadExport.WARNINGS, PlanReadsFn.FILE_WARNINGS, out);
      } else {
        emit(List.of(finding), ReadExport.REJECTED, PlanReadsFn.FILE_REJECTED, out);
      }
    }
  }

  private static void emit(
      List<Finding> findings,
      TupleTag<Finding> kind,
      TupleTag<Finding> tag,
      MultiOutputReceiver out) {
    for (Finding f : findings) {
      out.get(tag).output(f);
      ReadExport.countFile(kind, f.reason());
    }
  }
}
