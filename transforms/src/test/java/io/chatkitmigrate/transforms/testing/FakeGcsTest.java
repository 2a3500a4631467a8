package io.chatkitmigrate.transforms.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.cloud.NoCredentials;
import com.google.cloud.storage.Blob;
import com.google.cloud.storage.BlobId;
import com.google.cloud.storage.BlobInfo;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.StorageException;
import com.google.cloud.storage.StorageOptions;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.zip.GZIPOutputStream;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.apache.beam.sdk.io.fs.MoveOptions;
import org.apache.beam.sdk.io.fs.ResourceId;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.util.MimeTypes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fake answers the two real clients the project uses: Beam's GcsFileSystem and
 * google-cloud-storage.
 */
class FakeGcsTest {
  static FakeGcs gcs;

  @BeforeAll
  static void start() {
    try {
      gcs = FakeGcs.start();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    FileSystems.setDefaultPipelineOptions(
        PipelineOptionsFactory.fromArgs(gcs.beamArgs().toArray(String[]::new)).create());
  }

  @AfterAll
  static void stop() {
    gcs.close();
  }

  @Test
  void beamWritesListsReadsRangesRenamesAndDeletes() throws IOException {
    byte[] big = new byte[3 * 1024 * 1024 + 17];
    new Random(7).nextBytes(big);
    ResourceId target = FileSystems.matchNewResource("gs://beam-bucket/dir/big file+1.bin", false);
    try (OutputStream out =
        Channels.newOutputStream(FileSystems.create(target, MimeTypes.BINARY))) {
      out.write(big);
    }
    assertArrayEquals(big, gcs.get("beam-bucket", "dir/big file+1.bin").data());

    MatchResult match = FileSystems.match("gs://beam-bucket/dir/*.bin");
    assertEquals(1, match.metadata().size());
    assertEquals(big.length, match.metadata().get(0).sizeBytes());

    try (SeekableByteChannel in = (SeekableByteChannel) FileSystems.open(target)) {
      in.position(big.length - 100);
      ByteBuffer tail = ByteBuffer.allocate(100);
      while (tail.hasRemaining() && in.read(tail) > 0) {
        // a ranged read from the middle of the object
      }
      assertArrayEquals(Arrays.copyOfRange(big, big.length - 100, big.length), tail.array());
    }

    ResourceId moved = FileSystems.matchNewResource("gs://beam-bucket/out/moved.bin", false);
    FileSystems.rename(List.of(target), List.of(moved));
    assertNull(gcs.get("beam-bucket", "dir/big file+1.bin"));
    assertArrayEquals(big, gcs.get("beam-bucket", "out/moved.bin").data());
    assertTrue(
        gcs.requests().contains("POST /batch/storage/v1"),
        "rename goes through the batch endpoint");

    FileSystems.delete(List.of(moved), MoveOptions.StandardMoveOptions.IGNORE_MISSING_FILES);
    assertTrue(gcs.list("beam-bucket", "").isEmpty());
    assertEquals(
        MatchResult.Status.NOT_FOUND, FileSystems.match("gs://beam-bucket/out/moved.bin").status());
  }

  @Test
  void beamMatchesRecursiveGlobsAcrossPages() throws IOException {
    for (int i = 0; i < 1203; i++) {
      gcs.put(
          "glob-bucket",
          "a/" + (i % 3) + "/f" + i + ".txt",
          ("line " + i).getBytes(StandardCharsets.UTF_8),
          "text/plain");
    }
    gcs.put("glob-bucket", "b/other.txt", new byte[] {1}, "text/plain");
    assertEquals(1203, FileSystems.match("gs://glob-bucket/a/**").metadata().size());
    assertEquals(401, FileSystems.match("gs://glob-bucket/a/1/*.txt").metadata().size());
    try (InputStream in =
        Channels.newInputStream(
            FileSystems.open(
                FileSystems.matchSingleFileSpec("gs://glob-bucket/a/2/f5.txt").resourceId()))) {
      assertEquals("line 5", new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
  }

  @Test
  void gzipEncodedBodiesAreReadAsTheirContent() throws Exception {
    String boundary = "b0undary";
    String body =
        "--"
            + boundary
            + "\r\nContent-Type: application/json; charset=UTF-8\r\n\r\n"
            + "{\"name\":\"zipped/upload.txt\",\"contentType\":\"text/plain\"}\r\n"
            + "--"
            + boundary
            + "\r\nContent-Type: text/plain\r\n\r\nsent gzipped\r\n--"
            + boundary
            + "--\r\n";
    ByteArrayOutputStream zipped = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(zipped)) {
      gz.write(body.getBytes(StandardCharsets.UTF_8));
    }
    HttpResponse<String> answer =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create(
                            gcs.host() + "/upload/storage/v1/b/zip-bucket/o?uploadType=multipart"))
                    .header("Content-Type", "multipart/related; boundary=" + boundary)
                    .header("Content-Encoding", "gzip")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(zipped.toByteArray()))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertEquals(200, answer.statusCode(), answer.body());
    assertEquals(
        "sent gzipped",
        new String(gcs.get("zip-bucket", "zipped/upload.txt").data(), StandardCharsets.UTF_8));
    assertEquals("text/plain", gcs.get("zip-bucket", "zipped/upload.txt").contentType());
  }

  @Test
  void cloudStorageClientUploadsDownloadsAndHonoursPreconditions(@TempDir Path tmp)
      throws IOException {
    Storage storage =
        StorageOptions.newBuilder()
            .setHost(gcs.host())
            .setProjectId("test")
            .setCredentials(NoCredentials.getInstance())
            .build()
            .getService();
    BlobInfo small =
        BlobInfo.newBuilder(BlobId.of("client-bucket", "small/é.txt"))
            .setContentType("text/plain")
            .build();
    storage.create(
        small, "hello".getBytes(StandardCharsets.UTF_8), Storage.BlobTargetOption.doesNotExist());
    assertEquals("text/plain", gcs.get("client-bucket", "small/é.txt").contentType());
    assertThrows(
        StorageException.class,
        () ->
            storage.create(
                small,
                "again".getBytes(StandardCharsets.UTF_8),
                Storage.BlobTargetOption.doesNotExist()));

    byte[] big = new byte[20 * 1024 * 1024 + 5];
    new Random(3).nextBytes(big);
    Path file = tmp.resolve("big.bin");
    Files.write(file, big);
    BlobInfo large =
        BlobInfo.newBuilder(BlobId.of("client-bucket", "large.bin"))
            .setContentType("image/png")
            .build();
    storage.createFrom(large, file, Storage.BlobWriteOption.doesNotExist());
    assertArrayEquals(big, gcs.get("client-bucket", "large.bin").data());

    Blob found = storage.get(BlobId.of("client-bucket", "large.bin"));
    assertEquals(big.length, found.getSize());
    assertEquals("image/png", found.getContentType());
    assertArrayEquals(big, storage.readAllBytes(BlobId.of("client-bucket", "large.bin")));
    assertNull(storage.get(BlobId.of("client-bucket", "missing")));
    assertFalse(gcs.requests().isEmpty());
  }
}
