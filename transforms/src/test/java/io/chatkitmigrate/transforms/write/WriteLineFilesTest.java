package io.chatkitmigrate.transforms.write;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.testing.TestPipelineExtension;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Several collections of lines through one sink, each into its own files, every line once. */
@ExtendWith(TestPipelineExtension.class)
class WriteLineFilesTest {
  @TempDir Path dir;

  @Test
  void eachCollectionGoesWholeToItsOwnFilesAndNothingElseDoes(TestPipeline p) throws IOException {
    List<String> users = IntStream.range(0, 2500).mapToObj(i -> "{\"user\":" + i + "}").toList();
    List<String> notes = List.of("ü, é and 中文", "a line with \"quotes\" and a \\ backslash");
    WriteLineFiles.plan(at("tmp"))
        .add("Users", collection(p, "Users", users), at("items/0-user/items"), ".jsonl")
        .add("Nothing", collection(p, "Nothing", List.of()), at("empty/empty"), ".jsonl")
        .add("Notes", collection(p, "Notes", notes), at("notes/notes"), ".ndjson")
        .write("WriteLines");
    p.run().waitUntilFinish();

    assertEquals(sorted(users), linesOf(dir.resolve("items/0-user"), "items-", ".jsonl"));
    assertEquals(sorted(notes), linesOf(dir.resolve("notes"), "notes-", ".ndjson"));
    assertTrue(Files.notExists(dir.resolve("empty")), "a target with no lines gets no files");
  }

  @Test
  void aCollectionWithASinkOfItsOwnIsWrittenBesideTheSharedOnes(TestPipeline p) throws IOException {
    List<String> messages =
        IntStream.range(0, 3000).mapToObj(i -> "{\"message\":" + i + "}").toList();
    List<String> users = List.of("{\"user\":1}", "{\"user\":2}");
    WriteLineFiles.plan(at("tmp"))
        .add("Users", collection(p, "Users", users), at("items/0-user/items"), ".jsonl")
        .addWithOwnSink(
            "Messages", collection(p, "Messages", messages), at("items/3-message/items"), ".jsonl")
        .write("WriteLines");
    p.run().waitUntilFinish();

    assertEquals(sorted(users), linesOf(dir.resolve("items/0-user"), "items-", ".jsonl"));
    assertEquals(sorted(messages), linesOf(dir.resolve("items/3-message"), "items-", ".jsonl"));
  }

  @Test
  void onlyCollectionsWithSinksOfTheirOwnAreWritten(TestPipeline p) throws IOException {
    List<String> messages = List.of("{\"message\":1}", "{\"message\":2}");
    WriteLineFiles.plan(at("tmp"))
        .addWithOwnSink("Messages", collection(p, "Messages", messages), at("m/items"), ".jsonl")
        .write("WriteLines");
    p.run().waitUntilFinish();

    assertEquals(sorted(messages), linesOf(dir.resolve("m"), "items-", ".jsonl"));
  }

  @Test
  void moreCollectionsThanTargetsIsRefused() {
    Pipeline p = Pipeline.create();
    WriteLineFiles write =
        new WriteLineFiles(
            at("tmp"), List.of(new WriteLineFiles.Target("Only", at("only/only"), ".jsonl")));
    PCollectionList<String> two =
        PCollectionList.of(p.apply("A", Create.of("a"))).and(p.apply("B", Create.of("b")));
    assertThrows(IllegalArgumentException.class, () -> two.apply(write));
  }

  /**
   * Every line of the folder's files, which must all be named {@code <name>SSSSS-of-NNNNN<suffix>},
   * sorted.
   */
  private static List<String> linesOf(Path folder, String name, String suffix) throws IOException {
    List<String> lines = new ArrayList<>();
    try (Stream<Path> files = Files.list(folder)) {
      for (Path f : files.toList()) {
        String file = f.getFileName().toString();
        assertTrue(file.matches("\\Q" + name + "\\E\\d{5}-of-\\d{5}\\Q" + suffix + "\\E"), file);
        String text = Files.readString(f, StandardCharsets.UTF_8);
        assertTrue(text.isEmpty() || text.endsWith("\n"), file + " ends with a line feed");
        text.lines().forEach(lines::add);
      }
    }
    return sorted(lines);
  }

  /** The lines as a collection of the pipeline, made by a transform of the given name. */
  private static PCollection<String> collection(TestPipeline p, String name, List<String> lines) {
    return p.apply(name, Create.of(lines).withCoder(StringUtf8Coder.of()));
  }

  /** A path in the test's folder. */
  private String at(String relative) {
    return dir.resolve(relative).toString();
  }

  private static List<String> sorted(List<String> lines) {
    return lines.stream().sorted().toList();
  }
}
