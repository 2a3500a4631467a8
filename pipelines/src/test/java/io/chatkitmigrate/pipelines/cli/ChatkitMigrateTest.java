package io.chatkitmigrate.pipelines.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line's contract: exit 0 success, 1 failed checks, 2 usage errors with one line. */
class ChatkitMigrateTest {
  @TempDir Path tmp;

  record Result(int exit, String out, String err) {}

  static Result run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exit = ChatkitMigrate.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Result(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
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
    for (String option : new String[] {"--input", "--output", "--privateChannelType", "--publicChannelType",
        "--deletedRooms", "--missingCursor", "--readState", "--maxMessageLength", "--maxPartBytes", "--overwrite"}) {
      assertTrue(migrate.out().contains(option), option + " missing from:\n" + migrate.out());
    }
    assertTrue(migrate.out().contains("Default: messaging"), migrate.out());
    assertTrue(migrate.out().contains("Default: 300000000"), migrate.out());
  }

  @Test
  void anUnknownSubcommandIsAUsageError() {
    Result r = run("migrat");
    assertEquals(2, r.exit());
    assertEquals("chatkit-migrate: unknown subcommand 'migrat' (one of migrate, generate, upload, validate, verify)", r.err().strip());
  }

  /** A port on 127.0.0.1 where nothing listens: bound, then let go. */
  static int deadPort() throws IOException {
    try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  @Test
  void anUnreachableStreamIsOneLineNamingTheUrlTheCauseAndWhatToCheckAtOnce() throws IOException {
    String url = "http://127.0.0.1:" + deadPort();
    Path secret = tmp.resolve("secret");
    Files.writeString(secret, "s3cret");
    assertEquals(0, run("migrate", "--input=" + export(), "--output=" + tmp.resolve("out-none")).exit());
    String[][] commands = {
        {"migrate", "--input=" + export(), "--output=" + tmp.resolve("out-rest"), "--sink=rest"},
        {"migrate", "--input=" + export(), "--output=" + tmp.resolve("out-api"), "--sink=import-api"},
        {"upload", "--output=" + tmp.resolve("out-none")},
    };
    for (String[] command : commands) {
      String[] args = java.util.stream.Stream.concat(java.util.Arrays.stream(command), java.util.stream.Stream.of(
          "--streamApiKey=key", "--streamApiSecretFile=" + secret, "--streamBaseUrl=" + url)).toArray(String[]::new);
      long started = System.nanoTime();
      Result r = run(args);
      double seconds = (System.nanoTime() - started) / 1e9;
      assertEquals(1, r.exit(), r.toString());
      assertEquals(1, r.err().strip().lines().count(), r.err());
      assertTrue(r.err().startsWith("chatkit-migrate " + command[0] + ": cannot reach Stream at " + url
          + ": connection refused"), r.err());
      assertTrue(r.err().contains("check --streamBaseUrl"), r.err());
      assertTrue(seconds < 10, command[1] + " took " + seconds + " s");
    }
  }

  @Test
  void aWrongOptionIsAOneLineUsageError() throws IOException {
    Result r = run("migrate", "--input=" + export(), "--output=" + tmp.resolve("out"), "--colour=blue");
    assertEquals(2, r.exit());
    assertEquals(1, r.err().strip().lines().count(), r.err());
    assertTrue(r.err().startsWith("chatkit-migrate migrate: "), r.err());
    assertTrue(r.err().contains("colour"), r.err());
  }

  @Test
  void aBadOptionValueIsAUsageError() throws IOException {
    Result r = run("migrate", "--input=" + export(), "--output=" + tmp.resolve("out"), "--deletedRooms=burn");
    assertEquals(2, r.exit());
    assertEquals("chatkit-migrate migrate: --deletedRooms must be one of skip, disable, not 'burn'", r.err().strip());
  }

  @Test
  void aMissingInputIsAUsageError() {
    Result r = run("migrate", "--input=" + tmp.resolve("nothing-here"), "--output=" + tmp.resolve("out"));
    assertEquals(2, r.exit());
    assertEquals("chatkit-migrate migrate: --input " + tmp.resolve("nothing-here") + " does not exist", r.err().strip());
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
    assertEquals("chatkit-migrate migrate: " + out + " already holds a migration (manifest.json); pass --overwrite to replace it",
        again.err().strip());
    assertEquals(0, run("migrate", "--input=" + in, "--output=" + out, "--overwrite").exit());
  }

  @Test
  void withValidationOffTheRunSaysSoAndStillWritesItsImport() throws IOException {
    Path out = tmp.resolve("out");
    Result r = run("migrate", "--input=" + export(), "--output=" + out, "--validate=false");
    assertEquals(0, r.exit(), r.err());
    assertTrue(r.out().contains("validation: skipped (--validate=false)"), r.out());
    assertTrue(r.err().contains("chatkit-migrate: assembling import parts"), r.err());
    assertTrue(Files.readString(out.resolve("report.json")).contains("\"ran\" : false"));
    assertTrue(Files.readString(out.resolve("import/part-00001.jsonl")).contains("\"type\":\"user\""));
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
}
