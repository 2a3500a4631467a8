package io.chatkitmigrate.transforms.write;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.io.FileSystems;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The rolling writer: cut only at line ends, never over the bound, described exactly. */
class PartWriterTest {
  @TempDir Path dir;

  @Test
  void filesStayUnderTheBoundEndOnLinesAndAreDescribedAsAnIndependentReadingFinds()
      throws Exception {
    StringBuilder users = new StringBuilder();
    StringBuilder messages = new StringBuilder();
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      users.append("{\"u\":").append(i).append("}\n");
      expected.add("{\"u\":" + i + "}");
    }
    users.append("\n");
    for (int i = 0; i < 50; i++) {
      // Lines of varied length, some with multi-byte characters, so the cuts fall in many places.
      String line = "{\"m\":" + i + ",\"t\":\"" + "é".repeat(i % 9) + "x".repeat(i % 5) + "\"}";
      messages.append(line).append('\n');
      expected.add(line);
    }
    List<PartWriter.Written> announced = new ArrayList<>();
    PartWriter writer = writer(60, announced);
    writer.copyLines("user", stream(users.toString()));
    writer.copyLines("message", stream(messages.toString()));
    writer.close();

    List<PartWriter.Written> files = writer.written();
    assertEquals(files, announced);
    assertTrue(files.size() > 5, files.size() + " files");
    List<String> lines = new ArrayList<>();
    long users0 = 0;
    long messages0 = 0;
    for (int i = 0; i < files.size(); i++) {
      PartWriter.Written file = files.get(i);
      assertEquals(i, file.sequence());
      byte[] bytes = Files.readAllBytes(Path.of(file.file().toString()));
      assertTrue(bytes.length <= 60, file + " is " + bytes.length + " bytes");
      assertEquals('\n', bytes[bytes.length - 1]);
      assertEquals(bytes.length, file.bytes());
      assertEquals(
          HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)),
          file.sha256());
      List<String> own = new String(bytes, StandardCharsets.UTF_8).lines().toList();
      long u = own.stream().filter(l -> l.startsWith("{\"u\"")).count();
      long m = own.stream().filter(l -> l.startsWith("{\"m\"")).count();
      assertEquals(own.size(), u + m);
      assertEquals(u, file.counts().getOrDefault("user", 0L));
      assertEquals(m, file.counts().getOrDefault("message", 0L));
      users0 += u;
      messages0 += m;
      lines.addAll(own);
      if (i + 1 < files.size()) {
        // Cut only when the next line would not have fitted.
        byte[] next = Files.readAllBytes(Path.of(files.get(i + 1).file().toString()));
        int firstLine = new String(next, StandardCharsets.UTF_8).indexOf('\n') + 1;
        int firstLineBytes =
            new String(next, StandardCharsets.UTF_8)
                .substring(0, firstLine)
                .getBytes(StandardCharsets.UTF_8)
                .length;
        assertTrue(bytes.length + firstLineBytes > 60, "cut early before " + files.get(i + 1));
      }
    }
    assertEquals(expected, lines, "every line once, in order, blank lines left out");
    assertEquals(7, users0);
    assertEquals(50, messages0);
  }

  @Test
  void aLineOfExactlyTheBoundFillsAPartAndALargerOneIsRefusedAsBefore() throws IOException {
    PartWriter writer = writer(10, new ArrayList<>());
    writer.copyLines("user", stream("123456789\nab\n"));
    writer.close();
    assertEquals(
        List.of(10L, 3L), writer.written().stream().map(PartWriter.Written::bytes).toList());
    assertEquals(Map.of("user", 1L), writer.written().get(0).counts());

    PartWriter tooSmall = writer(10, new ArrayList<>());
    IOException e =
        assertThrows(
            IOException.class, () -> tooSmall.copyLines("message", stream("1234567890\n")));
    assertEquals(
        "one message item is 11 bytes, more than a whole part may hold (--maxPartBytes=10)",
        e.getMessage());
  }

  @Test
  void nothingToWriteWritesNoFile() throws IOException {
    PartWriter writer = writer(10, new ArrayList<>());
    writer.copyLines("user", stream("\n\n"));
    writer.close();
    assertEquals(List.of(), writer.written());
    try (var files = Files.list(dir)) {
      assertEquals(0, files.count());
    }
  }

  private PartWriter writer(long max, List<PartWriter.Written> announced) {
    return new PartWriter(
        max,
        sequence -> FileSystems.matchNewResource(dir.resolve("p-" + sequence).toString(), false),
        announced::add);
  }

  private static ByteArrayInputStream stream(String text) {
    return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
  }
}
