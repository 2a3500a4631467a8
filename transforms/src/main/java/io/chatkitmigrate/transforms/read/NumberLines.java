package io.chatkitmigrate.transforms.read;

import io.chatkitmigrate.schemas.coders.SmileCoder;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.Filter;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.GroupByKey;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;

/**
 * Gives every range of a split file the number of line ends before it, so records read in parallel
 * still report their true line. Costs one extra scan of split files only (a newline count runs far
 * faster than parsing); whole files, and arrays' ranges (their planning counted), go straight
 * through.
 */
final class NumberLines extends PTransform<PCollection<FileRange>, PCollection<FileRange>> {

  @Override
  public PCollection<FileRange> expand(PCollection<FileRange> ranges) {
    PCollection<FileRange> whole =
        ranges.apply("WholeFiles", Filter.by((FileRange r) -> r.rangeCount() == 1 || r.array()));
    PCollection<FileRange> counted =
        ranges
            .apply("SplitFiles", Filter.by((FileRange r) -> r.rangeCount() > 1 && !r.array()))
            .apply("CountLineEnds", ParDo.of(new CountLineEndsFn()))
            .setCoder(KvCoder.of(StringUtf8Coder.of(), SmileCoder.of(CountedRange.class)))
            .apply("ByFile", GroupByKey.create())
            .apply("AddUpPerFile", ParDo.of(new AddUpFn()));
    return PCollectionList.of(whole).and(counted).apply(Flatten.pCollections());
  }

  /** A range and the line ends inside it. */
  public record CountedRange(FileRange range, long lineEnds) {}

  static final class CountLineEndsFn extends DoFn<FileRange, KV<String, CountedRange>> {
    @ProcessElement
    public void process(@Element FileRange range, OutputReceiver<KV<String, CountedRange>> out)
        throws IOException {
      long count = 0;
      try (SeekableByteChannel channel =
          (SeekableByteChannel)
              FileSystems.open(FileSystems.matchNewResource(range.file(), false))) {
        channel.position(range.start());
        InputStream in = Channels.newInputStream(channel);
        byte[] buffer = new byte[1 << 16];
        long remaining = range.end() - range.start();
        while (remaining > 0) {
          int n = in.read(buffer, 0, (int) Math.min(buffer.length, remaining));
          if (n < 0) {
            break;
          }
          for (int i = 0; i < n; i++) {
            if (buffer[i] == '\n') {
              count++;
            }
          }
          remaining -= n;
        }
      }
      out.output(KV.of(range.file(), new CountedRange(range, count)));
    }
  }

  static final class AddUpFn extends DoFn<KV<String, Iterable<CountedRange>>, FileRange> {
    @ProcessElement
    public void process(
        @Element KV<String, Iterable<CountedRange>> file, OutputReceiver<FileRange> out) {
      List<CountedRange> ranges = new ArrayList<>();
      file.getValue().forEach(ranges::add);
      ranges.sort(Comparator.comparingInt(c -> c.range().rangeIndex()));
      long before = 0;
      for (CountedRange counted : ranges) {
        out.output(counted.range().withNewlinesBefore(before));
        before += counted.lineEnds();
      }
    }
  }
}
