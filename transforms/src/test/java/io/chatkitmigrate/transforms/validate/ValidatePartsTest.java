package io.chatkitmigrate.transforms.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.chatkitmigrate.schemas.stream.validate.ValidationReport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.testing.TestPipelineExtension;
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
    p.run().waitUntilFinish();
  }
}
