package io.chatkitmigrate.transforms.convert;

import com.fasterxml.jackson.databind.JsonNode;
import io.chatkitmigrate.schemas.Finding;
import io.chatkitmigrate.schemas.Json;
import io.chatkitmigrate.schemas.Source;
import io.chatkitmigrate.schemas.chatkit.ChatkitRole;
import io.chatkitmigrate.schemas.coders.SmileCoder;
import java.util.List;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.transforms.View;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.TypeDescriptors;

/** What the stages' pipeline tests share: sources, the role book, outputs made comparable. */
final class StageRuns {
  private StageRuns() {}

  static Source at(String file, long line) {
    return new Source(file, line, -1, 0, 10);
  }

  static PCollectionView<List<ChatkitRole>> roleBook(Pipeline p, ChatkitRole... roles) {
    return p.apply("Roles", Create.of(List.of(roles)).withCoder(SmileCoder.of(ChatkitRole.class)))
        .apply("RoleBook", View.asList());
  }

  /** A finding as "reason entity file:line". */
  static PCollection<String> findings(String name, PCollection<Finding> findings) {
    return findings.apply(
        name,
        MapElements.into(TypeDescriptors.strings())
            .via(f -> f.reason() + " " + f.entity() + " " + f.source() + ":" + f.line()));
  }

  /** Some fields of each import line's data, joined by spaces. */
  static PCollection<String> items(String name, PCollection<String> lines, String... fields) {
    List<String> wanted = List.of(fields);
    SerializableFunction<String, String> pick =
        line -> {
          JsonNode data = Json.tree(line).path("data");
          return String.join(" ", wanted.stream().map(f -> data.path(f).asText("null")).toList());
        };
    return lines.apply(name, MapElements.into(TypeDescriptors.strings()).via(pick));
  }
}
