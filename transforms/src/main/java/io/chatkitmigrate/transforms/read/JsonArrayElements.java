package io.chatkitmigrate.transforms.read;

import java.io.IOException;
import java.io.InputStream;

/**
 * Streams the elements of one top-level JSON array as raw bytes, with constant memory whatever the
 * file's size. It only tracks nesting and strings, so one bad element is cut out and rejected alone
 * and the elements after it still read; Jackson then parses each element on its own.
 */
final class JsonArrayElements {
  /**
   * One element: its bytes, 0-based index in the array (-1 after it), 1-based line where it starts,
   * and the position in the stream of its first byte.
   */
  record Element(byte[] bytes, long index, long line, long offset, Kind kind) {}

  enum Kind {
    /** An element ended by ',' or ']'. */
    ELEMENT,
    /** The last element, ended by the end of the input: the array was never closed. */
    UNTERMINATED,
    /** A non-blank line (or the rest of one) after the array's closing ']'. */
    AFTER_ARRAY
  }

  private final ByteInput in;
  private final ByteInput.Bytes current = new ByteInput.Bytes();
  private boolean keepBytes = true;
  private long line = 1;
  private long index;
  private boolean started;
  private boolean finished;
  private boolean closed;

  JsonArrayElements(InputStream in) {
    this.in = new ByteInput(in, 0);
  }

  /**
   * The elements from the one that starts at {@code in}'s first byte, which is at {@code position}
   * in the stream, has {@code index} in the array and starts in {@code line}.
   */
  JsonArrayElements(InputStream in, long position, long index, long line) {
    this.in = new ByteInput(in, position);
    this.index = index;
    this.line = line;
    this.started = true;
  }

  /**
   * Elements from now on come without their bytes (null), for a scan that only wants where they
   * start: copying every element was most of such a scan's work.
   */
  JsonArrayElements withoutBytes() {
    keepBytes = false;
    return this;
  }

  /** The next element or text after the array, or null at the end of the input. */
  Element next() throws IOException {
    if (closed) {
      return afterArray();
    }
    if (finished) {
      return null;
    }
    if (!started) {
      started = true;
      int b = skipSpaceAndBom();
      if (b != '[') {
        throw new IOException(
            "not a JSON array: starts with " + (b < 0 ? "nothing" : "'" + (char) b + "'"));
      }
    }
    current.clear();
    int depth = 0;
    boolean inString = false;
    boolean escaped = false;
    long startLine = -1;
    long offset = -1;
    // Whole buffers at a time: a call per byte was most of the time an array took to read.
    while (in.buffered()) {
      byte[] buffer = in.buffer();
      int limit = in.bufferLimit();
      int from = in.bufferPosition();
      for (int p = from; p < limit; p++) {
        byte b = buffer[p];
        if (inString) {
          if (escaped) {
            escaped = false;
          } else {
            // Most of a record's bytes are inside strings: run to the next one that matters there.
            while (b != '"' && b != '\\' && b != '\n' && ++p < limit) {
              b = buffer[p];
            }
            if (p == limit) {
              break;
            }
            if (b == '\\') {
              escaped = true;
            } else if (b == '"') {
              inString = false;
            }
          }
          if (b == '\n') {
            line++;
          }
          continue;
        }
        if (b == '\n') {
          line++;
        }
        if (depth == 0 && (b == ',' || b == ']')) {
          if (b == ']') {
            closed = true;
          }
          if (startLine < 0) {
            if (closed) {
              in.consumeTo(p + 1);
              return afterArray();
            }
            // An empty slot, as in "[a,,b]": not a record, nothing to keep.
            continue;
          }
          byte[] bytes = null;
          if (keepBytes && current.length() == 0) {
            // Wholly in this buffer: one copy, not one into the reused array and one out of it.
            bytes = ByteInput.Bytes.trimmed(buffer, from, p);
          } else if (keepBytes) {
            current.append(buffer, from, p - from);
            bytes = current.trimmed();
          }
          in.consumeTo(p + 1);
          return new Element(bytes, index++, startLine, offset, Kind.ELEMENT);
        }
        if (startLine < 0) {
          if (ByteInput.Bytes.isSpace(b)) {
            continue;
          }
          startLine = line;
          offset = in.position() + (p - in.bufferPosition());
          from = p;
        }
        if (b == '"') {
          inString = true;
        } else if (b == '{' || b == '[') {
          depth++;
        } else if ((b == '}' || b == ']') && depth > 0) {
          depth--;
        }
      }
      if (startLine >= 0 && keepBytes) {
        current.append(buffer, from, limit - from);
      }
      in.consumeTo(limit);
    }
    finished = true;
    return startLine < 0
        ? null
        : new Element(
            keepBytes ? current.trimmed() : null, index++, startLine, offset, Kind.UNTERMINATED);
  }

  /** Whether the array's closing ']' was read. */
  boolean closed() {
    return closed;
  }

  /** The line the input ended in, once {@link #next()} returned null. */
  long line() {
    return line;
  }

  /** Each non-blank line after the closing bracket, so nothing after it goes unread. */
  private Element afterArray() throws IOException {
    while (true) {
      current.clear();
      long at = line;
      if (!in.readLine(current)) {
        finished = true;
        return null;
      }
      if (in.lastLineEnded()) {
        line++;
      }
      byte[] text = current.trimmed();
      if (text.length > 0) {
        return new Element(text, -1, at, -1, Kind.AFTER_ARRAY);
      }
    }
  }

  private int skipSpaceAndBom() throws IOException {
    int b = in.read();
    if (b == 0xEF) {
      in.read();
      in.read();
      b = in.read();
    }
    while (b >= 0 && ByteInput.Bytes.isSpace((byte) b)) {
      if (b == '\n') {
        line++;
      }
      b = in.read();
    }
    return b;
  }
}
