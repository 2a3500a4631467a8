package io.chatkitmigrate.pipelines;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.chatkitmigrate.transforms.validate.ValidateParts;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class ProgressLineTest {
  @Test
  void showsReadsPerEntityTheRateSinceTheLastLineAndItemsPerType() {
    try (ProgressLine progress =
        new ProgressLine(new PrintStream(new ByteArrayOutputStream()), 3600)) {
      Map<String, Long> tallies = new TreeMap<>(Map.of("read messages", 0L, "read users", 0L));
      long t0 = System.nanoTime();
      progress.line(tallies, t0);
      tallies.putAll(Map.of("read messages", 100_000L, "read users", 5_000L, "items user", 4_990L));
      String line = progress.line(tallies, t0 + 5_000_000_000L);
      assertEquals(
          "read 105,000 records (messages 100,000, users 5,000) at 21,000/s; written user 4,990",
          line.substring(line.indexOf("read ")));
      assertEquals("chatkit-migrate: ", line.substring(0, 17));
    }
  }

  @Test
  void addsTheItemsTheJobsValidationCheckedOfThoseWritten() {
    Map<String, Long> tallies =
        Map.of(
            "read messages",
            1_000L,
            "items user",
            40L,
            "items message",
            960L,
            ValidateParts.CHECKED_TALLY,
            250L);
    assertEquals(
        "read 1,000 records (messages 1,000) at 0/s; written message 960, user 40;"
            + " validated 250 of 1,000 items",
        ProgressLine.figures(tallies, 0));
  }

  @Test
  void validatesLineSaysTheItemsCheckedSoFar() {
    assertEquals(
        "chatkit-migrate: 2:05 validated 4,123,456 items",
        ProgressLine.validationLine(4_123_456L, 125_400_000_000L));
  }

  @Test
  void saysSoBeforeAnythingIsRead() {
    try (ProgressLine progress =
        new ProgressLine(new PrintStream(new ByteArrayOutputStream()), 3600)) {
      String line = progress.line(Map.of(), System.nanoTime());
      assertEquals(
          "read 0 records (none yet) at 0/s; written no items yet",
          line.substring(line.indexOf("read ")));
    }
  }
}
