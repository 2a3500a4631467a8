package io.chatkitmigrate.schemas;

/**
 * Where a record came from, precisely enough to read its original text again. The text itself does
 * not travel with the record: it is half the bytes of every record through every shuffle, and only
 * the few records a finding is about need it, so those are read again at the end of the run.
 *
 * @param file the file's full path or URI
 * @param line 1-based line where the record starts, 0 when unknown
 * @param index 0-based element index inside a top-level JSON array, -1 for NDJSON
 * @param offset byte offset of the record's line in the (decompressed) file for NDJSON, -1
 *     otherwise
 * @param bytes the record's size in bytes, without surrounding white space
 */
public record Source(String file, long line, long index, long offset, int bytes) {
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
