package io.chatkitmigrate.pipelines.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chatkitmigrate.pipelines.MigrateOptions;
import io.chatkitmigrate.pipelines.UsageException;
import io.chatkitmigrate.schemas.Json;
import io.chatkitmigrate.schemas.stream.validate.ValidationReport;
import io.chatkitmigrate.transforms.validate.BrokenImports;
import io.chatkitmigrate.transforms.validate.Sequential;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line's contract: exit 0 success, 1 failed checks, 2 usage errors with one line. */
class ChatkitMigrateTest {
  @TempDir Path tmp;

  record Result(int exit, String out, String err) {}

  static Result run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exit =
        ChatkitMigrate.run(
            args,
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Result(
        exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  Path export() throws IOException {
    Path in = tmp.resolve("in");
    Files.createDirectories(in);
    Files.writeString(in.resolve("users.ndjson"), "{\"id\":\"a\",\"name\":\"A\"}\n");
    return in;
  }

  @Test
  void helpListsSubcommandsAndEveryOptionWithItsDefault() {
    Result top = run("--help");
    assertEquals(0, top.exit());
    assertTrue(top.out().contains("migrate"), top.out());
    Result migrate = run("migrate", "--help");
    assertEquals(0, migrate.exit());
    for (String option :
        new String[] {
          "--input",
          "--output",
          "--privateChannelType",
          "--publicChannelType",
          "--deletedRooms",
          "--missingCursor",
          "--readState",
          "--maxMessageLength",
          "--maxPartBytes",
          "--overwrite"
        }) {
      assertTrue(migrate.out().contains(option), option + " missing from:\n" + migrate.out());
    }
    assertTrue(migrate.out().contains("Default: messaging"), migrate.out());
    assertTrue(migrate.out().contains("Default: 300000000"), migrate.out());
  }

  /** The heading each option of {@code help} is listed under, option name to heading. */
  static Map<String, String> headings(String help) {
    Map<String, String> under = new LinkedHashMap<>();
    String heading = null;
    for (String line : help.lines().toList()) {
      if (!line.isBlank() && !line.startsWith(" ") && !line.startsWith("Usage:")) {
        heading = line;
      } else if (line.matches("  --\\w+=<\\w+>")) {
        under.put(line.substring(4, line.indexOf('=')), heading);
      }
    }
    return under;
  }

  @Test
  void migrateHelpGroupsTheOptionsByTaskEachWithItsDefaultAndDescription() {
    Result help = run("migrate", "--help");
    assertEquals(0, help.exit());
    String out = help.out();
    assertFalse(out.contains("io.chatkitmigrate"), "a Java class name in:\n" + out);
    List<String> order =
        List.of(
            "Input and output",
            "Conversion",
            "Read state",
            "Attachments",
            "Delivery to Stream",
            "Runner and tuning");
    int at = -1;
    for (String heading : order) {
      int next = out.indexOf("\n" + heading + "\n");
      assertTrue(next > at, heading + " missing or out of order in:\n" + out);
      at = next;
    }
    Map<String, String> under = headings(out);
    assertEquals("Input and output", under.get("input"));
    assertEquals("Input and output", under.get("output"));
    assertEquals("Conversion", under.get("privateChannelType"));
    assertEquals("Conversion", under.get("deletedRooms"));
    assertEquals("Read state", under.get("readState"));
    assertEquals("Read state", under.get("missingCursor"));
    assertEquals("Attachments", under.get("rehostAttachments"));
    assertEquals("Attachments", under.get("migrateResources"));
    assertEquals("Delivery to Stream", under.get("sink"));
    assertEquals("Delivery to Stream", under.get("streamApiKey"));
    assertEquals("Runner and tuning", under.get("groups"));
    assertTrue(
        out.contains(
            "  --privateChannelType=<String>\n      Stream channel type for private rooms.\n"
                + "      Default: messaging\n"),
        out);
    assertTrue(
        out.contains(
            "  --input=<String>\n"
                + "      The Chatkit export: a folder (every file below it), a file or a glob;"
                + " local or gs://.\n"
                + "      Required.\n"),
        out);
    assertTrue(out.contains("--help=FlinkPipelineOptions"), out);

    // Every option the pipeline accepts beyond Beam's own, as Beam itself lists them, is under a
    // task.
    Set<String> ours = new TreeSet<>();
    PipelineOptionsFactory.describe(Set.of(MigrateOptions.class)).stream()
        .filter(d -> d.getGroup().startsWith("io.chatkitmigrate"))
        .forEach(d -> ours.add(camel(d.getName())));
    assertTrue(ours.size() > 30, ours.toString());
    assertEquals(ours, new TreeSet<>(under.keySet()), out);
    List<String> ungrouped =
        OptionsHelp.entries(MigrateOptions.class).stream()
            .filter(e -> e.task() == null)
            .map(OptionsHelp.Entry::name)
            .toList();
    assertEquals(List.of(), ungrouped, "options without @OptionGroup (one line places each)");
    for (OptionsHelp.Entry e : OptionsHelp.entries(MigrateOptions.class)) {
      assertFalse(e.description().isBlank(), e.name() + " has no description");
      assertTrue(
          e.fallback().startsWith("Default: ") || e.fallback().equals("Required."), e.toString());
    }
  }

  /** Beam describes options in snake case. */
  static String camel(String snake) {
    StringBuilder b = new StringBuilder();
    for (String word : snake.split("_")) {
      b.append(b.length() == 0 ? word : Character.toUpperCase(word.charAt(0)) + word.substring(1));
    }
    return b.toString();
  }

  @Test
  void uploadHelpIsGroupedToo() {
    Result help = run("upload", "--help");
    assertEquals(0, help.exit());
    Map<String, String> under = headings(help.out());
    assertEquals("Input and output", under.get("output"));
    assertEquals("Delivery to Stream", under.get("importMode"));
    assertFalse(help.out().contains("\nOther\n"), help.out());
  }

  @Test
  void beamsOwnOptionsStayReachableByName() {
    Result direct = run("migrate", "--help=DirectOptions");
    assertEquals(0, direct.exit(), direct.err());
    assertTrue(direct.out().contains("--enforceImmutability"), direct.out());
    Result base = run("migrate", "--help=org.apache.beam.sdk.options.PipelineOptions");
    assertEquals(0, base.exit(), base.err());
    assertTrue(base.out().contains("--runner"), base.out());
    Result unknown = run("migrate", "--help=NoSuchOptions");
    assertEquals(2, unknown.exit());
    assertTrue(
        unknown
            .err()
            .startsWith(
                "chatkit-migrate migrate: no options named 'NoSuchOptions'; --help=NAME knows "),
        unknown.err());
    assertTrue(unknown.err().contains("DirectOptions"), unknown.err());
  }

  @Test
  void anUnknownSubcommandIsAUsageError() {
    Result r = run("migrat");
    assertEquals(2, r.exit());
    assertEquals(
        "chatkit-migrate: unknown subcommand 'migrat' (one of migrate, generate, upload, validate,"
            + " verify)",
        r.err().strip());
  }

  /** A port on 127.0.0.1 where nothing listens: bound, then let go. */
  static int deadPort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  @Test
  void anUnreachableStreamIsOneLineNamingTheUrlTheCauseAndWhatToCheckAtOnce() throws IOException {
    String url = "http://127.0.0.1:" + deadPort();
    Path secret = tmp.resolve("secret");
    Files.writeString(secret, "s3cret");
    assertEquals(
        0, run("migrate", "--input=" + export(), "--output=" + tmp.resolve("out-none")).exit());
    String[][] commands = {
      {"migrate", "--input=" + export(), "--output=" + tmp.resolve("out-rest"), "--sink=rest"},
      {"migrate", "--input=" + export(), "--output=" + tmp.resolve("out-api"), "--sink=import-api"},
      {"upload", "--output=" + tmp.resolve("out-none")},
    };
    for (String[] command : commands) {
      String[] args =
          Stream.concat(
                  Arrays.stream(command),
                  Stream.of(
                      "--streamApiKey=key",
                      "--streamApiSecretFile=" + secret,
                      "--streamBaseUrl=" + url))
              .toArray(String[]::new);
      long started = System.nanoTime();
      Result r = run(args);
      double seconds = (System.nanoTime() - started) / 1e9;
      assertEquals(1, r.exit(), r.toString());
      assertEquals(1, r.err().strip().lines().count(), r.err());
      assertTrue(
          r.err()
              .startsWith(
                  "chatkit-migrate "
                      + command[0]
                      + ": cannot reach Stream at "
                      + url
                      + ": connection refused"),
          r.err());
      assertTrue(r.err().contains("check --streamBaseUrl"), r.err());
      assertTrue(seconds < 10, command[1] + " took " + seconds + " s");
    }
  }

  @Test
  void aWrongOptionIsAOneLineUsageError() throws IOException {
    Result r =
        run("migrate", "--input=" + export(), "--output=" + tmp.resolve("out"), "--colour=blue");
    assertEquals(2, r.exit());
    assertEquals(1, r.err().strip().lines().count(), r.err());
    assertTrue(r.err().startsWith("chatkit-migrate migrate: "), r.err());
    assertTrue(r.err().contains("colour"), r.err());
  }

  @Test
  void aBadOptionValueIsAUsageError() throws IOException {
    Result r =
        run(
            "migrate",
            "--input=" + export(),
            "--output=" + tmp.resolve("out"),
            "--deletedRooms=burn");
    assertEquals(2, r.exit());
    assertEquals(
        "chatkit-migrate migrate: --deletedRooms must be one of skip, disable, not 'burn'",
        r.err().strip());
  }

  @Test
  void validateInTakesOnlyItsThreePlaces() throws IOException {
    Result r =
        run(
            "migrate",
            "--input=" + export(),
            "--output=" + tmp.resolve("out"),
            "--validateIn=cloud");
    assertEquals(2, r.exit());
    assertEquals(
        "chatkit-migrate migrate: --validateIn must be auto, job or launcher, not cloud",
        r.err().strip());
  }

  /** The job's validator on the Direct runner reports what the launcher's reports. */
  @Test
  void validatingInTheJobReportsWhatTheLauncherReports() throws IOException {
    Path inJob = tmp.resolve("job");
    Path inLauncher = tmp.resolve("launcher");
    assertEquals(
        0, run("migrate", "--input=" + export(), "--output=" + inJob, "--validateIn=job").exit());
    assertEquals(
        0,
        run("migrate", "--input=" + export(), "--output=" + inLauncher, "--validateIn=launcher")
            .exit());
    var job = Json.tree(Files.readString(inJob.resolve("report.json"))).path("validation");
    assertEquals(
        Json.tree(Files.readString(inLauncher.resolve("report.json"))).path("validation"), job);
    assertEquals(1L, job.path("totals").path("user").asLong(), job.toString());
  }

  @Test
  void generateWritesPusherShapedExportsWithoutCursorsAndRefusesToAddThem() throws IOException {
    Path out = tmp.resolve("gen");
    Result r =
        run(
            "generate",
            "--output=" + out,
            "--messages=200",
            "--shape=pusher",
            "--format=array",
            "--shards=1");
    assertEquals(0, r.exit(), r.err());
    try (Stream<Path> files = Files.list(out.resolve("export"))) {
      assertEquals(
          List.of(
              "messages-00001-of-00001.json",
              "rooms-00001-of-00001.json",
              "users-00001-of-00001.json"),
          files.map(f -> f.getFileName().toString()).sorted().toList());
    }
    Result cursors =
        run(
            "generate",
            "--output=" + tmp.resolve("gen2"),
            "--messages=200",
            "--shape=pusher",
            "--cursors=true");
    assertEquals(2, cursors.exit());
    assertTrue(cursors.err().contains("no cursors or roles"), cursors.err());
    Result shape =
        run("generate", "--output=" + tmp.resolve("gen3"), "--messages=200", "--shape=v3");
    assertEquals(
        "chatkit-migrate generate: --shape must be mixed or pusher, not 'v3'", shape.err().strip());
  }

  @Test
  void aMissingInputIsAUsageError() {
    Result r =
        run("migrate", "--input=" + tmp.resolve("nothing-here"), "--output=" + tmp.resolve("out"));
    assertEquals(2, r.exit());
    assertEquals(
        "chatkit-migrate migrate: --input " + tmp.resolve("nothing-here") + " does not exist",
        r.err().strip());
  }

  @Test
  void anInputWithoutFilesIsAUsageError() throws IOException {
    Path empty = Files.createDirectories(tmp.resolve("empty"));
    Result r = run("migrate", "--input=" + empty, "--output=" + tmp.resolve("out"));
    assertEquals(2, r.exit());
    assertEquals("chatkit-migrate migrate: no export files at " + empty, r.err().strip());
  }

  @Test
  void anOutputThatHoldsAMigrationNeedsOverwrite() throws IOException {
    Path in = export();
    Path out = tmp.resolve("out");
    assertEquals(0, run("migrate", "--input=" + in, "--output=" + out).exit());
    Result again = run("migrate", "--input=" + in, "--output=" + out);
    assertEquals(2, again.exit());
    assertEquals(
        "chatkit-migrate migrate: "
            + out
            + " already holds a migration (manifest.json); pass --overwrite to replace it",
        again.err().strip());
    assertEquals(0, run("migrate", "--input=" + in, "--output=" + out, "--overwrite").exit());
  }

  @Test
  void withValidationOffTheRunSaysSoAndStillWritesItsImport() throws IOException {
    Path out = tmp.resolve("out");
    Result r = run("migrate", "--input=" + export(), "--output=" + out, "--validate=false");
    assertEquals(0, r.exit(), r.err());
    assertTrue(r.out().contains("validation: skipped (--validate=false)"), r.out());
    assertTrue(r.err().contains("chatkit-migrate: naming the import parts"), r.err());
    assertTrue(Files.readString(out.resolve("report.json")).contains("\"ran\" : false"));
    assertTrue(
        Files.readString(out.resolve("import/part-00001.jsonl")).contains("\"type\":\"user\""));
  }

  /**
   * The run is written in a staging folder that is gone once it takes the output's place: the
   * report names parts within the run's folder, as the manifest does.
   */
  @Test
  void theReportsValidationNamesThePartsWhereTheRunLeftThem() throws IOException {
    Path out = tmp.resolve("out");
    Result r = run("migrate", "--input=" + export(), "--output=" + out);
    assertEquals(0, r.exit(), r.err());
    var files =
        Json.tree(Files.readString(out.resolve("report.json"))).path("validation").path("files");
    assertEquals(List.of("import/part-00001.jsonl"), fieldNames(files));
  }

  private static List<String> fieldNames(com.fasterxml.jackson.databind.JsonNode node) {
    List<String> names = new java.util.ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }

  @Test
  void validateExitsOneOnABrokenImportAndZeroOnAGoodOne() throws IOException {
    Path good = tmp.resolve("good.jsonl");
    Files.writeString(good, "{\"type\":\"user\",\"data\":{\"id\":\"a\"}}\n");
    Result ok = run("validate", "--input=" + good);
    assertEquals(0, ok.exit(), ok.err());
    Path bad = tmp.resolve("bad.jsonl");
    Files.writeString(bad, "{\"type\":\"user\",\"data\":{\"id\":\"a:b\"}}\n");
    Result broken = run("validate", "--input=" + bad);
    assertEquals(1, broken.exit());
    assertTrue(broken.out().contains("\"item_type\" : \"user\""), broken.out());
  }

  @Test
  void validateOnTheDirectRunnerReportsWhatTheSequentialValidatorReports() throws IOException {
    Path dir = BrokenImports.named("mixed-errors-across-parts").write(tmp);
    Result r = run("validate", "--input=" + dir, "--runner=DirectRunner");
    assertEquals(1, r.exit(), r.err());
    ValidationReport sequential =
        Sequential.validate(dir + "/part-*.jsonl", 5000, 300_000_000L, 1000);
    assertEquals(
        Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(sequential.toJson()),
        r.out().strip());
    assertEquals(
        sequential.errorCount() + " errors " + sequential.errorsByKind(),
        r.err().lines().reduce((a, b) -> b).orElse(""));
  }

  /** validate's runner options, parsed from {@code args}. */
  private static Args runnerOptions(String... args) throws UsageException {
    Args a =
        new Args("validate")
            .option("runner", "", "")
            .option("flinkMaster", "", "")
            .option("parallelism", "", "")
            .option("filesToStage", "", "")
            .option("tempLocation", "", "");
    a.parse(args, System.out);
    return a;
  }

  @Test
  void validateChoosesItsRunnerAsMigrateDoes() throws Exception {
    Args none = runnerOptions();
    // Small and no runner named: no pipeline at all; a runner named always runs one.
    assertTrue(ValidateCommand.inThisJvm(none, RunnerChoice.FLINK_FROM_BYTES - 1));
    assertFalse(ValidateCommand.inThisJvm(none, RunnerChoice.FLINK_FROM_BYTES));
    assertFalse(ValidateCommand.inThisJvm(runnerOptions("--runner=DirectRunner"), 1));
    String[] small = ValidateCommand.pipelineArgs(none, RunnerChoice.FLINK_FROM_BYTES - 1, 4);
    assertEquals("DirectRunner", RunnerChoice.value(small, "runner"));
    assertEquals("false", RunnerChoice.value(small, "enforceImmutability"));
    // Above the threshold the choice is migrate's own: Flink where the launcher bundles it.
    assertEquals(
        Arrays.asList(
            RunnerChoice.withDefaults(new String[0], 10 * RunnerChoice.FLINK_FROM_BYTES, 4)),
        Arrays.asList(ValidateCommand.pipelineArgs(none, 10 * RunnerChoice.FLINK_FROM_BYTES, 4)));
    Path good = tmp.resolve("valid");
    Files.createDirectories(good);
    Files.writeString(
        good.resolve("part-00001.jsonl"), "{\"type\":\"user\",\"data\":{\"id\":\"a\"}}\n");
    Result chosen = run("validate", "--input=" + good);
    assertEquals(0, chosen.exit(), chosen.err());
    assertEquals("valid: {user=1}", chosen.err().strip());
  }

  @Test
  void validateHelpListsItsRunnerOptions() {
    Result help = run("validate", "--help");
    assertEquals(0, help.exit());
    for (String option :
        new String[] {"--input", "--runner", "--flinkMaster", "--parallelism", "--filesToStage"}) {
      assertTrue(help.out().contains(option), option + " missing from:\n" + help.out());
    }
    assertTrue(help.out().contains("Optional."), help.out());
  }

  @Test
  void validateRefusesAnUnknownRunnerAndAnEmptyInputAsUsageErrors() throws IOException {
    Path good = tmp.resolve("good.jsonl");
    Files.writeString(good, "{\"type\":\"user\",\"data\":{\"id\":\"a\"}}\n");
    Result bogus = run("validate", "--input=" + good, "--runner=NoSuchRunner");
    assertEquals(2, bogus.exit(), bogus.err());
    assertTrue(bogus.err().startsWith("chatkit-migrate validate: "), bogus.err());
    Path empty = tmp.resolve("empty");
    Files.createDirectories(empty);
    Result nothing = run("validate", "--input=" + empty);
    assertEquals(2, nothing.exit(), nothing.err());
    assertEquals("chatkit-migrate validate: no import files at " + empty, nothing.err().strip());
  }
}
