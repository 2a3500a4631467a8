package io.chatkitmigrate.transforms.write;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Splits the ordered sequence of item shards into runs that workers write into parts side by side.
 * Each run is a contiguous slice of the sequence in Stream's item order, so the parts of run 0,
 * then run 1, ... keep that order; only where one run ends and the next begins may a part be left
 * short of the maximum, so N runs cost at most N-1 parts beyond writing the whole sequence in one.
 */
public final class PartRuns {
  private PartRuns() {}

  /** One shard of item lines: its type's rank in Stream's order, its type, file and size. */
  public record Shard(int rank, String type, String file, long bytes) implements Serializable {}

  static final Comparator<Shard> ORDER =
      Comparator.comparingInt(Shard::rank).thenComparing(Shard::file);

  /**
   * As many runs as whole parts the items fill, at most {@code maxRuns}: a sequence that fits in
   * one part stays one run, so small outputs get the same parts as when written in one sequence.
   */
  public static int runs(long totalBytes, long maxPartBytes, int maxRuns) {
    if (totalBytes <= 0) {
      return 0;
    }
    long full = (totalBytes + maxPartBytes - 1) / maxPartBytes;
    return (int) Math.max(1, Math.min(maxRuns, full));
  }

  /**
   * The shards in order (type rank, then file name), cut into runs of about equal bytes at shard
   * boundaries; empty shards are left out, and so are runs left empty by a large shard.
   */
  public static List<List<Shard>> plan(List<Shard> shards, long maxPartBytes, int maxRuns) {
    List<Shard> ordered = new ArrayList<>();
    long total = 0;
    for (Shard shard : shards) {
      if (shard.bytes() > 0) {
        ordered.add(shard);
        total += shard.bytes();
      }
    }
    ordered.sort(ORDER);
    int n = runs(total, maxPartBytes, maxRuns);
    List<List<Shard>> runs = new ArrayList<>();
    int lastRun = -1;
    long before = 0;
    for (Shard shard : ordered) {
      // The run that holds the shard's middle byte: monotone in the position, so runs stay slices.
      long middle = before + shard.bytes() / 2;
      int run = (int) Math.min(n - 1, (long) ((double) middle * n / total));
      if (run != lastRun) {
        runs.add(new ArrayList<>());
        lastRun = run;
      }
      runs.get(runs.size() - 1).add(shard);
      before += shard.bytes();
    }
    return runs;
  }
}
