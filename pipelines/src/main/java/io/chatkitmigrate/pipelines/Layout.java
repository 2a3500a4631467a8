package io.chatkitmigrate.pipelines;

import io.chatkitmigrate.schemas.stream.ImportItem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.EmptyMatchTreatment;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.apache.beam.sdk.io.fs.MoveOptions;
import org.apache.beam.sdk.io.fs.ResourceId;

/** Where everything of one migration lives inside its output folder, local or gs://. */
public record Layout(String root) {
  /** The item types the pipeline writes, in Stream's order. */
  static final List<String> WRITTEN_TYPES = List.of("user", "channel", "member", "message");

  /** A local folder is named absolutely, so that names found in it can be taken relative to it. */
  public static Layout of(String output) {
    String root =
        output.contains("://") ? output : Path.of(output).toAbsolutePath().normalize().toString();
    return new Layout(root.endsWith("/") ? root : root + "/");
  }

  public String manifest() {
    return root + "manifest.json";
  }

  public String importDir() {
    return root + "import/";
  }

  public String idMap() {
    return root + "id-map.ndjson";
  }

  public String reportJson() {
    return root + "report.json";
  }

  public String reportHtml() {
    return root + "report.html";
  }

  public String rejected() {
    return root + "rejected/rejected";
  }

  /** Items Stream refused through the REST sink, beside the records the conversion rejected. */
  public String deliveryRefusals() {
    return root + "rejected/delivery";
  }

  public String warnings() {
    return root + "warnings/warnings";
  }

  /** Shard prefix of one item type, numbered so a listing sorts in Stream's order. */
  public String items(String type) {
    return work("items/" + ImportItem.TYPE_ORDER.indexOf(type) + "-" + type + "/items");
  }

  public String work(String name) {
    return root + ".work/" + name + (name.contains("/") ? "" : "/" + name);
  }

  /** Every file under a folder, by its name relative to the folder, sorted. */
  static List<String> filesUnder(String folder) throws IOException {
    String root = folder.endsWith("/") ? folder : folder + "/";
    List<String> names = new ArrayList<>();
    MatchResult match = FileSystems.match(List.of(root + "**"), EmptyMatchTreatment.ALLOW).get(0);
    if (match.status() == MatchResult.Status.OK) {
      for (MatchResult.Metadata m : match.metadata()) {
        String name = m.resourceId().toString();
        if (name.startsWith(root) && !m.resourceId().isDirectory()) {
          names.add(name.substring(root.length()));
        }
      }
    }
    names.sort(null);
    return names;
  }

  /** Removes a folder of the tool's (scratch or a staged run) and everything in it. */
  static void removeTree(String folder) throws IOException {
    String root = folder.endsWith("/") ? folder : folder + "/";
    delete(List.of(root + "**"));
    if (!root.contains("://")) {
      // Object stores have no folders; a local disk keeps the empty ones behind.
      Path dir = Path.of(root);
      if (Files.exists(dir)) {
        try (Stream<Path> walk = Files.walk(dir)) {
          for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
            Files.deleteIfExists(p);
          }
        }
      }
    }
  }

  public void clearWork() throws IOException {
    removeTree(root + ".work/");
  }

  /**
   * A local run shows rejected/ and warnings/ even when nothing went there; object stores have no
   * folders.
   */
  public void makeFindingFolders() throws IOException {
    if (!root.contains("://")) {
      Files.createDirectories(Path.of(root, "rejected"));
      Files.createDirectories(Path.of(root, "warnings"));
    }
  }

  static void delete(List<String> globs) throws IOException {
    List<ResourceId> found = new ArrayList<>();
    for (MatchResult match : FileSystems.match(globs, EmptyMatchTreatment.ALLOW)) {
      if (match.status() == MatchResult.Status.OK) {
        for (MatchResult.Metadata m : match.metadata()) {
          found.add(m.resourceId());
        }
      }
    }
    FileSystems.delete(found, MoveOptions.StandardMoveOptions.IGNORE_MISSING_FILES);
  }
}
