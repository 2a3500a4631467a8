package io.chatkitmigrate.pipelines.cli;

import io.chatkitmigrate.pipelines.UsageException;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code --name=value} options of the subcommands that are not Beam pipelines, declared with their
 * defaults and descriptions, so {@code --help} and the usage errors come out the same everywhere.
 */
final class Args {
  private record Option(String defaultValue, String description) {}

  private final String command;
  private final Map<String, Option> options = new LinkedHashMap<>();
  private final Map<String, String> values = new LinkedHashMap<>();

  Args(String command) {
    this.command = command;
  }

  Args option(String name, String defaultValue, String description) {
    options.put(name, new Option(defaultValue, description));
    return this;
  }

  /**
   * @return false when help was asked for and printed
   */
  boolean parse(String[] args, PrintStream out) throws UsageException {
    for (String arg : args) {
      if (arg.equals("--help") || arg.equals("-h")) {
        help(out);
        return false;
      }
      if (!arg.startsWith("--") || !arg.contains("=")) {
        throw new UsageException(
            "expected --option=value, not '"
                + arg
                + "' (see 'chatkit-migrate "
                + command
                + " --help')");
      }
      String name = arg.substring(2, arg.indexOf('='));
      if (!options.containsKey(name)) {
        throw new UsageException(
            "unknown option --" + name + " (see 'chatkit-migrate " + command + " --help')");
      }
      values.put(name, arg.substring(arg.indexOf('=') + 1));
    }
    for (Map.Entry<String, Option> o : options.entrySet()) {
      if (o.getValue().defaultValue() == null && !values.containsKey(o.getKey())) {
        throw new UsageException(
            "--" + o.getKey() + " is required (see 'chatkit-migrate " + command + " --help')");
      }
    }
    return true;
  }

  String get(String name) {
    return values.getOrDefault(name, options.get(name).defaultValue());
  }

  long getLong(String name) throws UsageException {
    try {
      return Long.parseLong(get(name));
    } catch (NumberFormatException e) {
      throw new UsageException("--" + name + " must be a whole number, not '" + get(name) + "'");
    }
  }

  double getDouble(String name) throws UsageException {
    try {
      double value = Double.parseDouble(get(name));
      if (value < 0 || value > 1) {
        throw new NumberFormatException();
      }
      return value;
    } catch (NumberFormatException e) {
      throw new UsageException(
          "--" + name + " must be a rate from 0 to 1, not '" + get(name) + "'");
    }
  }

  boolean getBoolean(String name) throws UsageException {
    String v = get(name);
    if (!v.equals("true") && !v.equals("false")) {
      throw new UsageException("--" + name + " must be true or false, not '" + v + "'");
    }
    return Boolean.parseBoolean(v);
  }

  private void help(PrintStream out) {
    out.println("Usage: chatkit-migrate " + command + " [--option=value ...]");
    out.println();
    for (Map.Entry<String, Option> o : options.entrySet()) {
      out.printf(
          "  --%s%n      %s%n      %s%n",
          o.getKey(),
          o.getValue().description(),
          o.getValue().defaultValue() == null
              ? "Required."
              : o.getValue().defaultValue().isEmpty()
                  ? "Optional."
                  : "Default: " + o.getValue().defaultValue());
    }
  }
}
