package io.chatkitmigrate.pipelines.cli;

import io.chatkitmigrate.pipelines.UsageException;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The command line: {@code chatkit-migrate <subcommand> [--option=value ...]}. Exit codes: 0
 * success, 1 the run finished but validation, accounting or the parts' item counts failed (for
 * verify: a difference), 2 a usage error (the output folder's too: unusable, held by another run,
 * or holding a migration without --overwrite), before any work.
 */
public final class ChatkitMigrate {
  public static final int OK = 0;
  public static final int FAILED = 1;
  public static final int USAGE = 2;

  /** A subcommand: its one-line summary and what runs it. */
  interface Command {
    int run(String[] args, PrintStream out, PrintStream err) throws Exception;
  }

  private record Entry(String summary, Command command) {}

  private static final Map<String, Entry> COMMANDS = new LinkedHashMap<>();

  static {
    COMMANDS.put(
        "migrate",
        new Entry("convert a Chatkit export into Stream import files", MigrateCommand::run));
    COMMANDS.put(
        "generate",
        new Entry(
            "write a synthetic Chatkit export of any size, with the counts it must give",
            GenerateCommand::run));
    COMMANDS.put(
        "upload",
        new Entry(
            "send a finished migration's import parts to a Stream app through its import API",
            UploadCommand::run));
    COMMANDS.put(
        "validate",
        new Entry(
            "check Stream import files against every rule of Stream's import",
            ValidateCommand::run));
    COMMANDS.put(
        "verify",
        new Entry(
            "read a Stream app back and compare it with a migration's import files",
            VerifyCommand::run));
  }

  private ChatkitMigrate() {}

  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err));
  }

  public static int run(String[] args, PrintStream out, PrintStream err) {
    if (args.length == 0) {
      usage(err);
      return USAGE;
    }
    if (args[0].equals("--help") || args[0].equals("-h") || args[0].equals("help")) {
      usage(out);
      return OK;
    }
    Entry entry = COMMANDS.get(args[0]);
    if (entry == null) {
      err.println(
          "chatkit-migrate: unknown subcommand '"
              + args[0]
              + "' (one of "
              + String.join(", ", COMMANDS.keySet())
              + ")");
      return USAGE;
    }
    try {
      return entry.command().run(Arrays.copyOfRange(args, 1, args.length), out, err);
    } catch (UsageException e) {
      err.println("chatkit-migrate " + args[0] + ": " + e.getMessage());
      return USAGE;
    } catch (Exception e) {
      err.println("chatkit-migrate " + args[0] + ": failed: " + e);
      e.printStackTrace(err);
      return FAILED;
    }
  }

  private static void usage(PrintStream out) {
    out.println("Usage: chatkit-migrate <subcommand> [--option=value ...]");
    out.println();
    out.println("Subcommands:");
    COMMANDS.forEach((name, e) -> out.printf("  %-10s %s%n", name, e.summary()));
    out.println();
    out.println(
        "'chatkit-migrate <subcommand> --help' lists a subcommand's options with their defaults.");
  }
}
