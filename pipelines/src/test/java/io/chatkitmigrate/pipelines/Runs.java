package io.chatkitmigrate.pipelines;

import com.fasterxml.jackson.databind.JsonNode;
import io.chatkitmigrate.pipelines.cli.ChatkitMigrate;
import io.chatkitmigrate.schemas.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Runs the command line in-process and reads what a run left in its output folder. */
final class Runs {
  final int exit;
  final String out;
  final String err;
  final Path output;

  private Runs(int exit, String out, String err, Path output) {
    this.exit = exit;
    this.out = out;
    this.err = err;
    this.output = output;
  }

  static Runs cli(Path output, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exit =
        ChatkitMigrate.run(
            args,
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Runs(
        exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8), output);
  }

  static Runs migrate(Path input, Path output, String... extra) {
    List<String> args =
        new ArrayList<>(List.of("migrate", "--input=" + input, "--output=" + output));
    args.addAll(List.of(extra));
    return cli(output, args.toArray(String[]::new));
  }

  /** The command line with these arguments in a JVM of its own, so that it can really be killed. */
  static List<String> inItsOwnJvm(List<String> args) {
    List<String> command =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                ChatkitMigrate.class.getName()));
    command.addAll(args);
    return command;
  }

  /** Copies a folder with all it holds, for a test to change or deliver without touching it. */
  static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> walk = Files.walk(from)) {
      for (Path p : walk.toList()) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target);
        }
      }
    }
  }

  /** Every line of every import part, in order. */
  List<String> importLines() throws IOException {
    List<String> lines = new ArrayList<>();
    try (Stream<Path> parts = Files.list(output.resolve("import")).sorted()) {
      for (Path p : parts.toList()) {
        lines.addAll(Files.readAllLines(p));
      }
    }
    return lines;
  }

  List<JsonNode> items(String type) throws IOException {
    List<JsonNode> items = new ArrayList<>();
    for (String line : importLines()) {
      JsonNode node = Json.tree(line);
      if (node.get("type").asText().equals(type)) {
        items.add(node.get("data"));
      }
    }
    return items;
  }

  /** The findings of rejected/ or warnings/. */
  List<JsonNode> findings(String folder) throws IOException {
    List<JsonNode> all = new ArrayList<>();
    Path dir = output.resolve(folder);
    if (!Files.isDirectory(dir)) {
      return all;
    }
    try (Stream<Path> files = Files.list(dir)) {
      for (Path f : files.toList()) {
        for (String line : Files.readAllLines(f)) {
          if (!line.isBlank()) {
            all.add(Json.tree(line));
          }
        }
      }
    }
    return all;
  }

  JsonNode report() throws IOException {
    return Json.tree(Files.readString(output.resolve("report.json")));
  }

  @Override
  public String toString() {
    return "exit " + exit + "\n--- out\n" + out + "\n--- err\n" + err;
  }
}
