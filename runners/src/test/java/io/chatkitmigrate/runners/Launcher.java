package io.chatkitmigrate.runners;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** This checkout's {@code bin/chatkit-migrate}, run as a user runs it. */
final class Launcher {
  private Launcher() {}

  static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

  record Result(int exit, String output) {}

  /** Its exit and what it printed, stdout and stderr together. */
  static Result run(Map<String, String> env, String... args)
      throws IOException, InterruptedException {
    return start(env, true, args);
  }

  /**
   * Its exit and its stdout alone: what the tool prints, without Java's or the launcher's notes.
   */
  static Result stdout(Map<String, String> env, String... args)
      throws IOException, InterruptedException {
    return start(env, false, args);
  }

  private static Result start(Map<String, String> env, boolean withStderr, String... args)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(ROOT.resolve("bin/chatkit-migrate").toString()));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command);
    if (withStderr) {
      builder.redirectErrorStream(true);
    } else {
      builder.redirectError(ProcessBuilder.Redirect.DISCARD);
    }
    builder.environment().putAll(env);
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    return new Result(process.waitFor(), output);
  }
}
