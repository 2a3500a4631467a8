package io.chatkitmigrate.transforms.write;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chatkitmigrate.schemas.Json;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.ResourceId;

/**
 * The import parts of an output folder: named in order from those the workers wrote and reported
 * ({@link #place}); and the manifest that describes them.
 */
public final class ImportParts {
  private final String output;
  private final List<Part> parts = new ArrayList<>();
  // The workers' name of each part placed, to its name in the import folder.
  private final Map<String, String> placedFrom = new LinkedHashMap<>();
  private Consumer<Part> onClosed = part -> {};

  /** One written part: name, size, SHA-256 and item counts by type. */
  public record Part(String name, long bytes, String sha256, Map<String, Long> counts) {}

  public ImportParts(String output) {
    this.output = output.endsWith("/") ? output : output + "/";
  }

  /** The name of the part at this place (from 0) of the sequence. */
  static String name(int sequence) {
    return String.format(Locale.ROOT, "part-%05d.jsonl", sequence + 1);
  }

  /**
   * Called with each part once it has its name, in order, so it can be checked while the next is
   * named.
   */
  public ImportParts onPartClosed(Consumer<Part> action) {
    this.onClosed = action;
    return this;
  }

  /** Where a named part lives. */
  public String location(Part part) {
    return location(part.name());
  }

  private String location(String name) {
    return output + "import/" + name;
  }

  /**
   * Names the parts the workers wrote, in import order (run, then place in the run), announcing
   * each once named. Only names move: a rename on a local disk, a copy within the store on Cloud
   * Storage; no item passes through here.
   */
  public List<Part> place(List<WrittenPart> written) throws IOException {
    List<WrittenPart> ordered = new ArrayList<>(written);
    ordered.sort(WrittenPart.ORDER);
    List<ResourceId> from = new ArrayList<>();
    List<ResourceId> to = new ArrayList<>();
    for (int i = 0; i < ordered.size(); i++) {
      WrittenPart part = ordered.get(i);
      WrittenPart previous = i == 0 ? null : ordered.get(i - 1);
      if (previous != null && WrittenPart.ORDER.compare(previous, part) == 0) {
        throw new IOException(
            "two parts reported as part " + part.sequence() + " of run " + part.run());
      }
      // A run's parts are numbered from 0 without a gap: a missing one would be items lost.
      int expected = previous != null && previous.run() == part.run() ? previous.sequence() + 1 : 0;
      if (part.sequence() != expected) {
        throw new IOException(
            "part " + expected + " of run " + part.run() + " was not reported by the workers");
      }
      from.add(FileSystems.matchNewResource(part.file(), false));
      to.add(FileSystems.matchNewResource(location(name(i)), false));
      placedFrom.put(part.file(), name(i));
    }
    if (!from.isEmpty()) {
      FileSystems.rename(from, to);
    }
    for (int i = 0; i < ordered.size(); i++) {
      WrittenPart w = ordered.get(i);
      Part part = new Part(name(i), w.bytes(), w.sha256(), new LinkedHashMap<>(w.counts()));
      parts.add(part);
      onClosed.accept(part);
    }
    return List.copyOf(parts);
  }

  /** Each placed part's file as the workers wrote it, to its name now ({@link Part#name}). */
  public Map<String, String> placedFrom() {
    return Collections.unmodifiableMap(placedFrom);
  }

  /** The parts the workers reported, one JSON line each, in the files a glob matches. */
  public static List<WrittenPart> reported(String glob) throws IOException {
    List<WrittenPart> reported = new ArrayList<>();
    LineFiles.forEachLine(glob, line -> reported.add(WrittenPart.fromJson(line)));
    return reported;
  }

  /** Items by type over all parts. */
  public static Map<String, Long> totals(List<Part> parts) {
    Map<String, Long> totals = new LinkedHashMap<>();
    for (Part part : parts) {
      part.counts().forEach((type, n) -> totals.merge(type, n, Long::sum));
    }
    return totals;
  }

  /** The manifest's JSON: each part with its bytes, SHA-256 and counts, then the totals. */
  public static ObjectNode manifest(List<Part> parts, ObjectNode options) {
    ObjectNode manifest = Json.MAPPER.createObjectNode();
    ArrayNode list = manifest.putArray("parts");
    Map<String, Long> totals = new LinkedHashMap<>();
    long bytes = 0;
    for (Part part : parts) {
      ObjectNode p = list.addObject();
      p.put("name", "import/" + part.name());
      p.put("bytes", part.bytes());
      p.put("sha256", part.sha256());
      ObjectNode counts = p.putObject("counts");
      part.counts().forEach(counts::put);
      part.counts().forEach((type, n) -> totals.merge(type, n, Long::sum));
      bytes += part.bytes();
    }
    ObjectNode total = manifest.putObject("totals");
    total.put("parts", parts.size());
    total.put("bytes", bytes);
    ObjectNode items = total.putObject("items");
    totals.forEach(items::put);
    manifest.set("options", options);
    return manifest;
  }
}
