package io.chatkitmigrate.transforms.write;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Parts in Stream's item order, cut between lines under the size bound, each announced once
 * complete.
 */
class ImportPartsTest {
  @TempDir Path dir;

  @Test
  void partsKeepTypeOrderStayUnderTheBoundAndAreCompleteWhenAnnounced() throws Exception {
    Path work = Files.createDirectories(dir.resolve("work"));
    Files.writeString(work.resolve("users-1.jsonl"), "{\"u\":1}\n{\"u\":2}\n");
    Files.writeString(work.resolve("users-0.jsonl"), "{\"u\":0}\n\n");
    StringBuilder messages = new StringBuilder();
    for (int i = 0; i < 40; i++) {
      messages.append("{\"m\":").append(i).append("}\n");
    }
    Files.writeString(work.resolve("messages-0.jsonl"), messages);
    Map<String, String> globs = new LinkedHashMap<>();
    globs.put("user", work + "/users-*");
    globs.put("message", work + "/messages-*");

    List<String> announced = new ArrayList<>();
    ImportParts assembly = new ImportParts(dir.toString(), 64);
    assembly.onPartClosed(
        part -> {
          try {
            byte[] bytes = Files.readAllBytes(Path.of(assembly.location(part)));
            assertEquals(part.bytes(), bytes.length);
            assertEquals(
                part.sha256(),
                HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)));
            announced.add(part.name());
          } catch (Exception e) {
            throw new AssertionError(e);
          }
        });
    List<ImportParts.Part> parts = assembly.assemble(globs);

    assertEquals(parts.stream().map(ImportParts.Part::name).toList(), announced);
    List<String> lines = new ArrayList<>();
    for (ImportParts.Part part : parts) {
      String text = Files.readString(Path.of(assembly.location(part)), StandardCharsets.UTF_8);
      assertTrue(
          text.length() <= 64 && text.endsWith("\n"),
          part.name() + " is " + text.length() + " bytes");
      lines.addAll(text.lines().toList());
    }
    assertEquals("{\"u\":0}", lines.get(0));
    assertEquals("{\"u\":2}", lines.get(2));
    assertEquals("{\"m\":0}", lines.get(3));
    assertEquals(43, lines.size());
    assertEquals(3L, parts.get(0).counts().get("user"));
  }
}
