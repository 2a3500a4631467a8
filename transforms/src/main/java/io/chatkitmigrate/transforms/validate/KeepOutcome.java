package io.chatkitmigrate.transforms.validate;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.transforms.DoFn;

/**
 * Leaves a validation's single outcome in a file, for the launcher to read once the run is over:
 * the outcome is small (counts and the kept errors), whatever the parts hold.
 */
public final class KeepOutcome extends DoFn<ValidationOutcome, Void> {
  private static final Coder<ValidationOutcome> CODER =
      SerializableCoder.of(ValidationOutcome.class);

  private final String file;

  public KeepOutcome(String file) {
    this.file = file;
  }

  @ProcessElement
  public void process(@Element ValidationOutcome outcome) throws IOException {
    // A retried task writes the same file again, whole: the outcome is only read after the run.
    try (OutputStream os =
        Channels.newOutputStream(
            FileSystems.create(
                FileSystems.matchNewResource(file, false), "application/octet-stream"))) {
      CODER.encode(outcome, os);
    }
  }

  /** The outcome a run left in {@code file}. */
  public static ValidationOutcome read(String file) throws IOException {
    try (InputStream in =
        Channels.newInputStream(
            FileSystems.open(FileSystems.matchSingleFileSpec(file).resourceId()))) {
      return CODER.decode(in);
    }
  }
}
