package io.chatkitmigrate.pipelines;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chatkitmigrate.schemas.stream.validate.ImportValidator;
import io.chatkitmigrate.schemas.stream.validate.ValidationReport;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.channels.Channels;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.EmptyMatchTreatment;
import org.apache.beam.sdk.io.fs.MatchResult;

/** Runs the validator over a folder of import parts, local or gs://, in their import order. */
public final class Validation {
  private final ValidationReport report;
  private final boolean ran;

  private Validation(ValidationReport report, boolean ran) {
    this.report = report;
    this.ran = ran;
  }

  static Validation run(Layout out, MigrateOptions options, PrintStream progress) throws IOException {
    if (!options.getValidate()) {
      return new Validation(null, false);
    }
    progress.println("chatkit-migrate: validating the import parts");
    return new Validation(validate(out.importDir() + "part-*.jsonl", options.getMaxMessageLength(),
        options.getMaxPartBytes()), true);
  }

  /** Validates every file the glob matches, sorted by name. */
  public static ValidationReport validate(String glob, int maxMessageLength, long maxPartBytes) throws IOException {
    MatchResult match = FileSystems.match(List.of(glob), EmptyMatchTreatment.ALLOW).get(0);
    List<ImportValidator.Part> parts = new ArrayList<>();
    if (match.status() == MatchResult.Status.OK) {
      match.metadata().stream()
          .sorted(java.util.Comparator.comparing(m -> m.resourceId().toString()))
          .forEach(m -> parts.add(new ImportValidator.Part(m.resourceId().toString(), m.sizeBytes(),
              () -> Channels.newInputStream(FileSystems.open(m.resourceId())))));
    }
    return new ImportValidator(maxMessageLength, maxPartBytes, 1000).validate(parts);
  }

  boolean ok() {
    return !ran || report.ok();
  }

  String summary() {
    if (!ran) {
      return "skipped (--validate=false)";
    }
    return report.ok() ? "no errors in " + report.totals() : report.errorCount() + " errors " + report.errorsByKind();
  }

  ObjectNode toJson() {
    if (!ran) {
      ObjectNode node = io.chatkitmigrate.schemas.Json.MAPPER.createObjectNode();
      node.put("ran", false);
      return node;
    }
    return report.toJson();
  }
}
