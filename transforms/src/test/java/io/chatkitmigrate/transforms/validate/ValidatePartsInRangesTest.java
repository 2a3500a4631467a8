package io.chatkitmigrate.transforms.validate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Parts cut into many ranges report as whole ones: the corpus again, with ranges of a single line
 * and of a line or two (of a few dozen lines in the largest parts), so errors, claims, order and
 * kept examples cross every kind of cut.
 */
class ValidatePartsInRangesTest {
  @TempDir static Path tmp;

  @TestFactory
  Stream<DynamicTest> theCorpusReportsTheSameInTinyRanges() {
    return BrokenImports.all().stream()
        .flatMap(
            c -> {
              // A large part is cut in at most about a hundred ranges, which the Direct runner
              // opens one by one.
              long largest = c.parts().values().stream().mapToLong(b -> b.length).max().orElse(0);
              return Stream.of(Math.max(1, largest / 100), Math.max(150, largest / 7))
                  .map(bytes -> test(c, bytes));
            });
  }

  private static DynamicTest test(BrokenImports.Case c, long rangeBytes) {
    return DynamicTest.dynamicTest(
        c.name() + " in ranges of " + rangeBytes + " bytes",
        () -> {
          Path dir = c.write(tmp.resolve("r" + rangeBytes));
          ValidatePartsAgreementTest.pipelineReports(
              c,
              ValidatePartsAgreementTest.sequential(c, dir),
              ValidatePartsAgreementTest.validator(c, dir).withRangeBytes(rangeBytes));
        });
  }

  private static List<PartRange> plan(String text, long rangeBytes) throws IOException {
    Path part = Files.writeString(tmp.resolve("plan-" + rangeBytes + ".jsonl"), text);
    try (FileChannel channel = FileChannel.open(part)) {
      return PartRange.plan("p", Files.size(part), rangeBytes, channel);
    }
  }

  private static long[] starts(List<PartRange> ranges) {
    return ranges.stream().mapToLong(PartRange::start).toArray();
  }

  @Test
  void rangesStartRightAfterALineEndAndCoverThePart() throws IOException {
    String text = "aaaa\nbb\n\ncccccccccc\nd";
    assertEquals(21, text.length());
    // Each cut moves to just after the next line end; a long line makes its range longer.
    assertArrayEquals(new long[] {0, 5, 8, 9, 20}, starts(plan(text, 1)));
    assertArrayEquals(new long[] {0, 8, 20}, starts(plan(text, 6)));
    assertArrayEquals(new long[] {0}, starts(plan(text, 100)));
    List<PartRange> ranges = plan(text, 6);
    for (int i = 0; i < ranges.size(); i++) {
      assertEquals(i, ranges.get(i).index());
      assertEquals(i + 1 < ranges.size() ? ranges.get(i + 1).start() : 21, ranges.get(i).end());
    }
    // A part ending in a line end has no empty range after it.
    assertArrayEquals(new long[] {0, 5}, starts(plan("aaaa\nbb\n", 1)));
    assertEquals(List.of(), plan("", 1));
  }

  @Test
  void aRangeReadsItsOwnBytesOnly() throws IOException {
    PartRange range = new PartRange("p", 1, 5, 8);
    byte[] part = "aaaa\nbb\nccc".getBytes(StandardCharsets.UTF_8);
    java.io.InputStream in = new java.io.ByteArrayInputStream(part);
    in.skipNBytes(5);
    assertEquals("bb\n", new String(range.bytes(in).readAllBytes(), StandardCharsets.UTF_8));
  }

  @Test
  void positionsBecomeTheLinesOfTheirPart() {
    PartLines lines =
        new PartLines(
            List.of(
                new PartLines.Counted("b", 0, 0, 7),
                new PartLines.Counted("a", 2, 900, 4),
                new PartLines.Counted("a", 0, 0, 3),
                new PartLines.Counted("a", 1, 100, 5)));
    assertEquals(0, lines.line("a", 0));
    assertEquals(2, lines.line("a", Position.of(0, 2)));
    assertEquals(4, lines.line("a", Position.of(1, 1)));
    assertEquals(9, lines.line("a", Position.of(2, 1)));
    assertEquals(3, lines.line("b", Position.of(0, 3)));
    // Lines 1-3 lie in range 0, 4-8 in range 1, 9 on in range 2.
    assertArrayEquals(new long[] {0, 0}, lines.readFrom("a", 3));
    assertArrayEquals(new long[] {100, 3}, lines.readFrom("a", 4));
    assertArrayEquals(new long[] {100, 3}, lines.readFrom("a", 8));
    assertArrayEquals(new long[] {900, 8}, lines.readFrom("a", 9));
    assertArrayEquals(new long[] {900, 8}, lines.readFrom("a", 20));
  }

  @Test
  void positionsSortAsLines() {
    assertEquals(true, Position.of(0, 999_999) < Position.of(1, 1));
    assertEquals(3, Position.range(Position.of(3, 17)));
    assertEquals(17, Position.line(Position.of(3, 17)));
  }
}
