package io.chatkitmigrate.pipelines;

import java.util.regex.Pattern;

/**
 * The names chatkit-migrate writes in an output folder, relative to it. Only files of these names
 * are ever replaced or removed; anything else in the folder belongs to someone else and is left
 * alone.
 */
final class OwnFiles {
  private OwnFiles() {}

  /** Where a run keeps its scratch and its staged migration; all of it is the tool's. */
  static final String SCRATCH = ".work/";

  /**
   * Where a run that failed its checks keeps its output, beside the good migration it did not
   * replace.
   */
  static final String FAILED = "failed/";

  /** The object or file whose existence means a run holds the folder. */
  static final String LOCK = ".lock";

  private static final Pattern MIGRATION =
      Pattern.compile(
          String.join(
              "|",
              "manifest\\.json",
              "report\\.json",
              "report\\.html",
              "id-map\\.ndjson",
              "upload-state\\.json(\\.next)?",
              "import/part-\\d{5,}\\.jsonl",
              "rejected/(rejected|delivery)-\\d{5,}-of-\\d{5,}\\.ndjson",
              "warnings/warnings-\\d{5,}-of-\\d{5,}\\.ndjson",
              "verify/report\\.json",
              "verify/(differences|checked)\\.ndjson(\\.tmp)?",
              "verify/\\.spill/bucket-\\d{3}\\.ndjson"));

  /**
   * A file of a migration: a part, a finding shard, the manifest, the reports, the id map, the
   * upload state, and what verify wrote about it (which a new migration must not inherit).
   */
  static boolean ofAMigration(String relative) {
    return MIGRATION.matcher(relative).matches();
  }

  static boolean scratch(String relative) {
    return relative.startsWith(SCRATCH);
  }

  /** A file of the failed run kept in {@link #FAILED}. */
  static boolean ofAFailedRun(String relative) {
    return relative.startsWith(FAILED) && ofAMigration(relative.substring(FAILED.length()));
  }

  /** Neither a migration's file, nor a failed run's, nor scratch, nor the lock: someone else's. */
  static boolean foreign(String relative) {
    return !ofAMigration(relative)
        && !ofAFailedRun(relative)
        && !scratch(relative)
        && !lock(relative);
  }

  /** The lock, or the copy it is written to before it is linked into place. */
  static boolean lock(String relative) {
    return relative.equals(LOCK) || relative.matches("\\.lock-\\d+\\.next");
  }
}
