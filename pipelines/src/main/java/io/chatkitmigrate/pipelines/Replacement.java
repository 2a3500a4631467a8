package io.chatkitmigrate.pipelines;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chatkitmigrate.schemas.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.EmptyMatchTreatment;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.apache.beam.sdk.io.fs.MoveOptions;
import org.apache.beam.sdk.io.fs.ResourceId;
import org.apache.beam.sdk.util.MimeTypes;

/**
 * Puts a complete migration, staged beside the old one, in its place. The journal {@code
 * .work/replace.json} appears in one step (written aside, then renamed) and from then on names
 * everything to do; each change after it can be repeated, so a run killed at any moment leaves
 * either the old migration with no journal, or a journal that the next run follows to the end
 * ({@link #finishPending}). Only the tool's own files are ever removed.
 */
final class Replacement {
  static final String JOURNAL = OwnFiles.SCRATCH + "replace.json";
  private static final List<String> MARKERS = List.of("report.json", "manifest.json");

  /**
   * Called before every change to the folder; a test throws from it to stop the replacement there.
   */
  interface Step {
    void next() throws IOException;
  }

  private final String root;
  private final Step step;

  Replacement(String root) {
    this(root, () -> {});
  }

  Replacement(String root, Step step) {
    this.root = root.endsWith("/") ? root : root + "/";
    this.step = step;
  }

  /**
   * @param staged the folder, relative to the root, holding the new migration
   * @param newFiles the new migration's files, relative to {@code staged}
   * @param oldFiles the files of the migration being replaced, relative to the root
   */
  void commit(String staged, List<String> newFiles, List<String> oldFiles) throws IOException {
    ObjectNode journal = Json.MAPPER.createObjectNode();
    journal.put("staged", staged);
    newFiles.forEach(journal.putArray("files")::add);
    oldFiles.forEach(journal.putArray("remove")::add);
    String aside = root + JOURNAL + ".next";
    step.next();
    try (OutputStream out =
        Channels.newOutputStream(FileSystems.create(resource(aside), MimeTypes.TEXT))) {
      out.write(Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(journal));
    }
    step.next();
    FileSystems.rename(List.of(resource(aside)), List.of(resource(root + JOURNAL)));
    rollForward(journal);
  }

  /** Completes a replacement a stopped run left half done; false when there was none. */
  boolean finishPending() throws IOException {
    if (!exists(root + JOURNAL)) {
      return false;
    }
    JsonNode journal;
    try (InputStream in = Channels.newInputStream(FileSystems.open(resource(root + JOURNAL)))) {
      journal = Json.tree(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
    rollForward(journal);
    return true;
  }

  private void rollForward(JsonNode journal) throws IOException {
    String staged = root + journal.get("staged").asText();
    Set<String> files = new LinkedHashSet<>();
    journal.get("files").forEach(f -> files.add(f.asText()));
    // The old markers go first: a manifest never describes parts it did not list.
    for (String marker : MARKERS) {
      if (files.contains(marker) && exists(staged + marker)) {
        delete(root + marker);
      }
    }
    for (JsonNode old : journal.get("remove")) {
      if (!files.contains(old.asText())) {
        delete(root + old.asText());
      }
    }
    // The new markers come last: a report.json in place means the whole migration is.
    List<String> order = new ArrayList<>(files);
    order.removeAll(MARKERS);
    order.add("manifest.json");
    order.add("report.json");
    for (String name : order) {
      if (files.contains(name) && exists(staged + name)) {
        step.next();
        if (!root.contains("://")) {
          Files.createDirectories(Path.of(root + name).getParent());
        }
        FileSystems.rename(List.of(resource(staged + name)), List.of(resource(root + name)));
      }
    }
    delete(root + JOURNAL);
    Layout.removeTree(staged);
    if (!root.contains("://")) {
      try {
        Files.deleteIfExists(Path.of(root + OwnFiles.SCRATCH));
      } catch (DirectoryNotEmptyException e) {
        // scratch of another kind is still there; the next run clears it
      }
    }
  }

  private void delete(String file) throws IOException {
    if (exists(file)) {
      step.next();
      FileSystems.delete(
          List.of(resource(file)), MoveOptions.StandardMoveOptions.IGNORE_MISSING_FILES);
    }
  }

  static boolean exists(String file) throws IOException {
    MatchResult match = FileSystems.match(List.of(file), EmptyMatchTreatment.ALLOW).get(0);
    return match.status() == MatchResult.Status.OK && !match.metadata().isEmpty();
  }

  private static ResourceId resource(String file) {
    return FileSystems.matchNewResource(file, false);
  }
}
