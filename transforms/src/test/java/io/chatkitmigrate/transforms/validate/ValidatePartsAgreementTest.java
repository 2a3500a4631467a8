package io.chatkitmigrate.transforms.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.chatkitmigrate.schemas.stream.validate.ItemRules;
import io.chatkitmigrate.schemas.stream.validate.ValidationReport;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.values.PCollection;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pipeline validator and the sequential one report the same, to the byte of the report's JSON,
 * on a corpus that breaks every rule the validator has, and on valid imports.
 */
class ValidatePartsAgreementTest {
  @TempDir static Path tmp;

  /** The sequential report of a case, as JSON. */
  static String sequential(BrokenImports.Case c, Path dir) throws IOException {
    return Sequential.validate(dir + "/part-*.jsonl", 5000, c.maxPartBytes(), c.maxKept())
        .toJson()
        .toString();
  }

  /** Runs the pipeline on the Direct runner and asserts its report is {@code expected}. */
  static void pipelineReports(BrokenImports.Case c, Path dir, String expected) {
    pipelineReports(c, expected, validator(c, dir));
  }

  /** The pipeline validator of a case's parts. */
  static ValidateParts validator(BrokenImports.Case c, Path dir) {
    return ValidateParts.of(dir + "/part-*.jsonl", 5000, c.maxPartBytes(), c.maxKept(), 4);
  }

  /** Runs {@code validator} on the Direct runner and asserts its report is {@code expected}. */
  static void pipelineReports(BrokenImports.Case c, String expected, ValidateParts validator) {
    Pipeline p =
        Pipeline.create(
            PipelineOptionsFactory.fromArgs("--runner=DirectRunner", "--targetParallelism=2")
                .create());
    PCollection<ValidationOutcome> outcome = p.apply(validator);
    String name = c.name();
    PAssert.thatSingleton(outcome)
        .satisfies(
            o -> {
              assertEquals(expected, o.report().toJson().toString(), name);
              return null;
            });
    p.run().waitUntilFinish();
  }

  @TestFactory
  Stream<DynamicTest> pipelineAndSequentialReportTheSameOnEveryCase() {
    return BrokenImports.all().stream()
        .map(
            c ->
                DynamicTest.dynamicTest(
                    c.name(),
                    () -> {
                      Path dir = c.write(tmp);
                      String expected = sequential(c, dir);
                      boolean valid = c.name().startsWith("valid");
                      assertEquals(valid, expected.startsWith("{\"ok\":true"), expected);
                      pipelineReports(c, dir, expected);
                    }));
  }

  /**
   * The corpus breaks every rule: every kind of error a report can hold, and every reference and id
   * claim between items, is reported on some case. A new kind or claim without a case fails here.
   */
  @Test
  void theCorpusCoversEveryErrorKindAndEveryClaim() throws IOException {
    Set<String> kinds = new TreeSet<>();
    Set<ItemRules.Claim> claims = EnumSet.noneOf(ItemRules.Claim.class);
    List<String> invalidWithoutErrors = new ArrayList<>();
    for (BrokenImports.Case c : BrokenImports.all()) {
      ValidationReport r =
          Sequential.validate(
              c.write(tmp.resolve("coverage")) + "/part-*.jsonl",
              5000,
              c.maxPartBytes(),
              c.maxKept());
      if (!c.name().startsWith("valid") && r.ok()) {
        invalidWithoutErrors.add(c.name());
      }
      kinds.addAll(r.errorsByKind().keySet());
      for (JsonNode e : r.errors()) {
        for (ItemRules.Claim claim : ItemRules.Claim.values()) {
          if (claim.kind().equals(e.get("kind").asText())
              && pattern(claim).matcher(e.get("error").asText()).matches()) {
            claims.add(claim);
          }
        }
      }
    }
    assertTrue(invalidWithoutErrors.isEmpty(), "cases that break nothing: " + invalidWithoutErrors);
    assertEquals(new TreeSet<>(ValidationReport.KINDS), kinds);
    assertEquals(EnumSet.allOf(ItemRules.Claim.class), claims);
    assertFalse(BrokenImports.all().isEmpty());
  }

  /** A claim's message with its key parts left open. */
  private static Pattern pattern(ItemRules.Claim claim) {
    String[] holes = {"\u0001", "\u0002", "\u0003"};
    String message = claim.message(holes);
    StringBuilder regex = new StringBuilder();
    for (String piece : message.split("[\u0001\u0002\u0003]", -1)) {
      if (regex.length() > 0) {
        regex.append(".+");
      }
      regex.append(Pattern.quote(piece));
    }
    return Pattern.compile(regex.toString());
  }
}
