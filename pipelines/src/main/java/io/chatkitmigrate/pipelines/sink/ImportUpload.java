package io.chatkitmigrate.pipelines.sink;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chatkitmigrate.schemas.Json;
import io.chatkitmigrate.transforms.retry.RetryPolicy;
import io.chatkitmigrate.transforms.stream.StreamClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.EmptyMatchTreatment;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.apache.beam.sdk.io.fs.ResourceId;
import org.apache.beam.sdk.util.MimeTypes;

/**
 * Sends the import parts of an output folder to Stream's import API, strictly one after another: an
 * upload URL, the upload, an import task, polling until a terminal state; the next part only once
 * the previous one completed. Every step is written to {@code upload-state.json} in the folder
 * before the next begins, and a part whose task id was not yet saved is looked up among the app's
 * tasks by its upload path, so a run that was killed resumes where it stopped and never creates a
 * second task for a part.
 */
public final class ImportUpload {
  public static final String STATE_FILE = "upload-state.json";

  /**
   * How the upload ended: every part completed, or the part that failed and Stream's errors for it.
   */
  public record Outcome(boolean ok, String summary) {}

  private final StreamClient stream;
  private final String root;
  private final String mode;
  private final Duration firstPoll;
  private final Duration maxPoll;
  private final PrintStream progress;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(30)).build();
  private ObjectNode state;

  public ImportUpload(
      StreamClient stream,
      String outputFolder,
      String mode,
      Duration firstPoll,
      Duration maxPoll,
      PrintStream progress) {
    this.stream = stream;
    this.root = outputFolder.endsWith("/") ? outputFolder : outputFolder + "/";
    this.mode = mode;
    this.firstPoll = firstPoll;
    this.maxPoll = maxPoll;
    this.progress = progress;
  }

  public Outcome run() throws IOException, InterruptedException {
    JsonNode manifest = Json.tree(read(root + "manifest.json"));
    state =
        exists(root + STATE_FILE)
            ? (ObjectNode) Json.tree(read(root + STATE_FILE))
            : Json.MAPPER.createObjectNode();
    ObjectNode parts =
        state.has("parts") ? (ObjectNode) state.get("parts") : state.putObject("parts");
    List<String> names = new ArrayList<>();
    manifest.get("parts").forEach(p -> names.add(p.get("name").asText()));
    int done = 0;
    for (String name : names) {
      ObjectNode part = parts.has(name) ? (ObjectNode) parts.get(name) : parts.putObject(name);
      if ("completed".equals(part.path("state").asText())) {
        progress.printf(
            "chatkit-migrate upload: %s already imported (task %s)%n",
            name, part.path("task_id").asText());
        done++;
        continue;
      }
      Outcome failed = importPart(name, part);
      if (failed != null) {
        return failed;
      }
      done++;
    }
    return new Outcome(
        true,
        "uploaded: "
            + done
            + " of "
            + names.size()
            + " part(s) imported into Stream, in order ("
            + mode
            + ")");
  }

  /** One part, from wherever an earlier run left it; null when it completed. */
  private Outcome importPart(String name, ObjectNode part)
      throws IOException, InterruptedException {
    if (!part.has("task_id")) {
      if (!part.path("uploaded").asBoolean()) {
        ObjectNode request =
            Json.MAPPER
                .createObjectNode()
                .put("filename", name.substring(name.lastIndexOf('/') + 1));
        StreamClient.Result urls = stream.post("imports", "/import_urls", request);
        refuse(urls, "asking for an upload URL for " + name);
        part.put("path", urls.body().get("path").asText());
        save();
        put(urls.body().get("upload_url").asText(), root + name);
        part.put("uploaded", true);
        save();
        progress.printf("chatkit-migrate upload: %s uploaded%n", name);
      }
      part.put("task_id", createTask(name, part.get("path").asText()));
      save();
    }
    String id = part.get("task_id").asText();
    Duration wait = firstPoll;
    String last = "";
    while (true) {
      StreamClient.Result polled = stream.get("imports", "/imports/" + StreamClient.segment(id));
      refuse(polled, "reading import task " + id);
      JsonNode task = polled.body().get("import_task");
      String taskState = task.path("state").asText();
      if (!taskState.equals(last)) {
        progress.printf("chatkit-migrate upload: %s: %s%n", name, taskState);
        last = taskState;
        part.put("state", taskState);
        save();
      }
      if (taskState.equals("completed")) {
        return null;
      }
      if (taskState.endsWith("failed")) {
        return new Outcome(
            false,
            "Stream's import of "
                + name
                + " ended "
                + taskState
                + " (task "
                + id
                + "); its errors:\n"
                + errors(task.path("result"))
                + "the parts after it were not sent");
      }
      Thread.sleep(wait.toMillis());
      wait = Duration.ofMillis(Math.min(maxPoll.toMillis(), (long) (wait.toMillis() * 1.5)));
    }
  }

  /**
   * The part's import task: one found among the app's tasks for this upload path, or a new one. A
   * create whose answer was lost may still have made the task, so every retry looks first.
   */
  private String createTask(String name, String path) throws IOException {
    return stream
        .retryPolicy()
        .call(
            () -> {
              String existing = findTask(path);
              if (existing != null) {
                return existing;
              }
              ObjectNode request =
                  Json.MAPPER.createObjectNode().put("path", path).put("mode", mode);
              StreamClient.Result created = stream.postOnce("imports", "/imports", request);
              refuse(created, "creating the import task for " + name);
              return created.body().get("import_task").get("id").asText();
            },
            (attempt, e) ->
                progress.printf(
                    "chatkit-migrate upload: creating the task for %s: %s; looking again%n",
                    name, e.getMessage()));
  }

  /**
   * A task already created for this upload path, by an earlier run that died before it saved the
   * id.
   */
  private String findTask(String path) throws IOException {
    for (int offset = 0; ; offset += 100) {
      StreamClient.Result page = stream.get("imports", "/imports?limit=100&offset=" + offset);
      refuse(page, "listing import tasks");
      JsonNode tasks = page.body().path("import_tasks");
      for (JsonNode t : tasks) {
        if (path.equals(t.path("path").asText())) {
          return t.get("id").asText();
        }
      }
      if (tasks.size() < 100) {
        return null;
      }
    }
  }

  private void put(String uploadUrl, String file) throws IOException {
    MatchResult.Metadata meta = FileSystems.matchSingleFileSpec(file);
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(uploadUrl))
            .timeout(Duration.ofMinutes(30))
            .header("Content-Type", "application/x-ndjson")
            .PUT(
                HttpRequest.BodyPublishers.fromPublisher(
                    HttpRequest.BodyPublishers.ofInputStream(
                        () -> {
                          try {
                            return Channels.newInputStream(FileSystems.open(meta.resourceId()));
                          } catch (IOException e) {
                            throw new UncheckedIOException(e);
                          }
                        }),
                    meta.sizeBytes()))
            .build();
    // A PUT of the same bytes to the same URL is safe to repeat.
    stream
        .retryPolicy()
        .call(
            () -> {
              HttpResponse<String> answer;
              try {
                answer = http.send(request, HttpResponse.BodyHandlers.ofString());
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("the upload of " + file + " was interrupted");
              } catch (IOException e) {
                throw new RetryPolicy.TransientException(
                    "the upload of " + file + " got no answer: " + e, e);
              }
              String failure =
                  "the upload of "
                      + file
                      + " answered HTTP "
                      + answer.statusCode()
                      + ": "
                      + answer.body();
              if (RetryPolicy.retryableStatus(answer.statusCode())) {
                throw new RetryPolicy.TransientException(
                    failure, RetryPolicy.rateLimitResetMillis(answer.headers()));
              }
              if (answer.statusCode() / 100 != 2) {
                throw new Refused(failure);
              }
              return null;
            });
  }

  private static String errors(JsonNode result) {
    StringBuilder s = new StringBuilder();
    for (JsonNode e : result.path("errors")) {
      s.append("  ")
          .append(e.path("item_type").asText())
          .append(": ")
          .append(e.path("error").asText())
          .append("  ")
          .append(e.path("item"))
          .append('\n');
    }
    return s.length() == 0 ? "  (none listed)\n" : s.toString();
  }

  /** Stream said no: another try would get the same answer. */
  public static final class Refused extends IOException {
    Refused(String message) {
      super(message);
    }
  }

  private static void refuse(StreamClient.Result result, String doing) throws Refused {
    if (!result.delivered()) {
      throw new Refused(
          "Stream refused " + doing + " (HTTP " + result.httpStatus() + "): " + result.error());
    }
  }

  /**
   * Written aside and renamed over the old one, so a kill mid-write leaves the previous state
   * whole.
   */
  private void save() throws IOException {
    ResourceId next = FileSystems.matchNewResource(root + STATE_FILE + ".next", false);
    try (OutputStream out = Channels.newOutputStream(FileSystems.create(next, MimeTypes.TEXT))) {
      out.write(Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(state));
    }
    FileSystems.rename(
        List.of(next), List.of(FileSystems.matchNewResource(root + STATE_FILE, false)));
  }

  private static boolean exists(String file) throws IOException {
    MatchResult m = FileSystems.match(List.of(file), EmptyMatchTreatment.ALLOW).get(0);
    return m.status() == MatchResult.Status.OK && !m.metadata().isEmpty();
  }

  private static String read(String file) throws IOException {
    try (InputStream in =
        Channels.newInputStream(
            FileSystems.open(FileSystems.matchSingleFileSpec(file).resourceId()))) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
