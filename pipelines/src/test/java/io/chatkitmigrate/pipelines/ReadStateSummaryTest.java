package io.chatkitmigrate.pipelines;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.apache.beam.sdk.util.CoderUtils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The workers sum the per-member lines in any grouping and order: the summary is the same, its kept
 * mismatches the first by channel and member, and the launcher reads it back as one line.
 */
class ReadStateSummaryTest {
  @TempDir Path tmp;

  static String row(int channel, int user, long chatkit, long stream) {
    return String.format(
        "{\"cid\":\"messaging:c%d\",\"user\":\"u%d\",\"messages\":%d,\"compared\":true,"
            + "\"chatkit_unread\":%d,\"stream_unread\":%d,\"last_read\":null}",
        channel, user, 10 + channel, chatkit, stream);
  }

  @Test
  void anyGroupingAndOrderGiveOneSummaryKeepingTheFirstMismatches() throws Exception {
    List<String> rows = new ArrayList<>();
    for (int c = 0; c < 30; c++) {
      for (int u = 0; u < 12; u++) {
        rows.add(row(c, u, (c + u) % 7, (c * u) % 2 == 0 ? (c + u) % 7 + 1 : (c + u) % 7));
      }
    }
    ReadStateSummary.Fn fn = new ReadStateSummary.Fn();
    ReadStateSummary inOrder = fn.createAccumulator();
    rows.forEach(r -> fn.addInput(inOrder, r));
    String expected = fn.extractOutput(inOrder);

    List<String> shuffled = new ArrayList<>(rows);
    Collections.shuffle(shuffled, new Random(7));
    List<ReadStateSummary> parts = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      ReadStateSummary part = fn.createAccumulator();
      for (int j = i; j < shuffled.size(); j += 3) {
        fn.addInput(part, shuffled.get(j));
      }
      // As the runner hands accumulators between workers.
      parts.add(CoderUtils.clone(new ReadStateSummary.AccumulatorCoder(), part));
    }
    String merged = fn.extractOutput(fn.mergeAccumulators(parts));
    assertEquals(expected, merged);

    JsonNode summary = io.chatkitmigrate.schemas.Json.tree(merged);
    assertEquals(360, summary.path("members").asLong());
    long mismatched = summary.path("mismatched_members").asLong();
    assertEquals(
        rows.stream().filter(r -> !r.contains("\"chatkit_unread\":" + unread(r, "stream"))).count(),
        mismatched);
    JsonNode kept = summary.path("mismatches");
    assertEquals(270, mismatched);
    assertEquals(ReadStateSummary.KEPT, kept.size());
    assertEquals("messaging:c0", kept.get(0).path("cid").asText());

    Path written = Files.writeString(tmp.resolve("readstate-00000.jsonl"), merged + "\n");
    ReadStateSummary.Written read = ReadStateSummary.read(tmp + "/readstate-*");
    assertEquals(mismatched, read.mismatches());
    assertEquals(360, read.members());
    assertEquals(summary, read.toJson());
    Files.delete(written);
  }

  private static String unread(String row, String which) {
    JsonNode r = io.chatkitmigrate.schemas.Json.tree(row);
    return r.path(which + "_unread").asText();
  }
}
