package io.chatkitmigrate.pipelines.cli;

import io.chatkitmigrate.pipelines.UsageException;
import io.chatkitmigrate.pipelines.generate.ExpectedCounts;
import io.chatkitmigrate.pipelines.generate.ExportGenerator;
import io.chatkitmigrate.pipelines.generate.GeneratorSettings;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code chatkit-migrate generate}: a synthetic export of any size, and the counts it must convert
 * to.
 */
final class GenerateCommand {
  private GenerateCommand() {}

  static int run(String[] args, PrintStream out, PrintStream err) throws Exception {
    Args a =
        new Args("generate")
            .option(
                "output",
                null,
                "Folder to write: the export goes to OUTPUT/export, the counts to"
                    + " OUTPUT/expected.json.")
            .option(
                "messages",
                null,
                "Messages to generate (distinct messages, before copies, fragments and bad lines).")
            .option("users", "", "Users (default: messages / 20, at least 10).")
            .option("rooms", "", "Rooms (default: messages / 100, at least 5).")
            .option("seed", "1", "Seed: the same seed and options write the same bytes.")
            .option("shards", "4", "Files per entity.")
            .option("format", "ndjson", "ndjson, or array (one top-level JSON array per file).")
            .option("compress", "none", "none, or gz.")
            .option(
                "shape",
                "mixed",
                "mixed (every record shape and spelling the reader accepts), or pusher (every"
                    + " record as in Pusher's own export, the one the peer converter reads: no"
                    + " cursors or roles, string room ids, nothing deleted).")
            .option("cursors", "", "Write read cursors (default: true; false for --shape=pusher).")
            .option(
                "roles",
                "",
                "Write roles and user roles (default: true; false for --shape=pusher).")
            .option("hotRoomMessages", "0", "Messages of one hot public room (part of --messages).")
            .option("badLineRate", "0.001", "Share of records followed by a malformed copy.")
            .option(
                "duplicateRate",
                "0.01",
                "Share of records written twice, with different updated_at.")
            .option(
                "fragmentRate",
                "0.02",
                "Share of messages split into fragments (part_index/part_count) across shards.")
            .option(
                "laterCopyRate",
                "0",
                "Share of whole messages also written as a copy one second later and a day older,"
                    + " which loses to the original.");
    if (!a.parse(args, out)) {
      return ChatkitMigrate.OK;
    }
    long messages = a.getLong("messages");
    String format = a.get("format");
    String compress = a.get("compress");
    String shapeName = a.get("shape");
    if (!format.equals("ndjson") && !format.equals("array")) {
      throw new UsageException("--format must be ndjson or array, not '" + format + "'");
    }
    if (!compress.equals("none") && !compress.equals("gz")) {
      throw new UsageException("--compress must be none or gz, not '" + compress + "'");
    }
    if (!shapeName.equals("mixed") && !shapeName.equals("pusher")) {
      throw new UsageException("--shape must be mixed or pusher, not '" + shapeName + "'");
    }
    GeneratorSettings.Shape shape =
        shapeName.equals("mixed") ? GeneratorSettings.Shape.MIXED : GeneratorSettings.Shape.PUSHER;
    boolean mixed = shape == GeneratorSettings.Shape.MIXED;
    boolean cursors = a.get("cursors").isEmpty() ? mixed : a.getBoolean("cursors");
    boolean roles = a.get("roles").isEmpty() ? mixed : a.getBoolean("roles");
    Path output = Path.of(a.get("output"));
    if (Files.exists(output.resolve("export"))) {
      throw new UsageException(
          output.resolve("export") + " already exists: choose another --output");
    }
    GeneratorSettings settings;
    try {
      settings =
          new GeneratorSettings(
              messages,
              a.get("users").isEmpty()
                  ? GeneratorSettings.defaultUsers(messages)
                  : (int) a.getLong("users"),
              a.get("rooms").isEmpty()
                  ? GeneratorSettings.defaultRooms(messages)
                  : (int) a.getLong("rooms"),
              a.getLong("seed"),
              (int) a.getLong("shards"),
              format.equals("array"),
              compress.equals("gz"),
              cursors,
              roles,
              a.getLong("hotRoomMessages"),
              a.getDouble("badLineRate"),
              a.getDouble("duplicateRate"),
              a.getDouble("fragmentRate"),
              a.getDouble("laterCopyRate"),
              shape);
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    }
    long started = System.nanoTime();
    long[] lastReport = {started};
    ExpectedCounts expected =
        new ExportGenerator(settings)
            .generate(
                output,
                written -> {
                  long now = System.nanoTime();
                  if (now - lastReport[0] > 5_000_000_000L) {
                    lastReport[0] = now;
                    err.printf("generate: %,d of %,d messages%n", written, messages);
                  }
                });
    err.printf(
        "generate: %,d messages (%,d message records) in %.1f s -> %s%n",
        messages,
        expected.read("messages"),
        (System.nanoTime() - started) / 1e9,
        output.resolve("export"));
    out.println(output.resolve("expected.json"));
    return ChatkitMigrate.OK;
  }
}
