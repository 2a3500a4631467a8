package io.chatkitmigrate.pipelines.generate;

import io.chatkitmigrate.schemas.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code CheckExpected EXPECTED_JSON REPORT_JSON}: exits 0 when a run's report shows exactly the
 * counts a generated export called for, else prints each difference and exits 1. The benchmarks'
 * correctness check.
 */
public final class CheckExpected {
  private CheckExpected() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 2) {
      System.err.println("usage: CheckExpected EXPECTED_JSON REPORT_JSON");
      System.exit(2);
    }
    List<String> differences =
        ExpectedCounts.differences(
            Json.tree(Files.readString(Path.of(args[0]))),
            Json.tree(Files.readString(Path.of(args[1]))));
    differences.forEach(System.out::println);
    System.out.println(
        differences.isEmpty() ? "matches expected.json" : differences.size() + " differences");
    System.exit(differences.isEmpty() ? 0 : 1);
  }
}
