package io.chatkitmigrate.pipelines.cli;

import io.chatkitmigrate.pipelines.UsageException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * {@code chatkit-migrate train [--option=value ...] FOLDER...}: the launcher's training run for
 * Java's ahead-of-time cache (bin/chatkit-migrate). Migrates each generated export ({@code
 * FOLDER/export}, written by {@code generate}) into {@code FOLDER/out} with the options given, one
 * after another in this JVM, so that the method profiles the cache keeps cover each export's shape:
 * one shape's profiles alone made the other's runs slower (docs/benchmarks.md). Not in the usage:
 * it is a step of the launcher, not a user's command.
 */
final class TrainCommand {
  private TrainCommand() {}

  static int run(String[] args, PrintStream out, PrintStream err) throws Exception {
    List<String> options = Arrays.stream(args).filter(a -> a.startsWith("--")).toList();
    List<String> folders = Arrays.stream(args).filter(a -> !a.startsWith("--")).toList();
    if (folders.isEmpty()) {
      throw new UsageException(
          "name one or more folders written by 'chatkit-migrate generate --output=FOLDER'");
    }
    for (String folder : folders) {
      Path generated = Path.of(folder).toAbsolutePath();
      List<String> migrate = new ArrayList<>(options);
      migrate.add("--input=" + generated.resolve("export"));
      migrate.add("--output=" + generated.resolve("out"));
      int exit = MigrateCommand.run(migrate.toArray(String[]::new), out, err);
      if (exit != ChatkitMigrate.OK) {
        err.println("chatkit-migrate train: the migration of " + generated + " failed");
        return exit;
      }
    }
    return ChatkitMigrate.OK;
  }
}
