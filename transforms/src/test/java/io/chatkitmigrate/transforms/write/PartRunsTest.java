package io.chatkitmigrate.transforms.write;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Runs are slices of the ordered shards, as many as whole parts, no more than allowed. */
class PartRunsTest {
  @Test
  void aSequenceThatFitsOnePartIsOneRun() {
    List<PartRuns.Shard> shards =
        List.of(
            new PartRuns.Shard(3, "message", "m-1", 30),
            new PartRuns.Shard(0, "user", "u-0", 10),
            new PartRuns.Shard(1, "channel", "c-0", 0),
            new PartRuns.Shard(2, "member", "e-0", 20));
    assertEquals(
        List.of(
            List.of(
                new PartRuns.Shard(0, "user", "u-0", 10),
                new PartRuns.Shard(2, "member", "e-0", 20),
                new PartRuns.Shard(3, "message", "m-1", 30))),
        PartRuns.plan(shards, 100, 8),
        "in type order, the empty shard left out");
  }

  @Test
  void runsAreOrderedSlicesOfAboutEqualBytesNoMoreThanAllowed() {
    List<PartRuns.Shard> shards = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      shards.add(
          new PartRuns.Shard(i < 10 ? 0 : 3, i < 10 ? "user" : "message", "f" + (100 + i), 25));
    }
    List<List<PartRuns.Shard>> runs = PartRuns.plan(shards, 100, 4);
    assertEquals(4, runs.size());
    List<PartRuns.Shard> flat = runs.stream().flatMap(List::stream).toList();
    List<PartRuns.Shard> ordered = new ArrayList<>(shards);
    ordered.sort(PartRuns.ORDER);
    assertEquals(ordered, flat, "every shard once, in order");
    runs.forEach(run -> assertEquals(10, run.size()));

    assertEquals(10, PartRuns.plan(shards, 100, 16).size(), "as many runs as whole parts");
    assertEquals(1, PartRuns.plan(shards, 1000, 16).size());
    assertEquals(List.of(), PartRuns.plan(List.of(), 100, 4));
  }

  @Test
  void aShardLargerThanARunLeavesNoEmptyRun() {
    List<PartRuns.Shard> shards =
        List.of(
            new PartRuns.Shard(0, "user", "a", 1),
            new PartRuns.Shard(3, "message", "b", 1000),
            new PartRuns.Shard(3, "message", "c", 1));
    List<List<PartRuns.Shard>> runs = PartRuns.plan(shards, 100, 8);
    assertTrue(runs.stream().noneMatch(List::isEmpty), runs.toString());
    assertEquals(3, runs.stream().mapToInt(List::size).sum());
  }
}
