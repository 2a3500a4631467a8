package io.chatkitmigrate.transforms.write;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Serializable;
import java.io.Writer;
import java.nio.channels.Channels;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.io.DefaultFilenamePolicy;
import org.apache.beam.sdk.io.FileBasedSink;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.WriteFiles;
import org.apache.beam.sdk.io.fs.ResourceId;
import org.apache.beam.sdk.options.ValueProvider;
import org.apache.beam.sdk.options.ValueProvider.StaticValueProvider;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.util.MimeTypes;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.TypeDescriptors;

/**
 * Writes several collections of lines, each to its own files ({@code
 * <prefix>-SSSSS-of-NNNNN<suffix>}), through one file sink. A sink per collection repeats the whole
 * file-writing machinery (its grouping for writers past the limit, temporary files, the
 * finalisation that names them: about fifteen steps on Flink) for every one of them; one sink
 * writes them all, tagging each line with the small number of its target. Its output is each file
 * it named, with its target's name, once named: only files of tasks that succeeded.
 */
public final class WriteLineFiles
    extends PTransform<PCollectionList<String>, PCollection<KV<String, String>>> {
  /** Where the lines of one collection go. */
  public record Target(String name, String prefix, String suffix) implements Serializable {}

  private final String tempDirectory;
  private final List<Target> targets;

  /** The i-th collection of the input list goes to the i-th target. */
  public WriteLineFiles(String tempDirectory, List<Target> targets) {
    this.tempDirectory = tempDirectory;
    this.targets = List.copyOf(targets);
  }

  /**
   * @param tempDirectory where files are written before they are moved to their names
   */
  public static Plan plan(String tempDirectory) {
    return new Plan(tempDirectory);
  }

  /**
   * Each collection named together with its target, so that no list order can pair them wrongly.
   */
  public static final class Plan {
    private final String tempDirectory;
    private final List<Target> targets = new ArrayList<>();
    private final List<PCollection<String>> lines = new ArrayList<>();
    private final List<Target> ownTargets = new ArrayList<>();
    private final List<PCollection<String>> ownLines = new ArrayList<>();

    private Plan(String tempDirectory) {
      this.tempDirectory = tempDirectory;
    }

    /** The lines go to files named {@code <prefix>-SSSSS-of-NNNNN<suffix>}. */
    public Plan add(String name, PCollection<String> collection, String prefix, String suffix) {
      targets.add(new Target(name, prefix, suffix));
      lines.add(collection);
      return this;
    }

    /**
     * The lines go to files of their own through a sink of their own. Lines bound for the shared
     * sink cross an exchange to it (a step with several inputs cannot be chained to any of them);
     * these are written in the step that makes them. For the one collection that holds most of the
     * bytes.
     */
    public Plan addWithOwnSink(
        String name, PCollection<String> collection, String prefix, String suffix) {
      ownTargets.add(new Target(name, prefix, suffix));
      ownLines.add(collection);
      return this;
    }

    /**
     * Writes the shared sink's collections in {@code stepName}, each other one in Write + its name.
     *
     * @return every file written, as (target name, file name), once it has its name
     */
    public PCollection<KV<String, String>> write(String stepName) {
      if (lines.isEmpty() && ownLines.isEmpty()) {
        throw new IllegalStateException("nothing to write");
      }
      Pipeline pipeline = (lines.isEmpty() ? ownLines : lines).get(0).getPipeline();
      PCollectionList<KV<String, String>> written = PCollectionList.empty(pipeline);
      if (!lines.isEmpty()) {
        written =
            written.and(
                PCollectionList.of(lines)
                    .apply(stepName, new WriteLineFiles(tempDirectory, targets)));
      }
      for (int i = 0; i < ownLines.size(); i++) {
        Target target = ownTargets.get(i);
        written =
            written.and(
                PCollectionList.of(ownLines.get(i))
                    .apply(
                        "Write" + target.name(),
                        new WriteLineFiles(tempDirectory, List.of(target))));
      }
      return written.size() == 1
          ? written.get(0)
          : written.apply(stepName + "Named", Flatten.pCollections());
    }
  }

  @Override
  public PCollection<KV<String, String>> expand(PCollectionList<String> input) {
    if (input.size() != targets.size()) {
      throw new IllegalArgumentException(
          input.size() + " collections of lines for " + targets.size() + " targets");
    }
    PCollectionList<KV<Integer, String>> tagged = PCollectionList.empty(input.getPipeline());
    for (int i = 0; i < targets.size(); i++) {
      int target = i;
      tagged =
          tagged.and(
              input
                  .get(i)
                  .apply(
                      "Tag" + targets.get(i).name(),
                      MapElements.into(
                              TypeDescriptors.kvs(
                                  TypeDescriptors.integers(), TypeDescriptors.strings()))
                          .via((String line) -> KV.of(target, line)))
                  .setCoder(KvCoder.of(VarIntCoder.of(), StringUtf8Coder.of())));
    }
    // WriteFiles rather than FileIO.writeDynamic: FileIO writes by window, and on Flink each task
    // then finalises its own files, numbering them "of N" for its own count, so two tasks' files of
    // one target can take the same name and one overwrite the other. Unwindowed, all are named at
    // once.
    PCollection<KV<Integer, String>> all =
        tagged.size() == 1 ? tagged.get(0) : tagged.apply("AllLines", Flatten.pCollections());
    List<Target> named = targets;
    return all.apply(
            "WriteFiles",
            WriteFiles.to(
                new LinesSink(
                    StaticValueProvider.of(FileSystems.matchNewResource(tempDirectory, true)),
                    new Destinations(targets))))
        .getPerDestinationOutputFilenames()
        .apply(
            "Named",
            MapElements.into(
                    TypeDescriptors.kvs(TypeDescriptors.strings(), TypeDescriptors.strings()))
                .via(
                    (KV<Integer, String> file) ->
                        KV.of(named.get(file.getKey()).name(), file.getValue())))
        .setCoder(KvCoder.of(StringUtf8Coder.of(), StringUtf8Coder.of()));
  }

  /** Each line to the files of the target it is tagged with. */
  static final class Destinations
      extends FileBasedSink.DynamicDestinations<KV<Integer, String>, Integer, String> {
    private final List<Target> targets;

    Destinations(List<Target> targets) {
      this.targets = targets;
    }

    @Override
    public String formatRecord(KV<Integer, String> line) {
      return line.getValue();
    }

    @Override
    public Integer getDestination(KV<Integer, String> line) {
      return line.getKey();
    }

    /** Where an empty file goes when there is nothing at all to write. */
    @Override
    public Integer getDefaultDestination() {
      return 0;
    }

    @Override
    public Coder<Integer> getDestinationCoder() {
      return VarIntCoder.of();
    }

    @Override
    public FileBasedSink.FilenamePolicy getFilenamePolicy(Integer target) {
      Target t = targets.get(target);
      return DefaultFilenamePolicy.fromStandardParameters(
          StaticValueProvider.of(FileSystems.matchNewResource(t.prefix(), false)),
          null,
          t.suffix(),
          false);
    }
  }

  /** Lines of UTF-8 text, each ended by a line feed. */
  static final class LinesSink extends FileBasedSink<KV<Integer, String>, Integer, String> {
    LinesSink(ValueProvider<ResourceId> tempDirectory, Destinations destinations) {
      super(tempDirectory, destinations);
    }

    @Override
    public WriteOperation<Integer, String> createWriteOperation() {
      return new WriteOperation<>(this) {
        @Override
        public Writer<Integer, String> createWriter() {
          return new LinesWriter(this);
        }
      };
    }
  }

  static final class LinesWriter extends FileBasedSink.Writer<Integer, String> {
    private Writer out;

    LinesWriter(FileBasedSink.WriteOperation<Integer, String> operation) {
      super(operation, MimeTypes.TEXT);
    }

    @Override
    protected void prepareWrite(WritableByteChannel channel) {
      out =
          new BufferedWriter(
              new OutputStreamWriter(Channels.newOutputStream(channel), StandardCharsets.UTF_8),
              1 << 16);
    }

    @Override
    public void write(String line) throws IOException {
      out.write(line);
      out.write('\n');
    }

    @Override
    protected void finishWrite() throws IOException {
      out.flush();
    }
  }
}
