package io.chatkitmigrate.pipelines.cli;

import java.nio.file.Path;

/**
 * Local paths made absolute before a job sees them: the workers of a cluster do not share the
 * launcher's working directory, so a relative --input would be read (and a relative --output
 * written) somewhere else, or not at all.
 */
final class LocalPaths {
  private LocalPaths() {}

  /** The arguments with the values of the {@code --name=} options among them made absolute. */
  static String[] absolute(String[] args, String... names) {
    String[] fixed = args.clone();
    for (int i = 0; i < fixed.length; i++) {
      for (String name : names) {
        String prefix = "--" + name + "=";
        if (fixed[i].startsWith(prefix)) {
          String value = fixed[i].substring(prefix.length());
          // Scheme-qualified locations (gs://, file://) and empty values are the user's as given.
          if (!value.isEmpty() && !value.contains("://")) {
            fixed[i] = prefix + Path.of(value).toAbsolutePath().normalize();
          }
        }
      }
    }
    return fixed;
  }
}
