package io.chatkitmigrate.transforms.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chatkitmigrate.schemas.stream.validate.ItemRules;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Every rule of an item, as the code has it, is broken by some case of {@link BrokenImports}: each
 * place in {@link ItemRules} that reports a field rule, and each reason a line is not an item. The
 * list comes from the rules' source, so a new rule without a case fails here.
 */
class CorpusCoversEveryRuleTest {
  private static final Path SOURCE =
      Path.of("../schemas/src/main/java/io/chatkitmigrate/schemas/stream/validate/ItemRules.java");

  @Test
  void everyFieldRuleAndEveryParseProblemHasACase() throws IOException {
    List<String> source = Files.readAllLines(SOURCE);
    // The places that report a field rule: each call of fail(...), by line.
    TreeMap<Integer, String> rules = new TreeMap<>();
    // The reasons a line is no item: the text each problem starts with.
    List<String> problems = new ArrayList<>();
    Pattern problem = Pattern.compile("return new Parsed\\(.*?\"([^\"]+)\".*");
    for (int i = 0; i < source.size(); i++) {
      String line = source.get(i).strip();
      if ((line.startsWith("fail(") || line.startsWith("c.fail(")) && !line.contains("void")) {
        rules.put(i + 1, line);
      }
      Matcher m = problem.matcher(line);
      if (m.matches()) {
        problems.add(m.group(1));
      }
    }
    assertTrue(rules.size() > 20, "rules found in " + SOURCE + ": " + rules);
    assertEquals(5, problems.size(), problems.toString());

    TreeSet<Integer> broken = new TreeSet<>();
    List<String> problemsSeen = new ArrayList<>();
    ItemRules rulesOfItems = new ItemRules(5000);
    for (BrokenImports.Case c : BrokenImports.all()) {
      for (byte[] part : c.parts().values()) {
        for (byte[] line : lines(part)) {
          if (ItemRules.blank(line, 0, line.length)) {
            continue;
          }
          ItemRules.Parsed parsed = ItemRules.parse(1, line, 0, line.length);
          if (parsed.problem() != null) {
            problemsSeen.add(parsed.problem());
            continue;
          }
          rulesOfItems.check(
              parsed.type(),
              parsed.data(),
              new ItemRules.Sink() {
                @Override
                public void error(String kind, String message) {
                  broken.add(callerLine());
                }

                @Override
                public void claim(ItemRules.Claim claim, String... key) {}
              });
        }
      }
    }
    Map<Integer, String> unbroken = new TreeMap<>(rules);
    unbroken.keySet().removeAll(broken);
    assertEquals(Map.of(), unbroken, "rules no case breaks (line of " + SOURCE + ")");
    for (String p : problems) {
      assertTrue(
          problemsSeen.stream().anyMatch(s -> s.startsWith(p)),
          "no case is a line with the problem '" + p + "': " + problemsSeen);
    }
  }

  /** The line of ItemRules that called fail(...), which called the sink. */
  private static int callerLine() {
    return StackWalker.getInstance()
        .walk(
            frames ->
                frames
                    .filter(f -> f.getClassName().startsWith(ItemRules.class.getName()))
                    .filter(f -> !f.getMethodName().equals("fail"))
                    .findFirst()
                    .orElseThrow()
                    .getLineNumber());
  }

  private static List<byte[]> lines(byte[] bytes) {
    List<byte[]> lines = new ArrayList<>();
    int start = 0;
    for (int i = 0; i <= bytes.length; i++) {
      if (i == bytes.length || bytes[i] == '\n') {
        if (i > start) {
          lines.add(java.util.Arrays.copyOfRange(bytes, start, i));
        }
        start = i + 1;
      }
    }
    return lines;
  }
}
