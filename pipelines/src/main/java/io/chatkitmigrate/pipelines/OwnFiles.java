package io.chatkitmigrate.pipelines;

import java.util.regex.Pattern;

/**
 * The names chatkit-migrate writes in an output folder, relative to it. Only files of these names are
 * ever replaced or removed; anything else in the folder belongs to someone else and is left alone.
 */
final class OwnFiles {
  private OwnFiles() {}

  /** Where a run keeps its scratch and its staged migration; all of it is the tool's. */
  static final String SCRATCH = ".work/";

  /** The object or file whose existence means a run holds the folder. */
  static final String LOCK = ".lock";

  private static final Pattern MIGRATION = Pattern.compile(String.join("|",
      "manifest\\.json", "report\\.json", "report\\.html", "id-map\\.ndjson", "upload-state\\.json(\\.next)?",
      "import/part-\\d{5,}\\.jsonl",
      "rejected/(rejected|delivery)-\\d{5,}-of-\\d{5,}\\.ndjson",
      "warnings/warnings-\\d{5,}-of-\\d{5,}\\.ndjson"));

  /** A file of a migration: a part, a finding shard, the manifest, the reports, the id map, the upload state. */
  static boolean ofAMigration(String relative) {
    return MIGRATION.matcher(relative).matches();
  }

  static boolean scratch(String relative) {
    return relative.startsWith(SCRATCH);
  }

  /** Neither a migration's file, nor scratch, nor the lock: someone else's. */
  static boolean foreign(String relative) {
    return !ofAMigration(relative) && !scratch(relative) && !lock(relative);
  }

  /** The lock, or the copy it is written to before it is linked into place. */
  static boolean lock(String relative) {
    return relative.equals(LOCK) || relative.matches("\\.lock-\\d+\\.next");
  }
}
