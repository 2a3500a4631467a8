package io.chatkitmigrate.transforms.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.chatkitmigrate.schemas.stream.validate.ValidationReport;
import io.chatkitmigrate.transforms.testing.CounterSums;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.testing.TestPipelineExtension;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.Reshuffle;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The composite on two small parts: what it finds, where, and in which order. */
@ExtendWith(TestPipelineExtension.class)
class ValidatePartsTest {
  @TempDir Path tmp;

  @Test
  void findsOrderReferencesAndDuplicatesAcrossPartsWithTheirLines(TestPipeline p)
      throws IOException {
    Files.writeString(
        tmp.resolve("part-00001.jsonl"),
        String.join(
            "\n",
            BrokenImports.U,
            "",
            BrokenImports.channel("c1", "bob", ""),
            BrokenImports.U,
            "{\"type\":\"user\""));
    Files.writeString(
        tmp.resolve("part-00002.jsonl"),
        String.join("\n", BrokenImports.U2, BrokenImports.member("c1", "bob", "")) + "\n");
    PCollection<ValidationOutcome> outcome =
        p.apply(ValidateParts.of(tmp + "/part-*.jsonl", 5000, 300_000_000L, 10, 4));
    String first = tmp.resolve("part-00001.jsonl").toString();
    String second = tmp.resolve("part-00002.jsonl").toString();
    PAssert.thatSingleton(outcome)
        .satisfies(
            o -> {
              ValidationReport r = o.report();
              assertEquals(
                  Map.of("order", 2L, "reference", 1L, "duplicate", 1L, "parse", 1L),
                  r.errorsByKind());
              assertEquals(Map.of("user", 3L, "channel", 1L, "member", 1L), r.totals());
              List<String> found = new ArrayList<>();
              for (JsonNode e : r.errors()) {
                found.add(
                    (e.get("file").asText().equals(first) ? "1" : "2")
                        + ":"
                        + e.get("line").asLong()
                        + " "
                        + e.get("kind").asText());
              }
              assertEquals(
                  List.of("1:3 reference", "1:4 order", "1:4 duplicate", "1:5 parse", "2:1 order"),
                  found,
                  r.toJson().toPrettyString());
              assertEquals(second, r.errors().get(4).get("file").asText());
              return null;
            });
    PipelineResult result = p.run();
    result.waitUntilFinish();
    // The progress line's count: every parsed item once, the unparsable line not.
    assertEquals(5, CounterSums.of(result, "validation", "checked_items"));
  }

  /** Three parts of one range each: users; a channel, its member and a message; two messages. */
  private String threeParts(String lastMessage) throws IOException {
    Files.writeString(tmp.resolve("part-00001.jsonl"), BrokenImports.U + "\n" + BrokenImports.U2);
    Files.writeString(
        tmp.resolve("part-00002.jsonl"),
        String.join("\n", BrokenImports.C, BrokenImports.M, BrokenImports.msg("m1", "")));
    Files.writeString(
        tmp.resolve("part-00003.jsonl"), BrokenImports.msg("m2", "") + "\n" + lastMessage);
    return tmp + "/part-*.jsonl";
  }

  @Test
  void aValidOutputsRangesAreReadOnce(TestPipeline p) throws IOException {
    String glob = threeParts(BrokenImports.msg("m3", ",\"parent_id\":\"m1\""));
    PAssert.thatSingleton(p.apply(ValidateParts.of(glob, 5000, 300_000_000L, 10, 4)))
        .satisfies(
            o -> {
              assertEquals(Map.of(), o.report().errorsByKind());
              return null;
            });
    PipelineResult result = p.run();
    result.waitUntilFinish();
    assertEquals(0, CounterSums.of(result, "validation", ValidateParts.RANGES_READ_AGAIN));
  }

  @Test
  void aBrokenOutputIsReadAgainOnlyWhereItsUnclearKeysLie(TestPipeline p) throws IOException {
    String glob = threeParts(BrokenImports.ghostMessage("m3"));
    PAssert.thatSingleton(p.apply(ValidateParts.of(glob, 5000, 300_000_000L, 10, 4)))
        .satisfies(
            o -> {
              assertEquals(Map.of("reference", 2L), o.report().errorsByKind());
              return null;
            });
    PipelineResult result = p.run();
    result.waitUntilFinish();
    // Only the last part refers to the user and channel no item holds.
    assertEquals(1, CounterSums.of(result, "validation", ValidateParts.RANGES_READ_AGAIN));
  }

  /**
   * A job validates its parts under the workers' names, before the launcher names them: renamed,
   * the outcome is the report of the named parts, errors and counts in the named files.
   */
  @Test
  void partsValidatedUnderTheWorkersNamesReportUnderTheirFinalNames(TestPipeline p)
      throws IOException {
    Path written = Files.createDirectories(tmp.resolve("written"));
    Path named = Files.createDirectories(tmp.resolve("named"));
    List<String> lines =
        List.of(
            String.join("\n", BrokenImports.U, BrokenImports.member("c1", "bob", "")) + "\n",
            String.join("\n", BrokenImports.U2, BrokenImports.channel("c1", "bob", ""), "{")
                + "\n");
    List<KV<String, Long>> parts = new ArrayList<>();
    Map<String, String> names = new HashMap<>();
    for (int i = 0; i < lines.size(); i++) {
      Path part = written.resolve(String.format("parts-00000-attempt-%05d.jsonl", i));
      Files.writeString(part, lines.get(i));
      parts.add(KV.of(part.toString(), Files.size(part)));
      names.put(part.toString(), named.resolve(String.format("part-%05d.jsonl", i + 1)).toString());
    }
    String namedGlob = named + "/part-*.jsonl";
    PCollection<ValidationOutcome> outcome =
        p.apply(Create.of(parts))
            .apply(ValidateParts.ofParts(5000, 300_000_000L, 10, 4))
            .apply(Reshuffle.viaRandomKey());
    PAssert.thatSingleton(outcome)
        .satisfies(
            o -> {
              try {
                for (Map.Entry<String, String> rename : names.entrySet()) {
                  Files.copy(Path.of(rename.getKey()), Path.of(rename.getValue()));
                }
                ValidationReport expected = Sequential.validate(namedGlob, 5000, 300_000_000L, 10);
                ValidationReport r = o.renamed(names).report();
                assertEquals(5, r.errorCount(), r.toJson().toPrettyString());
                assertEquals(expected.toJson(), r.toJson());
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
              return null;
            });
    p.run().waitUntilFinish();
  }

  @Test
  void aRenamingThatLosesAPartOrChangesTheOrderIsRefused(TestPipeline p) throws IOException {
    Path a = Files.writeString(tmp.resolve("w-00000-x-00000.jsonl"), BrokenImports.U + "\n");
    Path b = Files.writeString(tmp.resolve("w-00000-x-00001.jsonl"), BrokenImports.U2 + "\n");
    String first = a.toString();
    String second = b.toString();
    PCollection<ValidationOutcome> outcome =
        p.apply(Create.of(List.of(KV.of(first, Files.size(a)), KV.of(second, Files.size(b)))))
            .apply(ValidateParts.ofParts(5000, 300_000_000L, 10, 4));
    PAssert.thatSingleton(outcome)
        .satisfies(
            o -> {
              IllegalArgumentException swapped =
                  assertThrows(
                      IllegalArgumentException.class,
                      () -> o.renamed(Map.of(first, "part-00002", second, "part-00001")));
              assertTrue(swapped.getMessage().contains("order"), swapped.getMessage());
              IllegalArgumentException lost =
                  assertThrows(
                      IllegalArgumentException.class, () -> o.renamed(Map.of(first, "part-00001")));
              assertTrue(lost.getMessage().contains("no new name"), lost.getMessage());
              return null;
            });
    p.run().waitUntilFinish();
  }
}
