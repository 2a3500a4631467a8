package io.chatkitmigrate.pipelines;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The report's examples of a reason are the first findings by where their records are, chosen by
 * the job: the same whatever the runner's order, and the launcher reads only them.
 */
class ReportExamplesTest {
  @TempDir Path tmp;

  @Test
  void theExamplesOfAReasonAreItsFirstFindingsByPlace() throws Exception {
    Path in = Files.createDirectories(tmp.resolve("in"));
    StringBuilder users = new StringBuilder();
    List<Long> broken = new ArrayList<>();
    for (int i = 1; i <= 40; i++) {
      if (i % 7 == 0) {
        users.append("{\"id\":\"u").append(i).append("\",\n");
        broken.add((long) i);
      } else {
        users.append("{\"id\":\"u").append(i).append("\",\"name\":\"U\"}\n");
      }
    }
    // Two files, so that the examples come from two shards of the reading.
    Files.writeString(in.resolve("users-2.ndjson"), users);
    Files.writeString(in.resolve("users-1.ndjson"), users);
    Runs run = Runs.migrate(in, tmp.resolve("out"), "--splitBytes=200");
    assertEquals(10, run.findings("rejected").size(), run.toString());

    JsonNode examples = run.report().at("/examples/rejected/malformed_json");
    List<String> places = new ArrayList<>();
    examples.forEach(
        e ->
            places.add(
                Path.of(e.path("source").asText()).getFileName() + ":" + e.path("line").asLong()));
    assertEquals(
        List.of(
            "users-1.ndjson:" + broken.get(0),
            "users-1.ndjson:" + broken.get(1),
            "users-1.ndjson:" + broken.get(2)),
        places,
        examples.toPrettyString());
  }
}
