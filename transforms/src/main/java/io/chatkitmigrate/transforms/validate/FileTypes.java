package io.chatkitmigrate.transforms.validate;

import io.chatkitmigrate.schemas.stream.ImportItem;
import java.io.Serializable;
import java.util.Arrays;
import java.util.stream.IntStream;

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

  /** The ranks present, in the order they first appear. */
  Integer[] inOrder() {
    return IntStream.range(0, counts.length)
        .filter(i -> counts[i] > 0)
        .boxed()
        .sorted((a, b) -> Long.compare(firstLine[a], firstLine[b]))
        .toArray(Integer[]::new);
  }
}
