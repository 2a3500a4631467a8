package io.chatkitmigrate.pipelines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chatkitmigrate.schemas.stream.validate.ImportValidator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PartsValidationTest {
  @TempDir Path dir;

  @Test
  void theLaunchersValidationSaysHowManyOfTheAnnouncedBytesItHasRead() throws IOException {
    // 3 MB of users, so that the validator reads the part in several blocks.
    StringBuilder lines = new StringBuilder();
    for (int i = 0; lines.length() < 3 << 20; i++) {
      lines.append("{\"type\":\"user\",\"data\":{\"id\":\"user-").append(i).append("\"}}\n");
    }
    Path part = dir.resolve("part-00001.jsonl");
    Files.writeString(part, lines, StandardCharsets.UTF_8);
    long bytes = Files.size(part);
    long started = System.nanoTime();

    try (PartsValidation.Alongside checking =
        new PartsValidation.Alongside(ImportValidator.withDefaults(), started)) {
      assertEquals(
          "chatkit-migrate: 1:05 validating the import parts: 0 of 0 MB (0 %)",
          checking.line(started + 65_000_000_000L));
      checking.part("import/part-00001.jsonl", part.toString(), bytes);
      PartsValidation validation = checking.finish();

      assertEquals(
          "chatkit-migrate: 0:07 validating the import parts: 3 of 3 MB (100 %)",
          checking.line(started + 7_000_000_000L));
      assertTrue(validation.ok(), "the users are valid items");
    }
  }
}
