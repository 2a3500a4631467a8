package io.chatkitmigrate.transforms.validate;

import java.io.IOException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
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

  /** Turns a position in a part into the part's line number, keeping their order. */
  interface Numbering {
    long line(String file, long position);
  }

  /** The same errors, the kept ones placed by their part's line numbers. */
  FirstErrors renumbered(Numbering numbering) {
    FirstErrors renumbered = new FirstErrors();
    renumbered.count = count;
    renumbered.byKind.putAll(byKind);
    for (Found f : kept) {
      renumbered.kept.add(f.atLine(numbering.line(f.file(), f.line())));
    }
    return renumbered;
  }

  /**
   * The same errors in parts that have since been renamed; {@code names} must keep the parts'
   * order.
   */
  FirstErrors renamed(UnaryOperator<String> names) {
    FirstErrors renamed = new FirstErrors();
    renamed.count = count;
    renamed.byKind.putAll(byKind);
    for (Found f : kept) {
      renamed.kept.add(f.inFile(names.apply(f.file())));
    }
    return renamed;
  }

  /** Reads the lines of a part with the numbers given. */
  interface LineReader {
    Map<Long, byte[]> read(String file, Set<Long> lines) throws IOException;
  }

  /** The same errors, each kept one of an item with that item's line, read again from its part. */
  FirstErrors withItems(LineReader reader) throws IOException {
    Map<String, Set<Long>> wanted = new TreeMap<>();
    for (Found f : kept) {
      if (f.line() > 0) {
        wanted.computeIfAbsent(f.file(), k -> new HashSet<>()).add(f.line());
      }
    }
    Map<String, Map<Long, byte[]>> lines = new HashMap<>();
    for (Map.Entry<String, Set<Long>> w : wanted.entrySet()) {
      lines.put(w.getKey(), reader.read(w.getKey(), w.getValue()));
    }
    FirstErrors read = new FirstErrors();
    read.count = count;
    read.byKind.putAll(byKind);
    for (Found f : kept) {
      if (f.line() > 0) {
        byte[] line = lines.get(f.file()).get(f.line());
        if (line == null) {
          throw new IOException(
              f.file() + " changed while it was validated: line " + f.line() + " is gone");
        }
        f = f.withBytes(line);
      }
      read.kept.add(f);
    }
    return read;
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
