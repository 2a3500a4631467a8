package io.chatkitmigrate.pipelines;

import io.chatkitmigrate.schemas.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.options.PipelineOptions;

/**
 * A run's hold on its output folder. Before any work it checks the folder can be written, takes its
 * lock, finishes or clears what a stopped run left, and refuses a migration that is there without
 * {@code --overwrite}. The run writes its migration beside the old one ({@code .work/<run>/}); only
 * once that is complete does {@link #replaceWith} put it in place. Files the tool did not write are
 * left alone.
 */
public final class OutputFolder implements AutoCloseable {
  static final int STRAYS_NAMED = 10;

  private final String given;
  private final Layout target;
  private final String run;
  private final OutputLock lock;
  private boolean replaced;

  private OutputFolder(String given, Layout target, String run, OutputLock lock) {
    this.given = given;
    this.target = target;
    this.run = run;
    this.lock = lock;
  }

  /** Takes the folder for this run, or says in one line why it cannot. */
  public static OutputFolder claim(MigrateOptions options, PrintStream progress)
      throws IOException, UsageException {
    String given = options.getOutput();
    Layout target = Layout.of(given);
    checkUsable(given, target.root());
    String run = runId();
    StringBuilder notes = new StringBuilder();
    if (!target.root().contains("://")) {
      try {
        Files.createDirectories(Path.of(target.root()));
      } catch (IOException e) {
        throw new UsageException("--output " + given + " cannot be written: " + firstLine(e));
      }
    }
    OutputLock lock = lock(options, given, target, run, options.getBreakLock(), notes);
    OutputFolder folder = new OutputFolder(given, target, run, lock);
    try {
      folder.inspect(options.getOverwrite(), notes);
    } catch (IOException | UsageException | RuntimeException e) {
      print(notes, progress);
      folder.close();
      throw e;
    }
    print(notes, progress);
    return folder;
  }

  /**
   * Holds a finished migration's folder for {@code upload}, which writes its state there: refused
   * while a run holds it, and when it holds no migration or an unfinished one. A replacement a
   * stopped run left is finished first.
   */
  public static AutoCloseable holdForUpload(
      PipelineOptions options, String given, PrintStream progress)
      throws IOException, UsageException {
    Layout target = Layout.of(given);
    checkUsable(given, target.root());
    if (!target.root().contains("://") && !Files.isDirectory(Path.of(target.root()))) {
      throw new UsageException(
          given + " does not exist: name the output folder of a finished migration");
    }
    StringBuilder notes = new StringBuilder();
    OutputLock lock = lock(options, given, target, "upload-" + runId(), null, notes);
    try {
      if (new Replacement(target.root()).finishPending()) {
        notes.append(
            "a stopped run had completed its migration and begun to put it in place; finished"
                + " that\n");
      }
      print(notes, progress);
      if (!Replacement.exists(target.manifest())) {
        throw new UsageException(given + " holds no migration (no manifest.json)");
      }
      if (!Replacement.exists(target.reportJson())) {
        throw new UsageException(
            given
                + " holds an unfinished migration (manifest.json without report.json: its run"
                + " stopped before the end); run migrate again with --overwrite, then upload");
      }
      if (!holdsAGoodMigration(target)) {
        throw new UsageException(
            given
                + " holds a migration that failed its checks (report.json: \"ok\": false); a"
                + " half-right import is worse than none: fix what its report names and migrate"
                + " again");
      }
    } catch (IOException | UsageException | RuntimeException e) {
      lock.close();
      throw e;
    }
    return lock;
  }

  /**
   * The folder's lock for this run, or one line saying who holds it or why it cannot be written.
   *
   * @param breakLock whether to take a lock that names another host; null where the option is not
   *     offered (upload and verify), which the refusal then does not suggest
   */
  private static OutputLock lock(
      PipelineOptions options,
      String given,
      Layout target,
      String run,
      Boolean breakLock,
      StringBuilder notes)
      throws UsageException {
    OutputLock.Attempt attempt;
    try {
      attempt =
          OutputLock.acquire(
              OutputLock.placeFor(target.root(), options),
              run,
              Boolean.TRUE.equals(breakLock),
              notes);
    } catch (IOException e) {
      throw new UsageException("--output " + given + " cannot be written: " + firstLine(e));
    }
    if (attempt.lock() == null) {
      throw new UsageException(
          given
              + " is in use by another run ("
              + attempt.heldBy().describe()
              + "); if that run is dead, remove "
              + target.root()
              + OwnFiles.LOCK
              + (breakLock == null ? "" : " or pass --breakLock"));
    }
    return attempt.lock();
  }

  /**
   * What a stopped run left is finished or cleared; a migration already there needs --overwrite.
   */
  private void inspect(boolean overwrite, StringBuilder notes) throws IOException, UsageException {
    if (new Replacement(target.root()).finishPending()) {
      notes
          .append(
              "a stopped run had completed its migration and begun to put it in place; finished"
                  + " that, so ")
          .append(given)
          .append(" holds that run's migration\n");
    }
    List<String> files = Layout.filesUnder(target.root());
    long scratch = files.stream().filter(OwnFiles::scratch).count();
    if (scratch > 0) {
      Layout.removeTree(target.root() + OwnFiles.SCRATCH);
      notes
          .append("removed the unfinished work of a run that was stopped (")
          .append(scratch)
          .append(" file(s) in .work/); the migration in ")
          .append(given)
          .append(" was not touched\n");
    }
    boolean manifest = files.contains("manifest.json");
    boolean report = files.contains("report.json");
    if (manifest && !report && !overwrite) {
      throw new UsageException(
          given
              + " holds an unfinished migration (manifest.json without report.json: its run"
              + " stopped before the end); pass --overwrite to run it again from the start");
    }
    if (manifest && !overwrite) {
      throw new UsageException(
          given + " already holds a migration (manifest.json); pass --overwrite to replace it");
    }
    List<String> strays = files.stream().filter(OwnFiles::foreign).toList();
    if (!strays.isEmpty()) {
      notes
          .append("left alone (not written by chatkit-migrate): ")
          .append(String.join(", ", strays.subList(0, Math.min(STRAYS_NAMED, strays.size()))))
          .append(
              strays.size() > STRAYS_NAMED
                  ? " and " + (strays.size() - STRAYS_NAMED) + " more"
                  : "")
          .append('\n');
    }
  }

  /** Where this run writes its migration until it is complete. */
  public Layout staging() {
    return Layout.of(target.root() + OwnFiles.SCRATCH + run + "/");
  }

  public Layout target() {
    return target;
  }

  /**
   * Puts this run's complete output where it belongs: in place of the folder's migration, unless
   * this run failed its checks and the folder holds one that passed them, which a failed run never
   * replaces; its output then goes to {@code failed/} beside it.
   *
   * @return where the run's output now is
   */
  public Layout place(Layout staged, boolean ok) throws IOException {
    removeFailedRun();
    if (ok || !holdsAGoodMigration(target)) {
      replaceWith(staged);
      return target;
    }
    Layout failed = Layout.of(target.root() + OwnFiles.FAILED);
    for (String file : Layout.filesUnder(staged.root())) {
      if (!target.root().contains("://")) {
        Files.createDirectories(Path.of(failed.root() + file).getParent());
      }
      FileSystems.rename(
          List.of(FileSystems.matchNewResource(staged.root() + file, false)),
          List.of(FileSystems.matchNewResource(failed.root() + file, false)));
    }
    return failed;
  }

  /** The output of an earlier failed run goes once a newer run has finished; only its own files. */
  private void removeFailedRun() throws IOException {
    List<String> files =
        Layout.filesUnder(target.root()).stream().filter(OwnFiles::ofAFailedRun).toList();
    if (!files.isEmpty()) {
      Layout.delete(files.stream().map(f -> target.root() + f).toList());
    }
  }

  /** Whether the folder holds a migration whose run passed every check. */
  static boolean holdsAGoodMigration(Layout folder) throws IOException {
    if (!Replacement.exists(folder.reportJson())) {
      return false;
    }
    try (InputStream in =
        Channels.newInputStream(
            FileSystems.open(FileSystems.matchNewResource(folder.reportJson(), false)))) {
      return Json.tree(new String(in.readAllBytes(), StandardCharsets.UTF_8))
          .path("ok")
          .asBoolean(false);
    } catch (RuntimeException unreadable) {
      return false;
    }
  }

  /** Puts the complete migration staged by this run in place of the one in the folder. */
  void replaceWith(Layout staged) throws IOException {
    String relative = staged.root().substring(target.root().length());
    List<String> newFiles = Layout.filesUnder(staged.root());
    List<String> oldFiles =
        Layout.filesUnder(target.root()).stream().filter(OwnFiles::ofAMigration).toList();
    new Replacement(target.root()).commit(relative, newFiles, oldFiles);
    replaced = true;
    target.makeFindingFolders();
  }

  /** Releases the folder; a run that did not finish takes its staged files with it. */
  @Override
  public void close() throws IOException {
    try {
      if (!replaced) {
        Layout.removeTree(staging().root());
        if (!target.root().contains("://")) {
          // The scratch folder itself, when this run was its only user.
          Files.deleteIfExists(Path.of(target.root(), OwnFiles.SCRATCH));
        }
      }
    } catch (DirectoryNotEmptyException e) {
      // another run's journal or staging is there: it is not ours to remove
    } finally {
      lock.close();
    }
  }

  /**
   * Refuses, before any work, an output that cannot be a folder. Permissions are proved by taking
   * the lock, which writes in the folder.
   */
  static void checkUsable(String given, String root) throws UsageException {
    if (root.contains("://")) {
      if (!root.matches("gs://[a-z0-9][a-z0-9._-]{1,221}[a-z0-9]/.*")) {
        throw new UsageException(
            "--output must be a local folder or gs://bucket/folder, not '" + given + "'");
      }
      return;
    }
    Path folder = Path.of(root);
    if (Files.exists(folder) && !Files.isDirectory(folder)) {
      throw new UsageException("--output " + given + " is a file, not a folder");
    }
    Path existing = folder;
    while (existing != null && !Files.exists(existing)) {
      existing = existing.getParent();
    }
    if (existing == null) {
      return;
    }
    if (!Files.isDirectory(existing)) {
      throw new UsageException(
          "--output " + given + " cannot be created: " + existing + " is a file, not a folder");
    }
    if (!Files.isWritable(existing)) {
      throw new UsageException(
          existing.equals(folder)
              ? "--output " + given + " is not writable (no permission)"
              : "--output " + given + " cannot be created: no permission to write in " + existing);
    }
  }

  private static String runId() {
    return "run-"
        + DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'", Locale.ROOT)
            .withZone(ZoneOffset.UTC)
            .format(Instant.now())
        + "-"
        + Integer.toHexString(ThreadLocalRandom.current().nextInt(1 << 20, 1 << 24));
  }

  private static String firstLine(Exception e) {
    String message = e.getMessage() == null ? e.toString() : e.getMessage();
    return message.lines().findFirst().orElse(message);
  }

  private static void print(StringBuilder notes, PrintStream progress) {
    notes.toString().lines().forEach(line -> progress.println("chatkit-migrate: " + line));
  }
}
