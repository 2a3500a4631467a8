package io.chatkitmigrate.pipelines.cli;

import io.chatkitmigrate.pipelines.OptionGroup;
import io.chatkitmigrate.pipelines.UsageException;
import java.beans.Introspector;
import java.io.PrintStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.options.Validation;

/**
 * {@code --help} of a pipeline subcommand: this project's options under the task they serve (from
 * {@link OptionGroup} on each getter), each with its default and description; {@code --help=NAME}
 * prints the options of one of Beam's interfaces, such as FlinkPipelineOptions.
 */
final class OptionsHelp {
  /**
   * One option as {@code --help} shows it; {@code task} is null for a getter without {@link
   * OptionGroup}.
   */
  record Entry(
      String name, String type, String description, String fallback, OptionGroup.Task task) {}

  private OptionsHelp() {}

  /**
   * Prints the help asked for, if any.
   *
   * @return false when the arguments ask for no help
   */
  static boolean printIfAsked(
      String[] args, String usage, Class<? extends PipelineOptions> options, PrintStream out)
      throws UsageException {
    for (String arg : args) {
      if (arg.equals("--help") || arg.equals("-h")) {
        out.println(usage);
        out.println();
        print(options, out);
        return true;
      }
      if (arg.startsWith("--help=")) {
        // Beam's own parsing of --help=NAME would print and call System.exit.
        PipelineOptionsFactory.printHelp(out, beamInterface(arg.substring("--help=".length())));
        return true;
      }
    }
    return false;
  }

  static void print(Class<? extends PipelineOptions> options, PrintStream out) {
    Map<OptionGroup.Task, List<Entry>> groups = new EnumMap<>(OptionGroup.Task.class);
    List<Entry> ungrouped = new ArrayList<>();
    for (Entry e : entries(options)) {
      if (e.task() == null) {
        ungrouped.add(e);
      } else {
        groups.computeIfAbsent(e.task(), t -> new ArrayList<>()).add(e);
      }
    }
    groups.forEach(
        (task, entries) -> {
          out.println(task.heading());
          entries.forEach(e -> print(e, out));
          if (task == OptionGroup.Task.RUNNER) {
            out.println(
                "  Beam's own options are accepted too: --runner (DirectRunner or FlinkRunner;"
                    + " without it an input\n"
                    + "  below 48 MB runs on the Direct runner, a larger one on an embedded Flink"
                    + " using every core),\n"
                    + "  --flinkMaster=HOST:PORT (a Flink cluster), --parallelism, --filesToStage"
                    + " and the rest. List them\n"
                    + "  with --help=FlinkPipelineOptions, --help=DirectOptions or"
                    + " --help=PipelineOptions.");
          }
          out.println();
        });
    if (!ungrouped.isEmpty()) {
      out.println("Other");
      ungrouped.forEach(e -> print(e, out));
    }
  }

  private static void print(Entry e, PrintStream out) {
    out.printf(
        "  --%s=<%s>%n      %s%n      %s%n", e.name(), e.type(), e.description(), e.fallback());
  }

  /**
   * This project's options of {@code options} and the interfaces it extends, by name; Beam's
   * inherited options are left to {@code --help=NAME}.
   */
  static List<Entry> entries(Class<? extends PipelineOptions> options) {
    List<Entry> entries = new ArrayList<>();
    List<Class<?>> interfaces = new ArrayList<>();
    collect(options, interfaces);
    for (Class<?> iface : interfaces) {
      for (Method m : iface.getDeclaredMethods()) {
        String property = property(m);
        if (property == null || entries.stream().anyMatch(e -> e.name().equals(property))) {
          continue;
        }
        OptionGroup group = m.getAnnotation(OptionGroup.class);
        Description d = m.getAnnotation(Description.class);
        entries.add(
            new Entry(
                property,
                m.getReturnType().getSimpleName(),
                d == null ? "" : d.value(),
                fallback(m),
                group == null ? null : group.value()));
      }
    }
    entries.sort(Comparator.comparing(Entry::name));
    return entries;
  }

  private static void collect(Class<?> iface, List<Class<?>> into) {
    if (!iface.getPackageName().startsWith("io.chatkitmigrate") || into.contains(iface)) {
      return;
    }
    into.add(iface);
    for (Class<?> parent : iface.getInterfaces()) {
      collect(parent, into);
    }
  }

  private static String property(Method m) {
    String name = m.getName();
    if (m.getParameterCount() != 0 || m.isDefault() || m.isSynthetic()) {
      return null;
    }
    if (name.startsWith("get") && name.length() > 3) {
      return Introspector.decapitalize(name.substring(3));
    }
    if (name.startsWith("is") && name.length() > 2 && m.getReturnType() == boolean.class) {
      return Introspector.decapitalize(name.substring(2));
    }
    return null;
  }

  /** "Default: X", "Required." or "Default: none", from Beam's own annotations. */
  private static String fallback(Method m) {
    for (Annotation a : m.getAnnotations()) {
      if (a.annotationType().getEnclosingClass() != Default.class) {
        continue;
      }
      if (a instanceof Default.InstanceFactory) {
        return "Default: computed when the run starts";
      }
      try {
        Object value = a.annotationType().getMethod("value").invoke(a);
        String shown = value instanceof Class<?> c ? c.getSimpleName() : String.valueOf(value);
        return "Default: " + (shown.isEmpty() ? "empty" : shown);
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException("unreadable default of " + m, e);
      }
    }
    return m.isAnnotationPresent(Validation.Required.class) ? "Required." : "Default: none";
  }

  /** One of the option interfaces Beam knows, by simple or full name. */
  static Class<? extends PipelineOptions> beamInterface(String name) throws UsageException {
    TreeSet<String> known = new TreeSet<>();
    for (Class<? extends PipelineOptions> c : PipelineOptionsFactory.getRegisteredOptions()) {
      if (c.getSimpleName().equals(name) || c.getName().equals(name)) {
        return c;
      }
      known.add(c.getSimpleName());
    }
    throw new UsageException(
        "no options named '" + name + "'; --help=NAME knows " + String.join(", ", known));
  }
}
