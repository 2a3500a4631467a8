package io.chatkitmigrate.pipelines.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class LocalPathsTest {
  @Test
  void relativeLocalPathsBecomeAbsoluteAndNothingElseChanges() {
    String here = Path.of("").toAbsolutePath().toString();
    assertArrayEquals(
        new String[] {
          "--input=" + here + "/export",
          "--output=/tmp/out",
          "--runner=FlinkRunner",
          "--flinkMaster=127.0.0.1:8081",
          "--inputs=kept"
        },
        LocalPaths.absolute(
            new String[] {
              "--input=./x/../export",
              "--output=/tmp/out",
              "--runner=FlinkRunner",
              "--flinkMaster=127.0.0.1:8081",
              "--inputs=kept"
            },
            "input",
            "output"));
  }

  @Test
  void bucketsAndEmptyValuesStayAsGiven() {
    String[] args = {"--input=gs://bucket/export", "--output=file:///tmp/o", "--output="};
    assertArrayEquals(args, LocalPaths.absolute(args, "input", "output"));
  }
}
