package io.chatkitmigrate.transforms.read;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class TextEncodingTest {
  static final String TEXT = "[{\"id\":\"Zoë 😀\"}]\n";

  @Test
  void theFirstBytesTellTheEncodingWithOrWithoutAMark() {
    for (String charset : new String[] {"UTF-16BE", "UTF-16LE", "UTF-32BE", "UTF-32LE"}) {
      TextEncoding expected = TextEncoding.valueOf(charset.replace('-', '_'));
      byte[] marked = ("\uFEFF" + TEXT).getBytes(Charset.forName(charset));
      assertEquals(
          new TextEncoding.Detected(expected, charset.contains("16") ? 2 : 4),
          TextEncoding.detect(head(marked)),
          charset);
      assertEquals(
          new TextEncoding.Detected(expected, 0),
          TextEncoding.detect(head(TEXT.getBytes(Charset.forName(charset)))),
          charset);
    }
    assertEquals(
        new TextEncoding.Detected(TextEncoding.UTF_8, 0),
        TextEncoding.detect(head(("\uFEFF" + TEXT).getBytes(StandardCharsets.UTF_8))));
    assertEquals(
        new TextEncoding.Detected(TextEncoding.UTF_8, 0),
        TextEncoding.detect(head(TEXT.getBytes(StandardCharsets.UTF_8))));
    assertEquals(
        new TextEncoding.Detected(TextEncoding.UTF_8, 0), TextEncoding.detect(new byte[] {'{'}));
  }

  @Test
  void decodedTextIsUtf8WithoutTheMarkAndABadSequenceBecomesAnInvalidByte() throws IOException {
    for (String charset : new String[] {"UTF-16BE", "UTF-16LE", "UTF-32BE", "UTF-32LE"}) {
      byte[] marked = ("\uFEFF" + TEXT.repeat(5000)).getBytes(Charset.forName(charset));
      assertArrayEquals(TEXT.repeat(5000).getBytes(StandardCharsets.UTF_8), utf8(marked), charset);
    }
    byte[] lone = {'{', 0, 0, (byte) 0xD8, '\n', 0, '}', 0};
    assertArrayEquals(
        new byte[] {'{', (byte) 0xFF, '\n', '}'},
        utf8(lone),
        "the line end after a lone surrogate stays");
  }

  private static byte[] utf8(byte[] bytes) throws IOException {
    return TextEncoding.detect(head(bytes)).toUtf8(new ByteArrayInputStream(bytes)).readAllBytes();
  }

  private static byte[] head(byte[] bytes) {
    return Arrays.copyOf(bytes, Math.min(4, bytes.length));
  }
}
