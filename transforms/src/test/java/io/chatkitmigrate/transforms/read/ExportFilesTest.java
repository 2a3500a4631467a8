package io.chatkitmigrate.transforms.read;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.chatkitmigrate.schemas.Finding;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExportFilesTest {
  @TempDir Path dir;

  @Test
  void anInputThatDoesNotExistIsSaidAtOnceWithoutWalkingItsParent() throws IOException {
    long started = System.nanoTime();
    ExportFiles.Listing listing = ExportFiles.list(dir.resolve("nonexistent-export").toString());
    assertFalse(listing.exists());
    assertEquals(List.of(), listing.files());
    assertEquals(true, System.nanoTime() - started < 2e9);
  }

  @Test
  void loopsAndLinksListEachRealFileOnceAndSayWhatTheyDid() throws IOException {
    Path export = Files.createDirectories(dir.resolve("export/sub"));
    Files.writeString(export.resolve("users.ndjson"), "{}\n");
    Files.writeString(export.resolve("messages-1.ndjson"), "{}\n");
    Files.writeString(
        Files.createDirectories(dir.resolve("elsewhere")).resolve("rooms.ndjson"), "{}\n");
    Files.createSymbolicLink(dir.resolve("export/self"), Path.of("."));
    Files.createSymbolicLink(dir.resolve("export/up"), Path.of(".."));
    Files.createSymbolicLink(export.resolve("loop"), Path.of("../sub"));
    Files.createSymbolicLink(export.resolve("out"), dir.resolve("elsewhere"));
    Files.createSymbolicLink(export.resolve("out-again"), dir.resolve("elsewhere"));
    Files.createSymbolicLink(export.resolve("users-broken.ndjson"), dir.resolve("missing.ndjson"));
    ExportFiles.Listing listing = ExportFiles.list(dir.resolve("export").toString());

    assertEquals(
        List.of(
            export.resolve("messages-1.ndjson").toString(),
            export.resolve("out/rooms.ndjson").toString(),
            export.resolve("users.ndjson").toString()),
        listing.files().stream().map(ExportFiles.File::path).toList());
    assertEquals(
        Map.of(
            "self",
            "link_loop",
            "up",
            "link_loop",
            "loop",
            "link_loop",
            "out",
            "link_outside_input",
            "out-again",
            "link_already_read"),
        byName(listing.warnings()));
    assertEquals(Map.of("users-broken.ndjson", "unreadable_file"), byName(listing.rejected()));
  }

  @Test
  void aGlobIsMatchedOnTheSameSafeWalk() throws IOException {
    Path export = Files.createDirectories(dir.resolve("export"));
    Files.writeString(export.resolve("messages-1.ndjson"), "{}\n");
    Files.writeString(export.resolve("users.ndjson"), "{}\n");
    Files.createSymbolicLink(export.resolve("self"), Path.of("."));
    ExportFiles.Listing listing = ExportFiles.list(export + "/messages-*");
    assertEquals(
        List.of(export.resolve("messages-1.ndjson").toString()),
        listing.files().stream().map(ExportFiles.File::path).toList());
  }

  @Test
  void aFifoIsRefusedUnreadAndAFolderNamedLikeAShardIsAFolder()
      throws IOException, InterruptedException {
    Path export = Files.createDirectories(dir.resolve("export"));
    Files.writeString(export.resolve("users-00000-of-00002.ndjson"), "{}\n");
    Files.createDirectories(export.resolve("users-00001-of-00002.ndjson"));
    Path fifo = export.resolve("rooms.ndjson");
    assertEquals(0, new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor());
    ExportFiles.Listing listing = ExportFiles.list(export.toString());

    assertEquals(
        List.of(export.resolve("users-00000-of-00002.ndjson").toString()),
        listing.files().stream().map(ExportFiles.File::path).toList());
    assertEquals(Map.of("rooms.ndjson", "unreadable_file"), byName(listing.rejected()));
    assertEquals(
        List.of(export.resolve("users-00001-of-00002.ndjson").toString()),
        ShardGaps.find(listing.files().stream().map(ExportFiles.File::path).toList()).stream()
            .map(ShardGaps.Missing::path)
            .toList(),
        "a folder does not stand in for its shard");
  }

  private static Map<String, String> byName(List<Finding> findings) {
    return findings.stream()
        .collect(
            Collectors.toMap(f -> Path.of(f.source()).getFileName().toString(), Finding::reason));
  }
}
