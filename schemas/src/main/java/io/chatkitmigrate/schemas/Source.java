package io.chatkitmigrate.schemas;

/**
 * Where a record came from, and its original text, so that anything rejected or warned about can be
 * shown to the user exactly as they gave it.
 *
 * @param file the file's full path or URI
 * @param line 1-based line where the record starts, 0 when unknown
 * @param index 0-based element index inside a top-level JSON array, -1 for NDJSON
 * @param raw the record's original text
 */
public record Source(String file, long line, long index, String raw) {
  public String describe() {
    StringBuilder s = new StringBuilder(file);
    if (line > 0) {
      s.append(':').append(line);
    }
    if (index >= 0) {
      s.append(" [element ").append(index).append(']');
    }
    return s.toString();
  }
}
