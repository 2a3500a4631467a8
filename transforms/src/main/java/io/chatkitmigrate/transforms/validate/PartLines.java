package io.chatkitmigrate.transforms.validate;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The line ends each range of each part holds, counted as the ranges were checked: turns a {@link
 * Position} into the part's line number, and tells where to start reading for a line.
 */
final class PartLines implements Serializable {
  /** A checked range: where it starts and the line ends in it. */
  record Counted(String file, int index, long start, long lineEnds) implements Serializable {}

  // Per part, by range index: its start offset and the line ends before it.
  private final Map<String, long[]> starts = new HashMap<>();
  private final Map<String, long[]> before = new HashMap<>();

  PartLines(Iterable<Counted> ranges) {
    Map<String, List<Counted>> byFile = new HashMap<>();
    ranges.forEach(r -> byFile.computeIfAbsent(r.file(), f -> new ArrayList<>()).add(r));
    byFile.forEach(
        (file, list) -> {
          list.sort(Comparator.comparingInt(Counted::index));
          long[] s = new long[list.size()];
          long[] b = new long[list.size()];
          long ends = 0;
          for (int i = 0; i < s.length; i++) {
            if (list.get(i).index() != i) {
              throw new IllegalStateException(file + ": range " + i + " was not counted");
            }
            s[i] = list.get(i).start();
            b[i] = ends;
            ends += list.get(i).lineEnds();
          }
          starts.put(file, s);
          before.put(file, b);
        });
  }

  /** The part's line number of a position (0, an error of the part itself, stays 0). */
  long line(String file, long position) {
    if (position == 0) {
      return 0;
    }
    return before.get(file)[Position.range(position)] + Position.line(position);
  }

  /** The start of the range holding {@code line} and the line ends before it: where to read. */
  long[] readFrom(String file, long line) {
    long[] b = before.get(file);
    int i = Arrays.binarySearch(b, line - 1);
    // Ranges without a line end share a count: the last of them holds the line.
    if (i < 0) {
      i = -i - 2;
    } else {
      while (i + 1 < b.length && b[i + 1] == line - 1) {
        i++;
      }
    }
    return new long[] {starts.get(file)[i], b[i]};
  }
}
