package io.chatkitmigrate.pipelines;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chatkitmigrate.schemas.Json;
import io.chatkitmigrate.schemas.stream.validate.ImportValidator;
import io.chatkitmigrate.schemas.stream.validate.ValidationReport;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.PrintStream;
import java.nio.channels.Channels;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.EmptyMatchTreatment;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.apache.commons.lang3.concurrent.BasicThreadFactory;

/** Runs the validator over a folder of import parts, local or gs://, in their import order. */
public final class PartsValidation {
  /** Errors a report keeps as examples, for a run's own parts and for `validate` alike. */
  public static final int MAX_KEPT_ERRORS = 1000;

  /** Null when validation was off. */
  private final ValidationReport report;

  private PartsValidation(ValidationReport report) {
    this.report = report;
  }

  private boolean ran() {
    return report != null;
  }

  /**
   * Validation in the launcher, beside the naming: each part is checked, in order, on a thread of
   * its own as soon as it has its name, so checking a part overlaps naming the next. Inert when
   * validation is off or {@code here} is false (the job validated the parts). While it runs, a line
   * every few seconds on {@code progress} says how far it got, the time counted from {@code
   * started} (a {@link System#nanoTime()}).
   */
  static Alongside alongside(
      MigrateOptions options, boolean here, PrintStream progress, long started) {
    Alongside checking =
        new Alongside(
            options.getValidate() && here
                ? validator(options.getMaxMessageLength(), options.getMaxPartBytes())
                : null,
            started);
    checking.reportEvery(progress, PROGRESS_SECONDS);
    return checking;
  }

  private static final long PROGRESS_SECONDS = 5;

  static final class Alongside implements AutoCloseable {
    /** Null when validation is off (--validate=false): parts are then announced to nobody. */
    private final ImportValidator validator;

    private final ExecutorService thread;
    private final List<Future<ValidationReport>> checks = new ArrayList<>();
    private final long started;
    // Bytes of the parts announced so far, and of those the validator has read.
    private final AtomicLong announced = new AtomicLong();
    private final AtomicLong read = new AtomicLong();
    private ScheduledExecutorService timer;

    Alongside(ImportValidator validator, long started) {
      this.validator = validator;
      this.started = started;
      this.thread =
          validator == null
              ? null
              : Executors.newSingleThreadExecutor(
                  new BasicThreadFactory.Builder()
                      .namingPattern("validate-%d")
                      .daemon(true)
                      .build());
    }

    /**
     * A line every {@code seconds} while parts are checked: for a large output the launcher's
     * validation takes long enough to look hung.
     */
    private void reportEvery(PrintStream out, long seconds) {
      if (!active()) {
        return;
      }
      timer = ProgressLine.every(seconds, () -> out.println(line(System.nanoTime())));
    }

    /** "M:SS validating the import parts: X of Y MB (P %)", Y the parts announced so far. */
    String line(long now) {
      long of = announced.get();
      long done = Math.min(read.get(), of);
      return ProgressLine.prefix(now - started)
          + String.format(
              "validating the import parts: %,d of %,d MB (%d %%)",
              done >> 20, of >> 20, of == 0 ? 0 : Math.round(100.0 * done / of));
    }

    boolean active() {
      return validator != null;
    }

    /**
     * @param name what the report calls the part
     * @param location where it is read
     */
    void part(String name, String location, long bytes) {
      if (!active()) {
        return;
      }
      ImportValidator.Part part =
          new ImportValidator.Part(
              name,
              bytes,
              () ->
                  new Counted(
                      Channels.newInputStream(
                          FileSystems.open(FileSystems.matchNewResource(location, false))),
                      read));
      announced.addAndGet(bytes);
      checks.add(thread.submit(() -> validator.validate(List.of(part))));
    }

    /** Waits for every part's check; the report covers them all, in order. */
    PartsValidation finish() throws IOException {
      if (!active()) {
        return new PartsValidation(null);
      }
      ValidationReport report = null;
      for (Future<ValidationReport> check : checks) {
        try {
          report = check.get();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new InterruptedIOException("validation interrupted");
        } catch (ExecutionException e) {
          throw e.getCause() instanceof IOException io
              ? io
              : new IOException("validation failed", e.getCause());
        }
      }
      return new PartsValidation(report != null ? report : validator.validate(List.of()));
    }

    @Override
    public void close() {
      if (timer != null) {
        timer.shutdownNow();
      }
      if (thread != null) {
        thread.shutdownNow();
      }
    }
  }

  /** A part's bytes, adding up those read: the validator reads a block of about 1 MB at a time. */
  private static final class Counted extends FilterInputStream {
    private final AtomicLong read;

    Counted(InputStream in, AtomicLong read) {
      super(in);
      this.read = read;
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b >= 0) {
        read.incrementAndGet();
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = super.read(b, off, len);
      if (n > 0) {
        read.addAndGet(n);
      }
      return n;
    }
  }

  /** The report of a validation the job ran. */
  static PartsValidation of(ValidationReport report) {
    return new PartsValidation(report);
  }

  /**
   * Validates every file the glob matches, sorted by name, in this JVM: for inputs too small for a
   * pipeline's start-up to pay off.
   */
  public static ValidationReport validate(String glob, int maxMessageLength, long maxPartBytes)
      throws IOException {
    MatchResult match = FileSystems.match(List.of(glob), EmptyMatchTreatment.ALLOW).get(0);
    List<ImportValidator.Part> parts = new ArrayList<>();
    if (match.status() == MatchResult.Status.OK) {
      match.metadata().stream()
          .sorted(Comparator.comparing(m -> m.resourceId().toString()))
          .forEach(
              m ->
                  parts.add(
                      new ImportValidator.Part(
                          m.resourceId().toString(),
                          m.sizeBytes(),
                          () -> Channels.newInputStream(FileSystems.open(m.resourceId())))));
    }
    return validator(maxMessageLength, maxPartBytes).validate(parts);
  }

  private static ImportValidator validator(int maxMessageLength, long maxPartBytes) {
    return new ImportValidator(maxMessageLength, maxPartBytes, MAX_KEPT_ERRORS);
  }

  boolean ok() {
    return !ran() || report.ok();
  }

  String summary() {
    if (!ran()) {
      return "skipped (--validate=false)";
    }
    return report.ok()
        ? "no errors in " + report.totals()
        : report.errorCount() + " errors " + report.errorsByKind();
  }

  ObjectNode toJson() {
    if (!ran()) {
      ObjectNode node = Json.MAPPER.createObjectNode();
      node.put("ran", false);
      return node;
    }
    return report.toJson();
  }
}
