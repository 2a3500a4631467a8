package io.chatkitmigrate.pipelines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.chatkitmigrate.pipelines.generate.ExpectedCounts;
import io.chatkitmigrate.pipelines.generate.ExportGenerator;
import io.chatkitmigrate.pipelines.generate.GeneratorSettings;
import io.chatkitmigrate.schemas.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A generated export, with copies, fragments across shards, bad lines, deleted rooms, odd ids and
 * cursors at vanished messages, converts to exactly the counts its generator wrote down, with read
 * state intact; so does one in the form of Pusher's own export, the one the peer converter is
 * compared on.
 */
class MigrateGeneratedExportTest {
  @TempDir Path tmp;

  private JsonNode convertsToItsExpectedCounts(GeneratorSettings settings) throws Exception {
    return convertsToItsExpectedCounts(settings, "").report();
  }

  /** The run, its files under names that end in {@code suffix}. */
  private Runs convertsToItsExpectedCounts(GeneratorSettings settings, String suffix)
      throws Exception {
    Path generated = tmp.resolve("generated" + suffix);
    new ExportGenerator(settings).generate(generated, n -> {});
    Runs run = Runs.migrate(generated.resolve("export"), tmp.resolve("out" + suffix));
    assertEquals(0, run.exit, run.toString());
    JsonNode expected = Json.tree(Files.readString(generated.resolve("expected.json")));
    List<String> differences = ExpectedCounts.differences(expected, run.report());
    assertEquals(List.of(), differences, run.toString());
    FindingLines.assertEveryCountHasItsLines(run.output);
    assertEquals(0, run.report().at("/read_state/mismatched_members").asLong());
    return run;
  }

  private static void readStateCompared(JsonNode report) {
    assertTrue(
        report.at("/read_state/members_compared").asLong() > 100,
        report.at("/read_state").toString());
  }

  @Test
  void ndjsonShardsWithEveryFault() throws Exception {
    readStateCompared(
        convertsToItsExpectedCounts(GeneratorSettings.of(3000, 11).withRates(0.01, 0.03, 0.05)));
  }

  @Test
  void gzippedArraysWithAHotRoom() throws Exception {
    readStateCompared(
        convertsToItsExpectedCounts(
            GeneratorSettings.of(3000, 12)
                .withFormat(true, true, 3)
                .withHotRoom(1500)
                .withRates(0.01, 0.03, 0.05)));
  }

  @Test
  void laterCopiesOfEveryWholeMessageInAHotRoomChangeNoItem() throws Exception {
    GeneratorSettings plain = GeneratorSettings.of(3000, 14).withHotRoom(1500);
    Runs without = convertsToItsExpectedCounts(plain, "-plain");
    Runs with = convertsToItsExpectedCounts(plain.withLaterCopies(1.0), "-later");
    readStateCompared(with.report());
    // Each later copy lies in another second and loses: it is folded into its message (or
    // rejected with it, in a deleted room), and every item, timestamps included, is the one the
    // export without the copies gives.
    long copies =
        with.report().at("/accounting/entities/messages/read").asLong()
            - without.report().at("/accounting/entities/messages/read").asLong();
    assertTrue(copies > 2500, with.report().toString());
    assertTrue(
        with.report().at("/accounting/entities/messages/merged").asLong()
            > without.report().at("/accounting/entities/messages/merged").asLong() + 2500,
        with.report().toString());
    assertEquals(
        without.importLines().stream().sorted().toList(),
        with.importLines().stream().sorted().toList());
  }

  @Test
  void pusherShapedArraysAsTheBenchmarkGivesBothTools() throws Exception {
    JsonNode report =
        convertsToItsExpectedCounts(
            GeneratorSettings.of(3000, 13)
                .withFormat(true, false, 1)
                .withHotRoom(1000)
                .withRates(0, 0, 0)
                .withShape(GeneratorSettings.Shape.PUSHER));
    // Nothing to fold or refuse in Pusher's form: every record is one item, as the peer counts.
    assertEquals(
        0, report.at("/accounting/entities/messages/rejected").asLong(), report.toString());
    assertEquals(0, report.at("/accounting/entities/messages/merged").asLong(), report.toString());
    assertEquals(3000, report.at("/accounting/items/message").asLong(), report.toString());
    // No cursor files, as in Pusher's export: nothing to compare, and the report says so.
    assertEquals(0, report.at("/read_state/members_compared").asLong());
    assertTrue(
        report.at("/read_state/note").asText().contains("no cursor files"),
        report.at("/read_state").toString());
  }
}
