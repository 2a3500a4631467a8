package io.chatkitmigrate.pipelines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chatkitmigrate.pipelines.generate.ExportGenerator;
import io.chatkitmigrate.pipelines.generate.GeneratorSettings;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Random damage to real exports (bytes flipped, lines cut, duplicated or moved between shards,
 * files truncated, removed or re-encoded): whatever the damage, a run ends with exit 0 or 1, never
 * a crash, with its books balanced, every count matched by its lines, and nothing written outside
 * its output; the one exit 2 is a shard removed from a numbered set, refused before any work. The
 * number of cases is jqwik's {@code jqwik.tries.default} (see junit-platform.properties); the
 * README names the longer run.
 */
class MutatedExportsTest {
  private static Path root;
  private static Path smallExport;
  private static Path generatedExport;
  private static int cases;

  @BeforeContainer
  static void exports() throws IOException {
    root = Files.createTempDirectory("mutated-exports");
    smallExport = Path.of("..", "examples", "small-export").toAbsolutePath().normalize();
    Path generated = root.resolve("generated");
    new ExportGenerator(GeneratorSettings.of(400, 7).withFormat(false, false, 3))
        .generate(generated, n -> {});
    generatedExport = generated.resolve("export");
  }

  @AfterContainer
  static void cleanUp() throws IOException {
    deleteTree(root);
  }

  @Property(shrinking = net.jqwik.api.ShrinkingMode.BOUNDED)
  void anyDamageEndsWithBalancedBooksAndNothingLost(
      @ForAll boolean generated, @ForAll("damages") List<Damage> damages) throws Exception {
    Path dir = root.resolve("case-" + cases++);
    Path input = dir.resolve("export");
    Runs.copyTree(generated ? generatedExport : smallExport, input);
    List<Path> files = exportFiles(input);
    for (Damage d : damages) {
      d.apply(files);
      files = exportFiles(input);
    }
    Map<String, String> inputBefore = digests(input);
    Path output = dir.resolve("out");

    Runs run = Runs.migrate(input, output, "--runner=DirectRunner");

    String what = damages + "\n" + run;
    if (run.exit == 2) {
      // A removed shard of a numbered set is refused before any work: said, and nothing written.
      assertTrue(
          damages.stream().anyMatch(d -> d instanceof Remove)
              && run.err.contains("shard(s) missing"),
          what);
      assertFalse(Files.exists(output.resolve("report.json")), what);
      deleteTree(dir);
      return;
    }
    assertTrue(run.exit == 0 || run.exit == 1, "exit " + run.exit + " for " + what);
    assertFalse(run.err.contains("\tat "), "a stack trace for " + what);
    assertTrue(Files.exists(output.resolve("report.json")), "no report for " + what);
    run.report()
        .at("/accounting/entities")
        .fields()
        .forEachRemaining(
            e ->
                assertTrue(
                    e.getValue().get("balances").asBoolean(),
                    e.getKey() + " does not balance: " + e.getValue() + " for " + what));
    assertEquals(
        List.of(), FindingLines.mismatches(output), "counts without their lines for " + what);
    assertEquals(inputBefore, digests(input), "the input changed: " + what);
    try (Stream<Path> entries = Files.list(dir)) {
      assertEquals(
          List.of("export", "out"),
          entries.map(p -> p.getFileName().toString()).sorted().toList(),
          "something was written beside the output: " + what);
    }
    deleteTree(dir);
  }

  @Provide
  Arbitrary<List<Damage>> damages() {
    Arbitrary<Double> where = Arbitraries.doubles().between(0, 1);
    Arbitrary<Integer> file = Arbitraries.integers().between(0, 63);
    Arbitrary<Damage> one =
        Arbitraries.oneOf(
            Combinators.combine(file, where, Arbitraries.integers().between(1, 8))
                .as((f, w, n) -> (Damage) new FlipBytes(f, w, n)),
            Combinators.combine(file, where).as((f, w) -> (Damage) new CutLine(f, w)),
            Combinators.combine(file, where).as((f, w) -> (Damage) new DuplicateLine(f, w)),
            Combinators.combine(file, file, where).as((f, t, w) -> (Damage) new MoveLine(f, t, w)),
            Combinators.combine(file, where).as((f, w) -> (Damage) new Truncate(f, w)),
            file.map(f -> (Damage) new Remove(f)),
            Combinators.combine(
                    file, Arbitraries.of("UTF-16LE", "UTF-16BE", "UTF-32BE", "UTF-32LE"))
                .as((f, c) -> (Damage) new Reencode(f, c)));
    return one.list().ofMinSize(1).ofMaxSize(3);
  }

  /** One kind of damage to the export's files, chosen by index modulo the number of files. */
  interface Damage {
    void apply(List<Path> files) throws IOException;

    static Path pick(List<Path> files, int index) {
      return files.get(index % files.size());
    }
  }

  record FlipBytes(int file, double where, int count) implements Damage {
    public void apply(List<Path> files) throws IOException {
      Path f = Damage.pick(files, file);
      byte[] bytes = Files.readAllBytes(f);
      if (bytes.length == 0) {
        return;
      }
      int at = (int) (where * (bytes.length - 1));
      for (int i = 0; i < count && at + i < bytes.length; i++) {
        bytes[at + i] ^= (byte) (0x5A + 31 * i);
      }
      Files.write(f, bytes);
    }
  }

  record CutLine(int file, double where) implements Damage {
    public void apply(List<Path> files) throws IOException {
      editLines(
          Damage.pick(files, file),
          lines -> {
            if (!lines.isEmpty()) {
              int i = (int) (where * (lines.size() - 1));
              String line = lines.get(i);
              lines.set(i, line.substring(0, line.length() / 2));
            }
          });
    }
  }

  record DuplicateLine(int file, double where) implements Damage {
    public void apply(List<Path> files) throws IOException {
      editLines(
          Damage.pick(files, file),
          lines -> {
            if (!lines.isEmpty()) {
              int i = (int) (where * (lines.size() - 1));
              lines.add(i, lines.get(i));
            }
          });
    }
  }

  record MoveLine(int from, int to, double where) implements Damage {
    public void apply(List<Path> files) throws IOException {
      Path source = Damage.pick(files, from);
      Path target = Damage.pick(files, to);
      if (source.equals(target)) {
        return;
      }
      String[] moved = {null};
      editLines(
          source,
          lines -> {
            if (!lines.isEmpty()) {
              moved[0] = lines.remove((int) (where * (lines.size() - 1)));
            }
          });
      if (moved[0] != null) {
        editLines(target, lines -> lines.add(moved[0]));
      }
    }
  }

  record Truncate(int file, double where) implements Damage {
    public void apply(List<Path> files) throws IOException {
      Path f = Damage.pick(files, file);
      byte[] bytes = Files.readAllBytes(f);
      Files.write(f, Arrays.copyOf(bytes, (int) (where * bytes.length)));
    }
  }

  record Remove(int file) implements Damage {
    public void apply(List<Path> files) throws IOException {
      if (files.size() > 1) {
        Files.delete(Damage.pick(files, file));
      }
    }
  }

  record Reencode(int file, String charset) implements Damage {
    public void apply(List<Path> files) throws IOException {
      Path f = Damage.pick(files, file);
      byte[] plain = decompressed(f);
      if (plain == null) {
        return;
      }
      Charset target = Charset.forName(charset);
      String text = new String(plain, StandardCharsets.UTF_8);
      // A byte-order mark says the encoding, as the export spec asks of UTF-16 and UTF-32 files.
      byte[] encoded = ("\uFEFF" + text).getBytes(target);
      write(f, encoded);
    }
  }

  /** Edits the text of a file's lines, through its compression when it has one. */
  static void editLines(Path f, Consumer<List<String>> edit) throws IOException {
    byte[] plain = decompressed(f);
    if (plain == null) {
      return;
    }
    List<String> lines =
        new ArrayList<>(List.of(new String(plain, StandardCharsets.UTF_8).split("\n", -1)));
    edit.accept(lines);
    write(f, String.join("\n", lines).getBytes(StandardCharsets.UTF_8));
  }

  /** The file's bytes after decompression, or null when an earlier damage made it unreadable. */
  private static byte[] decompressed(Path f) throws IOException {
    byte[] bytes = Files.readAllBytes(f);
    if (!f.toString().endsWith(".gz")) {
      return bytes;
    }
    try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(bytes))) {
      return in.readAllBytes();
    } catch (IOException e) {
      return null;
    }
  }

  private static void write(Path f, byte[] plain) throws IOException {
    if (!f.toString().endsWith(".gz")) {
      Files.write(f, plain);
      return;
    }
    ByteArrayOutputStream compressed = new ByteArrayOutputStream();
    try (GZIPOutputStream out = new GZIPOutputStream(compressed)) {
      out.write(plain);
    }
    Files.write(f, compressed.toByteArray());
  }

  private static List<Path> exportFiles(Path input) throws IOException {
    try (Stream<Path> walk = Files.walk(input)) {
      return walk.filter(Files::isRegularFile).sorted().toList();
    }
  }

  private static Map<String, String> digests(Path input) throws Exception {
    Map<String, String> digests = new TreeMap<>();
    MessageDigest sha = MessageDigest.getInstance("SHA-256");
    for (Path f : exportFiles(input)) {
      digests.put(
          input.relativize(f).toString(),
          HexFormat.of().formatHex(sha.digest(Files.readAllBytes(f))));
    }
    return digests;
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      walk.sorted(Comparator.reverseOrder())
          .forEach(
              p -> {
                try {
                  Files.delete(p);
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              });
    }
  }
}
