package io.chatkitmigrate.transforms.read;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The scanner works on whole buffers at a time; a byte-at-a-time reading of the same rules (the one
 * it replaced) must cut every input into the same elements, kinds, indexes and lines, whatever
 * falls on a buffer's edge.
 */
class JsonArrayElementsAgreementTest {
  private static final String[] PIECES = {
    "{",
    "}",
    "[",
    "]",
    ",",
    "\"",
    "\\",
    "\\\"",
    " ",
    "\n",
    "\r\n",
    "\t",
    "a",
    "1",
    ":",
    "\"x,]}\"",
    "{\"k\":[1,{\"m\":\"]\"}]}",
    "\uFEFF",
    "é",
    "\"\\\\\"",
    ",,",
    "] trailing\n",
    "\n\n"
  };

  @Test
  void agreesWithTheByteAtATimeReadingOnRandomInputs() throws IOException {
    SplittableRandom random = new SplittableRandom(20261206);
    for (int i = 0; i < 20_000; i++) {
      String input = randomInput(random);
      // Small reads put buffer edges everywhere, at every phase of the scanner.
      int chunk = 1 + random.nextInt(7);
      List<String> expected = reference(input);
      assertEquals(expected, scanned(input, chunk, true), () -> "input: " + input);
      // Whole buffers take the path that copies an element once, straight out of the buffer.
      assertEquals(expected, scanned(input, Integer.MAX_VALUE, true), () -> "input: " + input);
      assertEquals(
          placesOnly(expected), placesOnly(scanned(input, chunk, false)), () -> "input: " + input);
    }
  }

  /** What a scan without bytes must still give: each element's kind, index, line and offset. */
  private static List<String> placesOnly(List<String> described) {
    return described.stream().map(d -> d.split(":", 2)[0]).toList();
  }

  @Test
  void agreesOnLongElementsThatSpanManyBuffers() throws IOException {
    StringBuilder json = new StringBuilder("[\n");
    for (int i = 0; i < 50; i++) {
      json.append("{\"id\":").append(i).append(",\"text\":\"");
      json.append("x\\\"y,]}".repeat(20_000 + i)).append("\"},\n");
    }
    json.append("{}\n]\nafter\n");
    String input = json.toString();
    assertEquals(reference(input), scanned(input, Integer.MAX_VALUE, true));
  }

  private static String randomInput(SplittableRandom random) {
    StringBuilder s = new StringBuilder();
    int start = random.nextInt(10);
    s.append(start == 0 ? "\uFEFF[" : start == 1 ? " \n [" : start == 2 ? "x" : "[");
    int pieces = random.nextInt(40);
    for (int p = 0; p < pieces; p++) {
      s.append(PIECES[random.nextInt(PIECES.length)]);
    }
    if (random.nextInt(3) > 0) {
      s.append(']');
    }
    return s.toString();
  }

  private static List<String> scanned(String input, int chunk, boolean keepBytes)
      throws IOException {
    JsonArrayElements array = new JsonArrayElements(new Trickle(bytes(input), chunk));
    if (!keepBytes) {
      array.withoutBytes();
    }
    List<String> out = new ArrayList<>();
    try {
      for (JsonArrayElements.Element e = array.next(); e != null; e = array.next()) {
        out.add(describe(e.kind().name(), e.index(), e.line(), e.offset(), e.bytes()));
      }
      out.add("end@" + array.line() + (array.closed() ? " closed" : ""));
    } catch (IOException e) {
      out.add("error: " + e.getMessage());
    }
    return out;
  }

  private static String describe(String kind, long index, long line, long offset, byte[] bytes) {
    return kind
        + " "
        + index
        + "@"
        + line
        + "+"
        + offset
        + ":"
        + (bytes == null ? "" : new String(bytes, StandardCharsets.UTF_8));
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** At most {@code chunk} bytes a read, as a pipe or a slow disk can give them. */
  private static final class Trickle extends InputStream {
    private final ByteArrayInputStream in;
    private final int chunk;

    Trickle(byte[] bytes, int chunk) {
      this.in = new ByteArrayInputStream(bytes);
      this.chunk = chunk;
    }

    @Override
    public int read() {
      return in.read();
    }

    @Override
    public int read(byte[] b, int off, int len) {
      return in.read(b, off, Math.min(len, chunk));
    }
  }

  // ---- the byte-at-a-time reading, kept as the rules' plain statement

  private static List<String> reference(String input) throws IOException {
    Reference r = new Reference(new ByteArrayInputStream(bytes(input)));
    List<String> out = new ArrayList<>();
    try {
      for (String e = r.next(); e != null; e = r.next()) {
        out.add(e);
      }
      out.add("end@" + r.line + (r.closed ? " closed" : ""));
    } catch (IOException e) {
      out.add("error: " + e.getMessage());
    }
    return out;
  }

  private static final class Reference {
    private final ByteInput in;
    private final ByteInput.Bytes current = new ByteInput.Bytes();
    private long line = 1;
    private long index;
    private boolean started;
    private boolean finished;
    private boolean closed;

    Reference(InputStream in) {
      this.in = new ByteInput(in, 0);
    }

    String next() throws IOException {
      if (closed) {
        return afterArray();
      }
      if (finished) {
        return null;
      }
      if (!started) {
        started = true;
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
      while (true) {
        int b = in.read();
        if (b < 0) {
          finished = true;
          return startLine < 0
              ? null
              : describe("UNTERMINATED", index++, startLine, offset, current.trimmed());
        }
        if (b == '\n') {
          line++;
        }
        if (inString) {
          current.append(b);
          if (escaped) {
            escaped = false;
          } else if (b == '\\') {
            escaped = true;
          } else if (b == '"') {
            inString = false;
          }
          continue;
        }
        if (depth == 0 && (b == ',' || b == ']')) {
          if (b == ']') {
            closed = true;
          }
          if (startLine < 0) {
            if (closed) {
              return afterArray();
            }
            continue;
          }
          return describe("ELEMENT", index++, startLine, offset, current.trimmed());
        }
        if (startLine < 0) {
          if (ByteInput.Bytes.isSpace((byte) b)) {
            continue;
          }
          startLine = line;
          offset = in.position() - 1;
        }
        current.append(b);
        if (b == '"') {
          inString = true;
        } else if (b == '{' || b == '[') {
          depth++;
        } else if ((b == '}' || b == ']') && depth > 0) {
          depth--;
        }
      }
    }

    private String afterArray() throws IOException {
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
          return describe("AFTER_ARRAY", -1, at, -1, text);
        }
      }
    }
  }
}
