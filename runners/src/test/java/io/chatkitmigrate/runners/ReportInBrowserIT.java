package io.chatkitmigrate.runners;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chatkitmigrate.pipelines.cli.ChatkitMigrate;
import io.chatkitmigrate.pipelines.generate.ExportGenerator;
import io.chatkitmigrate.pipelines.generate.GeneratorSettings;
import io.chatkitmigrate.schemas.Json;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * report.html in a real browser: Debian's Chromium, headless, renders the report of Pusher's sample
 * and of a generated 100,000-message export; the DOM it built holds the four charts and the tables,
 * nothing reached the console, and a screenshot of each stays in target/report-screenshots. A
 * report of hostile data is measured in the page itself over Chromium's DevTools protocol. CI
 * installs Chromium (.ci/run); without it this test fails rather than pass unseen.
 */
class ReportInBrowserIT {
  static final Path SCREENSHOTS = Path.of("target", "report-screenshots").toAbsolutePath();
  @TempDir Path tmp;

  static String chromium() {
    String env = System.getenv("CHROMIUM");
    for (String candidate : new String[] {env, "/usr/bin/chromium", "/usr/bin/chromium-browser"}) {
      if (candidate != null && Files.isExecutable(Path.of(candidate))) {
        return candidate;
      }
    }
    throw new AssertionError(
        "no Chromium: install Debian's chromium package (.ci/run does) or set CHROMIUM");
  }

  record Browser(String out, String log) {}

  Browser chromium(String... args) throws Exception {
    List<String> command =
        new ArrayList<>(
            List.of(
                chromium(),
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--enable-logging=stderr",
                "--v=0",
                "--user-data-dir=" + tmp.resolve("profile")));
    command.addAll(List.of(args));
    Path out = Files.createTempFile(tmp, "chromium", ".out");
    Path log = Files.createTempFile(tmp, "chromium", ".log");
    Process p =
        new ProcessBuilder(command)
            .redirectOutput(out.toFile())
            .redirectError(log.toFile())
            .start();
    assertTrue(p.waitFor(2, TimeUnit.MINUTES), "chromium hung");
    return new Browser(Files.readString(out), Files.readString(log));
  }

  static int count(String text, String pattern) {
    Matcher m = Pattern.compile(pattern).matcher(text);
    int n = 0;
    while (m.find()) {
      n++;
    }
    return n;
  }

  void rendersWithChartsAndTables(Path export, String name) throws Exception {
    Path out = Migrations.migrate(export, tmp.resolve(name), "--runner=DirectRunner");
    String url = out.resolve("report.html").toUri().toString();

    Browser dom = chromium("--dump-dom", url);
    assertTrue(dom.out().contains("Chatkit to Stream migration"), dom.out());
    assertEquals(4, count(dom.out(), "<svg[^>]*class=\"chart\""), "charts in " + name);
    assertTrue(count(dom.out(), "<rect class=\"bar\"") >= 4, "bars in " + name);
    // Every section has its table, or says "none".
    assertTrue(
        count(dom.out(), "<table") + count(dom.out(), "<p class=\"none\">") >= 8,
        "tables in " + name);
    List<String> console = dom.log().lines().filter(l -> l.contains("CONSOLE")).toList();
    assertEquals(List.of(), console, "console messages while rendering " + name);

    Files.createDirectories(SCREENSHOTS);
    Path png = SCREENSHOTS.resolve(name + ".png");
    Files.deleteIfExists(png);
    chromium("--screenshot=" + png, "--window-size=1280,3000", url);
    assertTrue(
        Files.size(png) > 10_000, "screenshot of " + name + " is " + Files.size(png) + " bytes");
  }

  @Test
  void pushersSampleReport() throws Exception {
    rendersWithChartsAndTables(sharedSample(), "pusher-sample");
  }

  @Test
  void aGeneratedHundredThousandMessageReport() throws Exception {
    Path generated = tmp.resolve("generated");
    new ExportGenerator(GeneratorSettings.of(100_000, 1)).generate(generated, n -> {});
    rendersWithChartsAndTables(generated.resolve("export"), "generated-100k");
  }

  /** A name or text that would run if the report let the data in as markup. */
  static final String HOSTILE =
      "<script>window.pwned=1;document.title='pwned'</script><img src=x"
          + " onerror=\"window.pwned=2\">";

  /** Right-to-left, zero-width and emoji characters. */
  static final String MIXED =
      "\u05e9\u05dc\u05d5\u05dd \u0645\u0631\u062d\u0628\u0627\u200b\u200d\u202e"
          + " \ud83d\ude00\ud83d\udc69\u200d\ud83d\udcbb";

  /**
   * An export whose ids, names and texts are as hostile as valid input gets, with a few broken
   * records.
   */
  static Path hostileExport(Path dir) throws IOException {
    Files.createDirectories(dir.resolve("messages"));
    List<ObjectNode> users = new ArrayList<>();
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      String id =
          switch (i) {
            case 0 -> "u" + "\u05d0".repeat(10_000);
            case 1 -> "u1:" + "y".repeat(10_000);
            case 2 -> HOSTILE;
            case 3 -> MIXED;
            default -> "user-" + i;
          };
      ids.add(id);
      users.add(
          Json.MAPPER
              .createObjectNode()
              .put("id", id)
              .put("name", (i % 2 == 0 ? HOSTILE : MIXED) + " " + "n".repeat(i * 2_000))
              .put("created_at", "2019-01-0" + (i + 1) + "T10:00:00Z")
              .put("updated_at", "2019-01-0" + (i + 1) + "T10:00:00Z"));
    }
    writeLines(
        dir.resolve("users.ndjson"),
        users.stream().map(Object::toString).toList(),
        "{\"id\":\"" + "z".repeat(5_000) + HOSTILE.replace("\"", "'"));
    ArrayNode rooms = Json.MAPPER.createArrayNode();
    String[] roomIds = {"r" + "#".repeat(10_000), HOSTILE, MIXED};
    for (int i = 0; i < roomIds.length; i++) {
      ArrayNode members =
          rooms
              .addObject()
              .put("id", roomIds[i])
              .put("created_by_id", ids.get(i))
              .put("name", HOSTILE + MIXED + "w".repeat(10_000))
              .put("private", i % 2 == 0)
              .put("created_at", "2019-06-01T10:00:00Z")
              .put("updated_at", "2019-06-01T10:00:00Z")
              .putArray("member_ids");
      ids.forEach(members::add);
    }
    Files.writeString(dir.resolve("rooms.json"), rooms.toString());
    List<String> messages = new ArrayList<>();
    List<String> cursors = new ArrayList<>();
    int id = 1;
    for (String room : roomIds) {
      for (int m = 0; m < 40; m++) {
        ObjectNode message =
            Json.MAPPER
                .createObjectNode()
                .put("id", id)
                .put("room_id", room)
                .put("user_id", ids.get(m % ids.size()))
                .put("created_at", String.format("2019-07-01T10:%02d:00Z", m));
        message
            .putArray("parts")
            .addObject()
            .put("type", "text/plain")
            .put("content", HOSTILE + MIXED + "t".repeat(m * 300));
        messages.add(message.toString());
        id++;
      }
      for (String user : ids) {
        cursors.add(
            Json.MAPPER
                .createObjectNode()
                .put("cursor_type", 0)
                .put("room_id", room)
                .put("user_id", user)
                .put("position", id - 5)
                .put("updated_at", "2019-08-01T00:00:00Z")
                .toString());
      }
    }
    writeLines(
        dir.resolve("messages").resolve("messages-00001-of-00001.ndjson"),
        messages,
        "{\"id\":" + HOSTILE);
    writeLines(dir.resolve("cursors.ndjson"), cursors, "[" + MIXED + "]");
    return dir;
  }

  static void writeLines(Path file, List<String> lines, String broken) throws IOException {
    List<String> all = new ArrayList<>(lines);
    all.add(all.size() / 2, broken);
    Files.write(file, all, StandardCharsets.UTF_8);
  }

  /**
   * Hostile data renders as text in a layout that holds: at 1280 and at 1024 pixels wide, every
   * column header of every table lies inside the viewport and inside its table's box, also with
   * every long value opened; nothing from the data became an element or ran; the long values are
   * there whole.
   */
  @Test
  void aReportOfHostileDataKeepsEveryColumnInSightAndRunsNothing() throws Exception {
    Path out = tmp.resolve("hostile-out");
    ByteArrayOutputStream said = new ByteArrayOutputStream();
    PrintStream both = new PrintStream(said, true, StandardCharsets.UTF_8);
    int exit =
        ChatkitMigrate.run(
            new String[] {
              "migrate",
              "--input=" + hostileExport(tmp.resolve("hostile")),
              "--output=" + out,
              "--runner=DirectRunner",
              "--maxMessageLength=50"
            },
            both,
            both);
    assertEquals(0, exit, said.toString(StandardCharsets.UTF_8));
    JsonNode report = Json.tree(Files.readString(out.resolve("report.json")));
    assertTrue(
        report.path("id_changes").path("total").asLong() >= 4,
        report.path("id_changes").toString());
    assertTrue(
        report.path("accounting").path("rejected_by_reason").size() > 0,
        report.path("accounting").toString());
    String url = out.resolve("report.html").toUri().toString();
    for (int width : new int[] {1280, 1024}) {
      try (DevTools page = DevTools.open(chromium(), tmp.resolve("profile-" + width), url, width)) {
        JsonNode shown = page.evaluate(LAYOUT);
        assertTrue(shown.path("headers").asInt() >= 20, shown.toString());
        assertEquals(
            List.of(),
            Json.MAPPER.convertValue(shown.path("outside"), List.class),
            "headers out of sight at " + width + ": " + shown);
        assertEquals(
            shown.path("width").asInt(),
            shown.path("scrollWidth").asInt(),
            "the page scrolls sideways at " + width);
        assertEquals(0, shown.path("scripts").asInt(), "script elements");
        assertEquals(0, shown.path("images").asInt(), "img elements");
        assertEquals("undefined", shown.path("pwned").asText(), "the data ran");
        assertEquals("Chatkit to Stream migration report", shown.path("title").asText());
        assertTrue(shown.path("scriptAsText").asBoolean(), "the markup in names shows as text");
        assertTrue(
            shown.path("longestWhole").asInt() >= 10_000,
            "a 10,000-character id whole on demand: " + shown);

        JsonNode opened =
            page.evaluate(
                "document.querySelectorAll('details').forEach(d => d.open = true); " + LAYOUT);
        assertEquals(
            List.of(),
            Json.MAPPER.convertValue(opened.path("outside"), List.class),
            "with every value opened at " + width + ": " + opened);
        assertEquals(
            opened.path("width").asInt(),
            opened.path("scrollWidth").asInt(),
            "opened, the page scrolls sideways at " + width);
      }
    }
    Files.createDirectories(SCREENSHOTS);
    Path png = SCREENSHOTS.resolve("hostile.png");
    Files.deleteIfExists(png);
    chromium("--screenshot=" + png, "--window-size=1280,3000", url);
    assertTrue(Files.size(png) > 10_000, "screenshot of the hostile report");
  }

  /**
   * Where every column header is against the viewport and its box, and what the data could have
   * done.
   */
  static final String LAYOUT =
      """
      (() => {
        const width = document.documentElement.clientWidth;
        const outside = [];
        const headers = document.querySelectorAll('th');
        for (const th of headers) {
          const r = th.getBoundingClientRect();
          const box = (th.closest('.scroll') || document.documentElement).getBoundingClientRect();
          if (r.width < 1 || r.left < 0 || r.right > width + 0.5
              || r.left < box.left - 0.5 || r.right > box.right + 0.5) {
            outside.push(th.textContent + ' at ' + Math.round(r.left) + '-' + Math.round(r.right)
              + ' of ' + width);
          }
        }
        let longestWhole = 0;
        document.querySelectorAll('.whole')
          .forEach(w => longestWhole = Math.max(longestWhole, w.textContent.length));
        return JSON.stringify({headers: headers.length, outside, width,
          scrollWidth: document.documentElement.scrollWidth,
          scripts: document.scripts.length, images: document.images.length,
          pwned: typeof window.pwned,
          title: document.title,
          scriptAsText: document.body.innerText.includes("<script>window.pwned=1"),
          longestWhole});
      })()\
      """;

  /** A headless Chromium page driven over the DevTools protocol, on 127.0.0.1. */
  static final class DevTools implements AutoCloseable {
    private final Process browser;
    private final WebSocket socket;
    private final BlockingQueue<String> replies = new LinkedBlockingQueue<>();
    private int nextId = 1;

    private DevTools(Process browser, WebSocket socket) {
      this.browser = browser;
      this.socket = socket;
    }

    static DevTools open(String chromium, Path profile, String url, int width) throws Exception {
      Process p =
          new ProcessBuilder(
                  chromium,
                  "--headless=new",
                  "--no-sandbox",
                  "--disable-gpu",
                  "--remote-debugging-address=127.0.0.1",
                  "--remote-debugging-port=0",
                  "--remote-allow-origins=*",
                  "--user-data-dir=" + profile,
                  "--window-size=" + width + ",900",
                  url)
              .redirectErrorStream(true)
              .start();
      BufferedReader log =
          new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
      String port = null;
      String line;
      while (port == null && (line = log.readLine()) != null) {
        Matcher m =
            Pattern.compile("DevTools listening on ws://127\\.0\\.0\\.1:(\\d+)/").matcher(line);
        if (m.find()) {
          port = m.group(1);
        }
      }
      assertTrue(port != null, "Chromium did not open its DevTools port");
      Thread drain = new Thread(() -> log.lines().forEach(l -> {}));
      drain.setDaemon(true);
      drain.start();
      HttpClient http = HttpClient.newHttpClient();
      JsonNode pages =
          Json.tree(
              http.send(
                      HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/json/list"))
                          .build(),
                      HttpResponse.BodyHandlers.ofString())
                  .body());
      String ws = null;
      for (JsonNode page : pages) {
        if (page.path("type").asText().equals("page")) {
          ws = page.path("webSocketDebuggerUrl").asText();
        }
      }
      assertTrue(ws != null, "no page in " + pages);
      DevTools[] self = new DevTools[1];
      StringBuilder partial = new StringBuilder();
      WebSocket socket =
          http.newWebSocketBuilder()
              .buildAsync(
                  URI.create(ws),
                  new WebSocket.Listener() {
                    @Override
                    public CompletionStage<?> onText(WebSocket s, CharSequence data, boolean last) {
                      partial.append(data);
                      if (last) {
                        self[0].replies.add(partial.toString());
                        partial.setLength(0);
                      }
                      s.request(1);
                      return null;
                    }
                  })
              .get(30, TimeUnit.SECONDS);
      self[0] = new DevTools(p, socket);
      // Until the report has replaced the blank page Chromium starts with, and has loaded.
      String loaded =
          "location.href === "
              + Json.MAPPER.writeValueAsString(url)
              + " && document.readyState === 'complete'";
      for (int i = 0; i < 600 && !self[0].evaluateRaw(loaded).asBoolean(); i++) {
        Thread.sleep(100);
      }
      return self[0];
    }

    /** The value of a script that returns JSON text, parsed. */
    JsonNode evaluate(String script) throws Exception {
      return Json.tree(evaluateRaw(script).asText());
    }

    private JsonNode evaluateRaw(String expression) throws Exception {
      int id = nextId++;
      ObjectNode call =
          Json.MAPPER.createObjectNode().put("id", id).put("method", "Runtime.evaluate");
      call.putObject("params").put("expression", expression).put("returnByValue", true);
      socket.sendText(call.toString(), true).get(30, TimeUnit.SECONDS);
      while (true) {
        String reply = replies.poll(60, TimeUnit.SECONDS);
        assertTrue(reply != null, "no answer from Chromium to " + expression);
        JsonNode node = Json.tree(reply);
        if (node.path("id").asInt() == id) {
          assertFalse(node.path("result").has("exceptionDetails"), reply);
          return node.path("result").path("result").path("value");
        }
      }
    }

    @Override
    public void close() throws Exception {
      socket.abort();
      browser.destroy();
      if (!browser.waitFor(30, TimeUnit.SECONDS)) {
        browser.destroyForcibly();
      }
    }
  }

  static Path sharedSample() throws IOException {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path candidate = dir.resolve("shared/fixtures/pusher-sample-export");
      if (Files.isDirectory(candidate)) {
        return candidate;
      }
    }
    throw new IOException(
        "shared/fixtures/pusher-sample-export not found above " + Path.of("").toAbsolutePath());
  }
}
