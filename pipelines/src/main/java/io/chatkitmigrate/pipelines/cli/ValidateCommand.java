package io.chatkitmigrate.pipelines.cli;

import io.chatkitmigrate.pipelines.PartsValidation;
import io.chatkitmigrate.pipelines.UsageException;
import io.chatkitmigrate.schemas.Json;
import io.chatkitmigrate.schemas.stream.validate.ValidationReport;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.options.PipelineOptionsFactory;

/** {@code chatkit-migrate validate}: checks any set of Stream import files, as Stream would. */
final class ValidateCommand {
  private ValidateCommand() {}

  static int run(String[] args, PrintStream out, PrintStream err) throws Exception {
    Args a =
        new Args("validate")
            .option(
                "input",
                null,
                "An import file, or a folder (or a migration's output folder) of part-*.jsonl"
                    + " files, checked in name order.")
            .option("maxMessageLength", "5000", "Longest message text in code points.")
            .option("maxPartBytes", "300000000", "Largest file Stream accepts, in bytes.");
    if (!a.parse(args, out)) {
      return ChatkitMigrate.OK;
    }
    FileSystems.setDefaultPipelineOptions(PipelineOptionsFactory.create());
    String input = a.get("input");
    String glob = input;
    if (!input.contains("://") && Files.isDirectory(Path.of(input))) {
      Path dir = Path.of(input);
      glob =
          (Files.isDirectory(dir.resolve("import")) ? dir.resolve("import") : dir)
              + "/part-*.jsonl";
    }
    ValidationReport report =
        PartsValidation.validate(
            glob, (int) a.getLong("maxMessageLength"), a.getLong("maxPartBytes"));
    if (report.totals().isEmpty() && report.errorCount() == 0) {
      throw new UsageException("no import files at " + input);
    }
    out.println(Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(report.toJson()));
    err.println(
        report.ok()
            ? "valid: " + report.totals()
            : report.errorCount() + " errors " + report.errorsByKind());
    return report.ok() ? ChatkitMigrate.OK : ChatkitMigrate.FAILED;
  }
}
