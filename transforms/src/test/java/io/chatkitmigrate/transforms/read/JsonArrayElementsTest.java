package io.chatkitmigrate.transforms.read;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class JsonArrayElementsTest {
  private static List<String> elements(String json) throws IOException {
    JsonArrayElements array =
        new JsonArrayElements(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));
    List<String> out = new ArrayList<>();
    for (JsonArrayElements.Element e = array.next(); e != null; e = array.next()) {
      out.add(e.index() + "@" + e.line() + ":" + new String(e.bytes(), StandardCharsets.UTF_8));
    }
    return out;
  }

  @Test
  void cutsElementsAtTopLevelCommasOnlyAndKeepsTheirLines() throws IOException {
    assertEquals(
        List.of("0@2:{\"a\":\"x,]}\\\"\",\"b\":[1,2]}", "1@3:42", "2@4:\"s\""),
        elements("[\n{\"a\":\"x,]}\\\"\",\"b\":[1,2]},\n42,\n\"s\"\n]"));
  }

  /** A JSON array of {@code bytes} bytes, made up as it is read: nothing of it exists whole. */
  static final class HugeArray extends InputStream {
    private static final byte[] ELEMENT =
        "{\"id\":1,\"room_id\":\"r\",\"sender_id\":\"u\",\"parts\":[]},\n"
            .getBytes(StandardCharsets.US_ASCII);
    private final long elements;
    private long position = -1; // -1: the opening bracket

    HugeArray(long bytes) {
      this.elements = bytes / ELEMENT.length;
    }

    long elements() {
      return elements;
    }

    @Override
    public int read() {
      if (position < 0) {
        position = 0;
        return '[';
      }
      long total = elements * ELEMENT.length;
      if (position >= total) {
        return position++ == total ? ']' : -1;
      }
      byte b = ELEMENT[(int) (position % ELEMENT.length)];
      position++;
      // The last element has no comma after it.
      return position > total - 2 && b == ',' ? ' ' : b;
    }

    @Override
    public int read(byte[] buffer, int off, int len) {
      int n = 0;
      while (n < len) {
        int b = read();
        if (b < 0) {
          return n == 0 ? -1 : n;
        }
        buffer[off + n++] = (byte) b;
      }
      return n;
    }
  }

  /** Run in a JVM of 32 MB heap: counts the elements of a 2.2 GB array. */
  public static void main(String[] args) throws IOException {
    HugeArray input = new HugeArray(Long.parseLong(args[0]));
    JsonArrayElements array = new JsonArrayElements(input);
    long count = 0;
    while (array.next() != null) {
      count++;
    }
    System.out.println(count + " of " + input.elements());
  }

  @Test
  void aTwoGigabyteArrayStreamsThroughA32MegabyteHeap() throws Exception {
    long bytes = 2_200_000_000L;
    Process p =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx32m",
                "-cp",
                System.getProperty("java.class.path"),
                JsonArrayElementsTest.class.getName(),
                Long.toString(bytes))
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    assertEquals(0, p.waitFor(), out);
    long elements = bytes / HugeArray.ELEMENT.length;
    assertEquals(elements + " of " + elements, out);
  }
}
