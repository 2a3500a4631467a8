package io.chatkitmigrate.pipelines;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The heading an option's getter is listed under in {@code --help}: the task a user has in mind
 * when looking for it. One line places a new option; a test fails for an option without it.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface OptionGroup {
  Task value();

  /** The headings, in the order {@code --help} prints them. */
  enum Task {
    INPUT_OUTPUT("Input and output"),
    CONVERSION("Conversion"),
    READ_STATE("Read state"),
    ATTACHMENTS("Attachments"),
    DELIVERY("Delivery to Stream"),
    RUNNER("Runner and tuning");

    private final String heading;

    Task(String heading) {
      this.heading = heading;
    }

    public String heading() {
      return heading;
    }
  }
}
