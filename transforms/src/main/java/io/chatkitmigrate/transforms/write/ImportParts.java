package io.chatkitmigrate.transforms.write;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chatkitmigrate.schemas.Json;
import io.chatkitmigrate.transforms.read.ByteInput;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.apache.beam.sdk.io.fs.ResourceId;
import org.apache.beam.sdk.util.MimeTypes;

/**
 * Assembles the import parts from the per-type shards the pipeline wrote in parallel: Stream's item
 * order across the whole sequence, at most {@code maxPartBytes} a part, cut only between lines. It
 * only copies bytes, hashing and counting them on the way, so it runs at disk speed in the
 * launcher.
 */
public final class ImportParts {
  private final String output;
  private final long maxPartBytes;
  private final List<Part> parts = new ArrayList<>();
  private Open current;
  private Consumer<Part> onClosed = part -> {};

  /** One written part: name, size, SHA-256 and item counts by type. */
  public record Part(String name, long bytes, String sha256, Map<String, Long> counts) {}

  public ImportParts(String output, long maxPartBytes) {
    this.output = output.endsWith("/") ? output : output + "/";
    this.maxPartBytes = maxPartBytes;
  }

  /**
   * Called with each part once it is complete on storage, in order, so it can be checked while the
   * next is written.
   */
  public ImportParts onPartClosed(Consumer<Part> action) {
    this.onClosed = action;
    return this;
  }

  /** Where a part of this assembly lives. */
  public String location(Part part) {
    return location(part.name());
  }

  private String location(String name) {
    return output + "import/" + name;
  }

  /**
   * Copies every line of the shards matching each glob, the globs in the order given.
   *
   * @param typedGlobs item type to the glob of its shards, in Stream's item order
   */
  public List<Part> assemble(Map<String, String> typedGlobs) throws IOException {
    try {
      for (Map.Entry<String, String> typed : typedGlobs.entrySet()) {
        for (ResourceId shard : shards(typed.getValue())) {
          copyLines(typed.getKey(), shard);
        }
      }
    } finally {
      closeCurrent();
    }
    return List.copyOf(parts);
  }

  static List<ResourceId> shards(String glob) throws IOException {
    MatchResult match = FileSystems.match(glob);
    if (match.status() != MatchResult.Status.OK) {
      return List.of();
    }
    List<ResourceId> files = new ArrayList<>();
    for (MatchResult.Metadata m : match.metadata()) {
      files.add(m.resourceId());
    }
    files.sort(Comparator.comparing(ResourceId::toString));
    return files;
  }

  private void copyLines(String type, ResourceId shard) throws IOException {
    try (InputStream in = Channels.newInputStream(FileSystems.open(shard))) {
      ByteInput lines = new ByteInput(in, 0);
      ByteInput.Bytes line = new ByteInput.Bytes();
      while (true) {
        line.clear();
        if (!lines.readLine(line)) {
          return;
        }
        if (line.length() == 0) {
          continue;
        }
        long needed = line.length() + 1L;
        if (needed > maxPartBytes) {
          throw new IOException(
              "one " + type + " item is " + needed + " bytes, more than a whole part may hold");
        }
        if (current == null || current.bytes + needed > maxPartBytes) {
          closeCurrent();
          openNext();
        }
        line.writeTo(current.out);
        current.out.write('\n');
        current.bytes += needed;
        current.counts.merge(type, 1L, Long::sum);
      }
    }
  }

  private void openNext() throws IOException {
    String name = String.format(Locale.ROOT, "part-%05d.jsonl", parts.size() + 1);
    ResourceId file = FileSystems.matchNewResource(location(name), false);
    MessageDigest sha;
    try {
      sha = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    OutputStream raw = Channels.newOutputStream(FileSystems.create(file, MimeTypes.TEXT));
    current =
        new Open(name, new DigestOutputStream(new BufferedOutputStream(raw, 1 << 20), sha), sha);
  }

  private void closeCurrent() throws IOException {
    if (current == null) {
      return;
    }
    current.out.close();
    Part part =
        new Part(
            current.name,
            current.bytes,
            HexFormat.of().formatHex(current.sha.digest()),
            new LinkedHashMap<>(current.counts));
    parts.add(part);
    current = null;
    onClosed.accept(part);
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

  private static final class Open {
    final String name;
    final OutputStream out;
    final MessageDigest sha;
    final Map<String, Long> counts = new LinkedHashMap<>();
    long bytes;

    Open(String name, OutputStream out, MessageDigest sha) {
      this.name = name;
      this.out = out;
      this.sha = sha;
    }
  }
}
