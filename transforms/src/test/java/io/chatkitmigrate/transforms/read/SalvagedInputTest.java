package io.chatkitmigrate.transforms.read;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Random;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

class SalvagedInputTest {
  @Test
  void aCutStreamEndsAfterEveryByteThatCanStillBeDecoded() throws IOException {
    byte[] text = new byte[300_000];
    new Random(5).nextBytes(text);
    byte[] gz = gzip(text);
    byte[] cut = Arrays.copyOf(gz, gz.length / 2);
    long decodable = 0;
    try (InputStream oneByOne = new GZIPInputStream(new ByteArrayInputStream(cut))) {
      while (oneByOne.read() >= 0) {
        decodable++;
      }
    } catch (IOException e) {
      // the cut
    }

    SalvagedInput in =
        new SalvagedInput(() -> new GZIPInputStream(new ByteArrayInputStream(cut), 1 << 16));
    byte[] read = in.readAllBytes();
    assertTrue(in.failure() instanceof IOException, String.valueOf(in.failure()));
    assertEquals(decodable, read.length, "large reads that failed lost nothing");
    assertEquals(read.length, in.delivered());
    assertArrayEquals(Arrays.copyOf(text, read.length), read);
  }

  @Test
  void aWholeStreamPassesThroughUntouched() throws IOException {
    byte[] text = "{\"id\":1}\n".repeat(1000).getBytes();
    SalvagedInput in =
        new SalvagedInput(() -> new GZIPInputStream(new ByteArrayInputStream(gzip(text))));
    assertArrayEquals(text, in.readAllBytes());
    assertNull(in.failure());
  }

  private static byte[] gzip(byte[] bytes) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(bytes);
    }
    return out.toByteArray();
  }
}
