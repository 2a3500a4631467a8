package io.chatkitmigrate.transforms.validate;

/**
 * Where a line is before the lines of the ranges before its own are counted: its range and its line
 * within the range, in one long that sorts as the part's line numbers do. Only the few errors a
 * report keeps are turned into part line numbers ({@link PartLines}).
 */
final class Position {
  private Position() {}

  private static final int LINE_BITS = 40;

  static final int MAX_RANGES = 1 << (63 - LINE_BITS);

  static long of(int range, long line) {
    if (line >= 1L << LINE_BITS) {
      throw new IllegalArgumentException("a range of more than 2^40 lines");
    }
    return (long) range << LINE_BITS | line;
  }

  static int range(long position) {
    return (int) (position >>> LINE_BITS);
  }

  static long line(long position) {
    return position & ((1L << LINE_BITS) - 1);
  }
}
