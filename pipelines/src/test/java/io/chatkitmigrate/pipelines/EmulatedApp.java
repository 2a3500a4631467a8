package io.chatkitmigrate.pipelines;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.chatkitmigrate.pipelines.generate.ExportGenerator;
import io.chatkitmigrate.pipelines.generate.GeneratorSettings;
import io.chatkitmigrate.transforms.testing.StreamEmulator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A generated export migrated once, and the Stream app it is delivered to, as the sink and verify
 * tests share them: each test starts an emulator of the app, and the command lines point at the one
 * started last.
 */
final class EmulatedApp {
  final String key;
  final Path dir;
  final Path export;
  final Path migrated;
  private final Path secretFile;
  private final int stepMillis;
  private StreamEmulator stream;

  private EmulatedApp(
      String key, Path dir, Path export, Path migrated, Path secretFile, int stepMillis) {
    this.key = key;
    this.dir = dir;
    this.export = export;
    this.migrated = migrated;
    this.secretFile = secretFile;
    this.stepMillis = stepMillis;
  }

  /**
   * Generates an export in {@code dir}, writes the secret's file and migrates the export into parts
   * of at most {@code maxPartBytes}; the emulator steps its imports, and the sinks poll them, every
   * {@code stepMillis}.
   */
  static EmulatedApp migrated(
      Path dir,
      GeneratorSettings settings,
      int maxPartBytes,
      String key,
      String secret,
      int stepMillis)
      throws IOException {
    new ExportGenerator(settings).generate(dir.resolve("gen"), n -> {});
    Path export = dir.resolve("gen").resolve("export");
    Path secretFile = dir.resolve("secret");
    Files.writeString(secretFile, secret + "\n");
    Path migrated = dir.resolve("migrated");
    Runs run =
        Runs.migrate(export, migrated, "--runner=DirectRunner", "--maxPartBytes=" + maxPartBytes);
    assertEquals(0, run.exit, run.toString());
    return new EmulatedApp(key, dir, export, migrated, secretFile, stepMillis);
  }

  /** Starts an emulator of the app that holds {@code appSecret}; commands go to it from now on. */
  StreamEmulator start(String appSecret) throws IOException {
    stream = StreamEmulator.start(key, appSecret).withImportStepMillis(stepMillis);
    return stream;
  }

  /** Closes the emulator started last, if it is still there. */
  void stop() {
    if (stream != null) {
      stream.close();
      stream = null;
    }
  }

  /** The options that point a command at the emulator, then {@code more}. */
  List<String> sinkArgs(String... more) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "--streamApiKey=" + key,
                "--streamApiSecretFile=" + secretFile,
                "--streamBaseUrl=" + stream.baseUrl(),
                "--importPollMillis=" + stepMillis,
                "--streamBackoffMillis=10"));
    args.addAll(List.of(more));
    return args;
  }

  /** Runs {@code name --output=output} against the emulator, with {@code more}, in-process. */
  Runs command(String name, Path output, String... more) {
    List<String> args = new ArrayList<>(List.of(name, "--output=" + output));
    args.addAll(sinkArgs(more));
    return Runs.cli(output, args.toArray(String[]::new));
  }

  /** Migrates the export into {@code output} on the Direct runner with a sink to the emulator. */
  Runs migrate(Path output, String... options) {
    List<String> args = new ArrayList<>(List.of("--runner=DirectRunner"));
    args.addAll(List.of(options));
    args.addAll(sinkArgs());
    return Runs.migrate(export, output, args.toArray(String[]::new));
  }

  /**
   * Starts {@code name --output=output} against the emulator in a JVM of its own, so that a test
   * can kill it; what it prints goes to {@code log}.
   */
  Process startAlone(Path log, String name, Path output, String... more) throws IOException {
    List<String> args = new ArrayList<>(List.of(name, "--output=" + output));
    args.addAll(sinkArgs(more));
    return new ProcessBuilder(Runs.inItsOwnJvm(args))
        .redirectErrorStream(true)
        .redirectOutput(log.toFile())
        .start();
  }

  /** A copy of the migration in {@code dir/name}, for one test to deliver or to change. */
  Path copy(String name) throws IOException {
    Path to = dir.resolve(name);
    Runs.copyTree(migrated, to);
    return to;
  }
}
