package io.chatkitmigrate.runners;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chatkitmigrate.pipelines.generate.ExportGenerator;
import io.chatkitmigrate.pipelines.generate.GeneratorSettings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * report.html in a real browser: Debian's Chromium, headless, renders the report of Pusher's sample and
 * of a generated 100,000-message export; the DOM it built holds the four charts and the tables, nothing
 * reached the console, and a screenshot of each stays in target/report-screenshots. CI installs Chromium
 * (.ci/run); without it this test fails rather than pass unseen.
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
    throw new AssertionError("no Chromium: install Debian's chromium package (.ci/run does) or set CHROMIUM");
  }

  record Browser(String out, String log) {}

  Browser chromium(String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of(chromium(), "--headless=new", "--no-sandbox", "--disable-gpu",
        "--enable-logging=stderr", "--v=0", "--user-data-dir=" + tmp.resolve("profile")));
    command.addAll(List.of(args));
    Path out = Files.createTempFile(tmp, "chromium", ".out");
    Path log = Files.createTempFile(tmp, "chromium", ".log");
    Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(log.toFile()).start();
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
    assertTrue(count(dom.out(), "<table") >= 8, "tables in " + name);
    List<String> console = dom.log().lines().filter(l -> l.contains("CONSOLE")).toList();
    assertEquals(List.of(), console, "console messages while rendering " + name);

    Files.createDirectories(SCREENSHOTS);
    Path png = SCREENSHOTS.resolve(name + ".png");
    Files.deleteIfExists(png);
    chromium("--screenshot=" + png, "--window-size=1280,3000", url);
    assertTrue(Files.size(png) > 10_000, "screenshot of " + name + " is " + Files.size(png) + " bytes");
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

  static Path sharedSample() throws IOException {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path candidate = dir.resolve("shared/fixtures/pusher-sample-export");
      if (Files.isDirectory(candidate)) {
        return candidate;
      }
    }
    throw new IOException("shared/fixtures/pusher-sample-export not found above " + Path.of("").toAbsolutePath());
  }
}
