package io.chatkitmigrate.transforms.validate;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.TreeMap;
import org.apache.beam.sdk.transforms.Combine;

/** Every error counted, by kind; the first {@code maxKept} in the import's order kept. */
final class FirstErrors implements Serializable {
  long count;
  final TreeMap<String, Long> byKind = new TreeMap<>();
  // The kept errors, latest on top, so the one to drop is at hand.
  private final PriorityQueue<Found> kept = new PriorityQueue<>(new Found.Order(true));

  void add(Found found, int maxKept) {
    count++;
    byKind.merge(found.kind(), 1L, Long::sum);
    keep(found, maxKept);
  }

  private void keep(Found found, int maxKept) {
    if (kept.size() < maxKept) {
      kept.add(found);
    } else if (maxKept > 0 && Found.ORDER.compare(found, kept.peek()) < 0) {
      kept.poll();
      kept.add(found);
    }
  }

  void merge(FirstErrors other, int maxKept) {
    count += other.count;
    other.byKind.forEach((k, n) -> byKind.merge(k, n, Long::sum));
    other.kept.forEach(f -> keep(f, maxKept));
  }

  /** The kept errors, first first. */
  List<Found> kept() {
    List<Found> list = new ArrayList<>(kept);
    list.sort(Found.ORDER);
    return list;
  }

  static final class Fn extends Combine.CombineFn<Found, FirstErrors, FirstErrors> {
    private final int maxKept;

    Fn(int maxKept) {
      this.maxKept = maxKept;
    }

    @Override
    public FirstErrors createAccumulator() {
      return new FirstErrors();
    }

    @Override
    public FirstErrors addInput(FirstErrors acc, Found found) {
      acc.add(found, maxKept);
      return acc;
    }

    @Override
    public FirstErrors mergeAccumulators(Iterable<FirstErrors> accs) {
      FirstErrors merged = new FirstErrors();
      for (FirstErrors a : accs) {
        merged.merge(a, maxKept);
      }
      return merged;
    }

    @Override
    public FirstErrors extractOutput(FirstErrors acc) {
      return acc;
    }
  }
}
