package io.chatkitmigrate.transforms.validate;

import io.chatkitmigrate.schemas.stream.ImportItem;
import java.io.Serializable;
import java.util.Arrays;

/** The items of one part by type: how many, and the line of the first. */
final class FileTypes implements Serializable {
  final long[] counts = new long[ImportItem.TYPE_ORDER.size()];
  final long[] firstLine = new long[ImportItem.TYPE_ORDER.size()];

  FileTypes() {
    Arrays.fill(firstLine, Long.MAX_VALUE);
  }

  FileTypes add(int typeIndex, long line) {
    counts[typeIndex]++;
    firstLine[typeIndex] = Math.min(firstLine[typeIndex], line);
    return this;
  }

  FileTypes merge(FileTypes other) {
    for (int i = 0; i < counts.length; i++) {
      counts[i] += other.counts[i];
      firstLine[i] = Math.min(firstLine[i], other.firstLine[i]);
    }
    return this;
  }

  /** The highest type rank in the part, -1 when it holds no item. */
  int highest() {
    for (int i = counts.length - 1; i >= 0; i--) {
      if (counts[i] > 0) {
        return i;
      }
    }
    return -1;
  }

  /** The highest rank of an item before {@code line}, -1 when none. */
  int highestBefore(long line) {
    for (int i = counts.length - 1; i >= 0; i--) {
      if (counts[i] > 0 && firstLine[i] < line) {
        return i;
      }
    }
    return -1;
  }

  /** The ranks present, in the order they first appear. */
  Integer[] inOrder() {
    return java.util.stream.IntStream.range(0, counts.length)
        .filter(i -> counts[i] > 0)
        .boxed()
        .sorted((a, b) -> Long.compare(firstLine[a], firstLine[b]))
        .toArray(Integer[]::new);
  }
}
