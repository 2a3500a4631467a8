package io.chatkitmigrate.pipelines;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.chatkitmigrate.transforms.rehost.AttachmentRehoster;
import io.chatkitmigrate.transforms.testing.FakeGcs;
import io.chatkitmigrate.transforms.testing.FileServer;
import io.chatkitmigrate.transforms.testing.FileServer.Behaviour;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * --rehostAttachments end to end: attachment files served on 127.0.0.1 (some slow, one gone, one
 * failing twice before it answers, one shared by two messages, one the customer mapped already) are
 * copied into a fake Cloud Storage once each, the items point at them, a file that cannot be
 * fetched keeps its link with a warning, and a second run finds every file stored and downloads
 * nothing.
 */
class MigrateRehostTest {
  @TempDir static Path dir;
  static FakeGcs gcs;
  static FileServer files;
  static final Map<String, byte[]> BODIES = new TreeMap<>();
  static Runs first;
  static Runs second;
  static int hitsAfterFirst;

  static final String ROOM =
      """
      {"id":"r1","created_by_id":"ann","name":"Room","private":false,\
      "created_at":"2020-01-01T00:00:00Z","updated_at":"2020-01-01T00:00:00Z",\
      "member_user_ids":["ann"]}\
      """;

  @BeforeAll
  static void runTwice() throws IOException {
    gcs = FakeGcs.start();
    files = FileServer.start();
    String plan = serve("/files/plan.pdf", "application/pdf", Behaviour::slow, 200);
    String photo = serve("/files/photo.jpg", "image/jpeg", Behaviour::failingFirst, 2);
    String shared = serve("/files/shared.png", "image/png", Behaviour::slow, 0);
    String gone = files.url("/files/gone.gif");
    String mapped = files.serve("/files/mapped.txt", Behaviour.file(new byte[] {1}, "text/plain"));

    Path export = dir.resolve("export");
    Files.createDirectories(export);
    Files.writeString(
        export.resolve("users.ndjson"),
        "{\"id\":\"ann\",\"name\":\"Ann\",\"created_at\":\"2020-01-01T00:00:00Z\","
            + "\"updated_at\":\"2020-01-01T00:00:00Z\"}\n");
    Files.writeString(export.resolve("rooms.ndjson"), ROOM + "\n");
    List<String> messages = new ArrayList<>();
    messages.add(message(1, attachment("application/pdf", plan)));
    messages.add(message(2, url("image/jpeg", photo)));
    messages.add(message(3, attachment("image/png", shared)));
    messages.add(message(4, url("image/png", shared)));
    messages.add(message(5, attachment("image/gif", gone)));
    messages.add(message(6, attachment("text/plain", mapped)));
    Files.write(export.resolve("messages.ndjson"), messages);
    Files.writeString(
        dir.resolve("urlmap.ndjson"),
        "{\"from\":\"" + mapped + "\",\"to\":\"https://cdn.example.com/mapped.txt\"}\n");

    first = migrate(export, "first");
    hitsAfterFirst = files.totalHits();
    second = migrate(export, "second");
  }

  static Runs migrate(Path export, String name) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "--runner=DirectRunner",
                "--rehostAttachments=gs://media/chatkit",
                "--rehostTimeoutSeconds=5",
                "--attachmentUrlMap=" + dir.resolve("urlmap.ndjson")));
    args.addAll(gcs.beamArgs());
    return Runs.migrate(export, dir.resolve(name), args.toArray(String[]::new));
  }

  @AfterAll
  static void stop() {
    gcs.close();
    files.close();
  }

  interface Shape {
    Behaviour apply(Behaviour b, int n);
  }

  static String serve(String path, String type, Shape shape, int n) {
    byte[] body = ("bytes of " + path).getBytes(StandardCharsets.UTF_8);
    String url = files.serve(path, shape.apply(Behaviour.file(body, type), n));
    BODIES.put(url, body);
    return url;
  }

  static String message(long id, String part) {
    return "{\"id\":"
        + id
        + ",\"room_id\":\"r1\",\"sender_id\":\"ann\",\"parts\":["
        + part
        + "],"
        + "\"created_at\":\"2020-01-02T00:00:0"
        + id
        + "Z\",\"updated_at\":\"2020-01-02T00:00:00Z\"}";
  }

  static String attachment(String type, String url) {
    return "{\"part_type\":\"attachment\",\"payload\":{\"type\":\""
        + type
        + "\",\"name\":\"f\",\"size\":10,"
        + "\"download_url\":\""
        + url
        + "\"}}";
  }

  static String url(String type, String url) {
    return "{\"part_type\":\"url\",\"payload\":{\"type\":\""
        + type
        + "\",\"url\":\""
        + url
        + "\"}}";
  }

  static String stored(String url) {
    return "https://storage.googleapis.com/media/" + AttachmentRehoster.objectName("chatkit/", url);
  }

  /** Message number to the URL its one attachment ends up with. */
  static Map<Long, String> attachmentUrls(Runs run) throws IOException {
    Map<Long, String> urls = new TreeMap<>();
    for (JsonNode m : run.items("message")) {
      JsonNode a = m.get("attachments").get(0);
      String url =
          a.hasNonNull("image_url")
              ? a.get("image_url").asText()
              : a.hasNonNull("asset_url")
                  ? a.get("asset_url").asText()
                  : a.get("title_link").asText();
      urls.put(Long.parseLong(m.get("id").asText().replaceAll(".*-", "")), url);
    }
    return urls;
  }

  @Test
  void everyFetchableFileIsStoredOnceAndTheItemsPointAtIt() throws IOException {
    assertEquals(0, first.exit, first.toString());
    FindingLines.assertEveryCountHasItsLines(first.output);
    FindingLines.assertEveryCountHasItsLines(second.output);
    for (Map.Entry<String, byte[]> e : BODIES.entrySet()) {
      FakeGcs.StoredObject o =
          gcs.get("media", AttachmentRehoster.objectName("chatkit/", e.getKey()));
      assertArrayEquals(e.getValue(), o.data(), e.getKey());
    }
    assertEquals(
        3, gcs.list("media", "chatkit/").size(), "plan, photo and the shared file; nothing else");
    assertEquals(
        "image/jpeg",
        gcs.get("media", AttachmentRehoster.objectName("chatkit/", files.url("/files/photo.jpg")))
            .contentType());

    Map<Long, String> urls = attachmentUrls(first);
    assertEquals(stored(files.url("/files/plan.pdf")), urls.get(1L));
    assertEquals(stored(files.url("/files/photo.jpg")), urls.get(2L));
    assertEquals(stored(files.url("/files/shared.png")), urls.get(3L));
    assertEquals(stored(files.url("/files/shared.png")), urls.get(4L));
    assertEquals(files.url("/files/gone.gif"), urls.get(5L), "not fetched: keeps its link");
    assertEquals("https://cdn.example.com/mapped.txt", urls.get(6L), "the customer's map wins");

    assertEquals(3, files.hits("/files/photo.jpg"), "two 503s, then the file");
    assertEquals(1, files.hits("/files/shared.png"), "one download for two messages");
    assertEquals(0, files.hits("/files/mapped.txt"), "a mapped URL is not fetched");
  }

  @Test
  void aFileThatCannotBeFetchedIsAWarningWithItsMessage() throws IOException {
    List<JsonNode> warnings =
        first.findings("warnings").stream()
            .filter(w -> w.get("reason").asText().startsWith("attachment_"))
            .toList();
    assertEquals(1, warnings.size(), warnings.toString());
    JsonNode gone = warnings.get(0);
    assertEquals("attachment_not_found", gone.get("reason").asText());
    assertTrue(gone.get("source").asText().endsWith("messages.ndjson"));
    assertEquals(5, gone.get("line").asLong());
    assertEquals(5, gone.get("record").get("id").asLong(), "the original record");

    JsonNode counts = first.report().get("accounting").get("attachments");
    assertEquals(3, counts.get("rehosted").asLong());
    assertEquals(0, counts.get("already_stored").asLong());
    assertEquals(1, counts.get("failed").asLong());
    assertTrue(
        first.out.contains("attachments: 3 re-hosted, 0 already stored, 1 kept their link"),
        first.out);
  }

  @Test
  void aSecondRunFindsEveryFileStoredAndDownloadsNothing() throws IOException {
    assertEquals(0, second.exit, second.toString());
    int goneTriesSecondRun = files.hits("/files/gone.gif") / 2;
    assertEquals(
        hitsAfterFirst + goneTriesSecondRun,
        files.totalHits(),
        "only the missing file is asked for again");
    JsonNode counts = second.report().get("accounting").get("attachments");
    assertEquals(0, counts.get("rehosted").asLong());
    assertEquals(3, counts.get("already_stored").asLong());
    assertEquals(attachmentUrls(first), attachmentUrls(second));
    assertTrue(Files.readString(second.output.resolve("report.html")).contains("Attachment files"));
  }
}
