package io.chatkitmigrate.pipelines;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.RawValue;
import io.chatkitmigrate.schemas.Finding;
import io.chatkitmigrate.schemas.Json;
import io.chatkitmigrate.transforms.rules.ConversionSettings;
import io.chatkitmigrate.transforms.validate.KeepOutcome;
import io.chatkitmigrate.transforms.write.ExamplesByReason;
import io.chatkitmigrate.transforms.write.ImportParts;
import io.chatkitmigrate.transforms.write.LineFiles;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.util.MimeTypes;

/**
 * What happens in the launcher once the pipeline is done: the ordered import parts and the
 * manifest, the id map, the report, and the verdict. A run succeeds only when the books balance,
 * the validator finds nothing, and (under readState=chatkit) every member's unread count is the one
 * Chatkit showed.
 */
final class Finish {
  private Finish() {}

  /**
   * @param out where this run wrote its migration (staged beside the one it replaces)
   * @param target the output folder it is meant for
   * @param validatedInJob whether the job validated the parts, leaving its outcome in the work
   *     folder
   * @param slice what a slice is of and what it left out, or null for a whole export
   */
  static MigratePipeline.Outcome run(
      MigrateOptions options,
      ConversionSettings conversion,
      Layout out,
      Layout target,
      Books accounts,
      boolean validatedInJob,
      long started,
      PrintStream progress,
      ObjectNode slice)
      throws IOException {
    // The finish starts when the job has ended: what follows is the launcher's own work.
    long jobEnded = System.nanoTime();
    List<ImportParts.Part> parts;
    ReadStateSummary.Written readState;
    ArrayNode roles;
    PartsValidation validation;
    try (PartsValidation.Alongside checking =
        PartsValidation.alongside(options, !validatedInJob, progress, started)) {
      progress.println(
          checking.active()
              ? "chatkit-migrate: naming and validating the import parts"
              : "chatkit-migrate: naming the import parts");
      ImportParts naming = new ImportParts(out.root());
      // The report names parts within the run's folder, as the manifest does: the run is written
      // in a staging folder, and where it ends up depends on its verdict.
      naming.onPartClosed(
          part -> checking.part(PARTS + part.name(), naming.location(part), part.bytes()));
      // The workers wrote, hashed and counted the parts; here they only get their names, in order.
      parts = naming.place(ImportParts.reported(out.work("partswritten") + "*"));
      // The last part is still being checked while the rest of the books are read.
      sortLines(out.work("idmap") + "*", out.idMap());
      readState = ReadStateSummary.read(out.work("readstate") + "*");
      roles = readLines(out.work("roles") + "*");
      writeJson(out.manifest(), ImportParts.manifest(parts, MigratePipeline.optionsJson(options)));
      validation =
          validatedInJob
              ? PartsValidation.of(
                  KeepOutcome.read(out.work(MigratePipeline.VALIDATION))
                      .renamed(inRunFolder(naming.placedFrom()))
                      .report())
              : checking.finish();
    }

    // Only the exact reading promises Chatkit's counts; the other options change them on purpose.
    boolean exactPromised =
        conversion.readState() == ConversionSettings.ReadState.CHATKIT
            && conversion.missingCursor() == ConversionSettings.MissingCursor.UNREAD;
    boolean readStateExact = !exactPromised || readState.mismatches() == 0;
    boolean delivered = accounts.deliveryRefused() == 0;
    List<String> itemDifferences = accounts.itemDifferences(ImportParts.totals(parts));
    boolean filesRead = accounts.filesRejectedCount() == 0;
    boolean ok =
        accounts.balance()
            && itemDifferences.isEmpty()
            && validation.ok()
            && readStateExact
            && delivered
            && filesRead;
    double seconds = (System.nanoTime() - started) / 1e9;

    ObjectNode report = Json.MAPPER.createObjectNode();
    report.put("ok", ok);
    report.set("checks", checks(accounts, validation, conversion, exactPromised, readState));
    report.put("seconds", Math.round(seconds * 10) / 10.0);
    // The two shares of the run: the job on its runner, then the launcher alone
    // (docs/benchmarks.md).
    report.put("job_seconds", Math.round((jobEnded - started) / 1e8) / 10.0);
    report.put("after_job_seconds", Math.round((System.nanoTime() - jobEnded) / 1e8) / 10.0);
    report.set("options", MigratePipeline.optionsJson(options));
    if (slice != null) {
      report.set("slice", slice);
    }
    report.set("accounting", accounts.toJson());
    report.set("parts", ImportParts.manifest(parts, Json.MAPPER.createObjectNode()).get("parts"));
    itemDifferences.forEach(report.putArray("parts_differ_from_counts")::add);
    report.set("read_state", readState.toJson());
    report.set("roles", roles);
    report.set(
        "examples",
        Json.MAPPER
            .createObjectNode()
            .<ObjectNode>set(
                "rejected", examplesByReason(out.work(MigratePipeline.REJECTED_EXAMPLES) + "*"))
            .set("warnings", examplesByReason(out.work(MigratePipeline.WARNING_EXAMPLES) + "*")));
    report.set("id_changes", idChanges(out.idMap()));
    report.set("validation", validation.toJson());
    writeJson(out.reportJson(), report);
    write(out.reportHtml(), ReportHtml.render(report));
    out.clearWork();
    out.makeFindingFolders();

    StringBuilder summary = new StringBuilder();
    if (slice != null) {
      summary.append(
          String.format(
              "a SLICE of %s: %s; left out %s%n",
              slice.path("of").asText(),
              slice.path("rooms").asText(),
              slice.path("outside_slice")));
    }
    summary.append(accounts.table());
    summary.append(String.format("items: %s in %d part(s)%n", accounts.items(), parts.size()));
    if (!accounts.attachments().isEmpty()) {
      summary.append(
          String.format(
              "attachments: %d re-hosted, %d already stored, %d kept their link (see warnings/)%n",
              accounts.attachments().getOrDefault("rehosted", 0L),
              accounts.attachments().getOrDefault("already_stored", 0L),
              accounts.attachments().getOrDefault("failed", 0L)));
    }
    summary.append(
        String.format(
            "read state: %d members, %d differ from Chatkit%n",
            readState.members(), readState.mismatches()));
    summary.append(String.format("validation: %s%n", validation.summary()));
    summary.append(
        String.format("%s in %.1f s: %s%n", ok ? "done" : "FAILED", seconds, target.root()));
    if (!accounts.balance()) {
      summary.append(
          "the accounting does not add up: records were lost or invented; see report.json\n");
    }
    if (!itemDifferences.isEmpty()) {
      summary.append(
          "the import parts do not hold the items the run counted ("
              + String.join("; ", itemDifferences)
              + "): items were lost or written twice; the import must not be used\n");
    }
    if (!filesRead) {
      summary.append(
          String.format(
              "%d file(s) of the export could not be read whole %s: their records are missing; each"
                  + " is in rejected/ (entity file) with the reason and where reading stopped%n",
              accounts.filesRejectedCount(), accounts.filesRejected()));
    }
    if (!accounts.delivery().isEmpty()) {
      summary.append(String.format("REST sink: %s%n", accounts.toJson().get("delivery")));
    }
    if (!delivered) {
      summary.append(
          accounts.deliveryRefused()
              + " item(s) were refused by Stream; each is in rejected/delivery-*.ndjson with"
              + " Stream's error\n");
    }
    if (!readStateExact) {
      summary.append(
          "read state differs from Chatkit's for some members; see report.json"
              + " read_state.mismatches\n");
    }
    return new MigratePipeline.Outcome(ok, summary.toString());
  }

  /** Where a run's parts are, within its folder. */
  private static final String PARTS = "import/";

  /** Each part's file as the workers wrote it, to its name within the run's folder. */
  private static Map<String, String> inRunFolder(Map<String, String> placed) {
    Map<String, String> names = new HashMap<>();
    placed.forEach((from, name) -> names.put(from, PARTS + name));
    return names;
  }

  /**
   * The checks the verdict rests on, each with whether it passed and why, for the report's first
   * screen.
   */
  static ArrayNode checks(
      Books accounts,
      PartsValidation validation,
      ConversionSettings conversion,
      boolean exactPromised,
      ReadStateSummary.Written readState) {
    ArrayNode checks = Json.MAPPER.createArrayNode();
    check(
        checks,
        "books",
        accounts.balance(),
        accounts.balance()
            ? "the books balance: for every entity, records read = written + merged + rejected"
            : "the books do not add up: records were lost or invented (see Accounting)");
    check(checks, "validation", validation.ok(), "validation: " + validation.summary());
    String members =
        String.format(
            Locale.ROOT, "%,d of %,d members", readState.mismatches(), readState.members());
    if (exactPromised) {
      check(
          checks,
          "read_state",
          readState.mismatches() == 0,
          readState.mismatches() == 0
              ? "read state: every member's unread count in Stream is the one Chatkit showed"
              : "read state: "
                  + members
                  + " have an unread count in Stream that differs from Chatkit's");
    } else {
      check(
          checks,
          "read_state",
          true,
          "read state: not held to Chatkit's counts (--readState="
              + conversion.readState().name().toLowerCase(Locale.ROOT).replace('_', '-')
              + ", --missingCursor="
              + conversion.missingCursor().name().toLowerCase(Locale.ROOT).replace('_', '-')
              + " change them on"
              + " purpose); "
              + members
              + " differ");
    }
    if (!accounts.delivery().isEmpty()) {
      long refused = accounts.deliveryRefused();
      check(
          checks,
          "delivery",
          refused == 0,
          refused == 0
              ? "delivery: Stream took every item"
              : String.format(
                  Locale.ROOT,
                  "delivery: Stream refused %,d item(s) (rejected/delivery-*.ndjson)",
                  refused));
    }
    return checks;
  }

  private static void check(ArrayNode checks, String name, boolean ok, String detail) {
    checks.addObject().put("check", name).put("ok", ok).put("detail", detail);
  }

  /**
   * The id map sorted, so the same export gives the same file on every runner; it grows with the
   * number of changed ids, never with messages.
   */
  private static void sortLines(String glob, String target) throws IOException {
    List<String> lines = new ArrayList<>();
    LineFiles.forEachLine(glob, lines::add);
    lines.sort(null);
    try (OutputStream out = create(target)) {
      for (String line : lines) {
        out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
      }
    }
  }

  static final int EXAMPLES_PER_REASON = 3;
  static final int ID_CHANGES_SHOWN = 50;

  /**
   * A few findings of each reason, whole, so the report shows what each reason looks like: those
   * the job chose, the first by where their records are ({@link ExamplesByReason}).
   */
  private static ObjectNode examplesByReason(String glob) throws IOException {
    record Example(Finding place, ObjectNode finding, String line) {}
    List<Example> examples = new ArrayList<>();
    LineFiles.forEachLine(
        glob,
        line -> {
          ObjectNode finding = (ObjectNode) Json.tree(line);
          examples.add(new Example(place(finding), finding, line));
        });
    examples.sort(Comparator.comparing(Example::place, ExamplesByReason.PLACE));
    ObjectNode byReason = Json.MAPPER.createObjectNode();
    for (Example e : examples) {
      String reason = e.finding().path("reason").asText();
      ArrayNode kept =
          byReason.has(reason) ? (ArrayNode) byReason.get(reason) : byReason.putArray(reason);
      if (kept.size() < EXAMPLES_PER_REASON) {
        kept.add(example(e.finding(), e.line()));
      }
    }
    return byReason;
  }

  /** Where a finding's record is, as {@link ExamplesByReason#PLACE} orders them. */
  private static Finding place(JsonNode finding) {
    return new Finding(
        finding.path("reason").asText(),
        finding.path("entity").asText(),
        finding.path("source").asText(null),
        finding.has("line") ? finding.get("line").asLong() : null,
        finding.has("index") ? finding.get("index").asLong() : null,
        finding.path("detail").asText(null),
        null,
        finding.has("offset") ? finding.get("offset").asLong() : null);
  }

  static final int EXAMPLE_RECORD_CHARS = 2000;

  /**
   * A finding as the report shows it: its record as the very text of the finding's line (a tree
   * would turn 1e400 into "Infinity"), cut to an excerpt when long so the report stays small.
   */
  static ObjectNode example(ObjectNode finding, String line) {
    String raw = rawRecord(line);
    if (raw == null) {
      return finding;
    }
    if (raw.length() > EXAMPLE_RECORD_CHARS) {
      finding.put(
          "record",
          raw.substring(0, EXAMPLE_RECORD_CHARS)
              + " ... ("
              + raw.length()
              + " characters in all; the whole record is in the finding's file)");
    } else {
      finding.putRawValue("record", new RawValue(raw));
    }
    return finding;
  }

  /** The text of a finding line's top-level "record" value, or null when it has none. */
  private static String rawRecord(String line) {
    try (JsonParser p = Json.MAPPER.getFactory().createParser(line)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        return null;
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        boolean record = p.currentName().equals("record");
        p.nextToken();
        int start = (int) p.currentTokenLocation().getCharOffset();
        p.skipChildren();
        if (record) {
          // The value ends where the next token (a comma's field or the closing brace) starts.
          p.nextToken();
          String raw =
              line.substring(start, (int) p.currentTokenLocation().getCharOffset()).strip();
          return raw.endsWith(",") ? raw.substring(0, raw.length() - 1).strip() : raw;
        }
      }
      return null;
    } catch (IOException e) {
      return null;
    }
  }

  /** How many ids changed, and the first of them (the file has them all). */
  private static ObjectNode idChanges(String idMap) throws IOException {
    ArrayNode first = Json.MAPPER.createArrayNode();
    long[] total = {0};
    LineFiles.forEachLine(
        idMap,
        line -> {
          total[0]++;
          if (first.size() < ID_CHANGES_SHOWN) {
            first.add(Json.tree(line));
          }
        });
    ObjectNode changes = Json.MAPPER.createObjectNode();
    changes.put("total", total[0]);
    changes.set("first", first);
    return changes;
  }

  private static ArrayNode readLines(String glob) throws IOException {
    ArrayNode lines = Json.MAPPER.createArrayNode();
    LineFiles.forEachLine(glob, line -> lines.add(Json.tree(line)));
    return lines;
  }

  static void writeJson(String target, Object node) throws IOException {
    write(target, Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(node) + "\n");
  }

  static void write(String target, String text) throws IOException {
    try (OutputStream out = create(target)) {
      out.write(text.getBytes(StandardCharsets.UTF_8));
    }
  }

  private static OutputStream create(String target) throws IOException {
    return Channels.newOutputStream(
        FileSystems.create(FileSystems.matchNewResource(target, false), MimeTypes.TEXT));
  }
}
