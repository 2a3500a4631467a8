package io.chatkitmigrate.transforms.testing;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Finds {@code shared/fixtures} beside the project's checkout, from whichever module runs the test.
 */
public final class Fixtures {
  private Fixtures() {}

  public static Path pusherSample() {
    return find("shared/fixtures/pusher-sample-export");
  }

  public static Path find(String relative) {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path candidate = dir.resolve(relative);
      if (Files.isDirectory(candidate)) {
        return candidate;
      }
    }
    throw new IllegalStateException(relative + " not found above " + Path.of("").toAbsolutePath());
  }
}
