package io.chatkitmigrate.pipelines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chatkitmigrate.schemas.Json;
import org.junit.jupiter.api.Test;

/**
 * report.html from a report.json: the answer on top, numbers readable, nothing from the data as
 * markup.
 */
class ReportHtmlTest {
  static final String SCRIPT = "<script>document.title='ran'</script><img src=x onerror=alert(1)>";

  static ObjectNode report(boolean ok) {
    ObjectNode r = Json.MAPPER.createObjectNode();
    r.put("ok", ok);
    r.put("seconds", 3725.25);
    r.putArray("checks")
        .add(check("books", true, "the books balance"))
        .add(check("validation", ok, ok ? "validation: no errors" : "validation: 3 errors"));
    ObjectNode accounting = r.putObject("accounting");
    ObjectNode entities = accounting.putObject("entities");
    entities
        .putObject("users")
        .put("read", 2_000)
        .put("written", 1_990)
        .put("merged", 0)
        .put("rejected", 10)
        .put("balances", true);
    entities
        .putObject("messages")
        .put("read", 1_000_010)
        .put("written", 1_000_000)
        .put("merged", 0)
        .put("rejected", 0)
        .put("balances", true);
    accounting
        .putObject("items")
        .put("user", 1_990)
        .put("channel", 12)
        .put("member", 4_321)
        .put("message", 1_000_000);
    accounting.putObject("rejected_by_reason").put("missing_id", 10);
    accounting.putObject("warnings_by_reason").put("text_cut", 250_003);
    accounting.putObject("messages_per_month");
    r.putObject("read_state")
        .put("members", 4_321)
        .put("mismatched_members", 0)
        .putArray("channels");
    r.putArray("roles");
    r.putObject("id_changes").put("total", 0).putArray("first");
    r.putObject("validation").putObject("totals").put("user", 1_990);
    r.putObject("options")
        .put("input", "/data/export")
        .put("output", "/data/out")
        .put("runner", "DirectRunner");
    return r;
  }

  static JsonNode check(String name, boolean ok, String detail) {
    return Json.MAPPER.createObjectNode().put("check", name).put("ok", ok).put("detail", detail);
  }

  @Test
  void theFirstScreenHasTheVerdictWhyTheTotalsAndTheTimeAndTheOptionsComeLast() {
    String html = ReportHtml.render(report(true));
    int verdict = html.indexOf("class=\"verdict ok\">Succeeded");
    int why = html.indexOf("✔ the books balance");
    int written = html.indexOf("1,990 users · 12 channels · 4,321 members · 1,000,000 messages");
    int rejected = html.indexOf("10 records (under 0.1 % of those read");
    int warnings = html.indexOf("250,003 (25.0 % of the records read");
    int readState = html.indexOf("4,321 members, 0 whose unread count differs from Chatkit's");
    int time = html.indexOf("3,725.3 s (1:02:05)");
    int accounting = html.indexOf("<h2>Accounting");
    int options = html.indexOf("<h2>Options");
    for (int at : new int[] {verdict, why, written, rejected, warnings, readState, time}) {
      assertTrue(at > 0 && at < accounting, html);
    }
    assertTrue(verdict < why && why < written, html);
    assertTrue(
        options > html.indexOf("<h2>Validation"), "the options table comes after the results");
    assertTrue(html.contains("<td class=\"n\">1,000,010</td>"), html);
    assertFalse(html.contains("1000000"), "a number without thousands separators");
  }

  @Test
  void aFailedRunSaysWhyFirst() {
    String html = ReportHtml.render(report(false));
    assertTrue(
        html.indexOf("class=\"verdict bad\">FAILED") < html.indexOf("✘ validation: 3 errors"),
        html);
    assertTrue(html.indexOf("✘ validation: 3 errors") < html.indexOf("✔ the books balance"), html);
  }

  @Test
  void emptySectionsSayNone() {
    String html = ReportHtml.render(report(true));
    assertTrue(html.contains("<h2>Id changes</h2><p class=\"none\">none"), html);
    assertTrue(html.contains("<h2>Roles</h2><p class=\"none\">none</p>"), html);
    assertTrue(
        html.contains("differs from Chatkit's.</p><p class=\"none\">none</p>"),
        "read state channels: " + html);
    assertFalse(html.contains("</tr></thead><tbody></tbody>"), "an empty table of headers");
  }

  @Test
  void hostileValuesAreTextAndLongOnesAreCutWithTheWholeOnDemand() {
    ObjectNode r = report(true);
    String longId = "rtl-\u05e9\u05dc\u05d5\u05dd-\u200b-\ud83d\ude00-" + "x".repeat(10_000);
    r.putObject("id_changes")
        .put("total", 2)
        .putArray("first")
        .add(
            Json.MAPPER
                .createObjectNode()
                .put("kind", "user")
                .put("chatkit_id", longId)
                .put("stream_id", "u-1"))
        .add(
            Json.MAPPER
                .createObjectNode()
                .put("kind", "channel")
                .put("chatkit_id", SCRIPT)
                .put("stream_id", "c-1"));
    r.putArray("roles")
        .addObject()
        .put("name", SCRIPT)
        .put("scope", "global")
        .put("stream_role", "user")
        .putArray("permissions")
        .add(SCRIPT);
    ((ObjectNode) r.get("options")).put("input", SCRIPT);
    String html = ReportHtml.render(r);
    assertFalse(html.contains("<script"), html);
    assertFalse(html.contains("<img"), html);
    assertTrue(html.contains("&lt;script&gt;document.title=&#39;ran&#39;&lt;/script&gt;"), html);
    // The long id: its start in the cell with an ellipsis, the whole behind a click, once.
    String start = longId.substring(0, longId.offsetByCodePoints(0, ReportHtml.SHOWN_CODE_POINTS));
    assertTrue(
        html.contains(
            "<summary dir=\"auto\">"
                + start
                + "…</summary><div class=\"whole\">"
                + longId
                + "</div>"),
        "the long id cut and whole");
    assertEquals(1, html.split("x".repeat(10_000), -1).length - 1, "the whole long id once");
    // Short values keep their whole in a title, cut by the stylesheet to the column's width.
    assertTrue(html.contains("title=\"u-1\">u-1</div>"), html);
  }

  @Test
  void numbersAndSharesReadable() {
    assertEquals("1,234,567", ReportHtml.n(1_234_567));
    assertEquals("0 %", ReportHtml.share(0, 10));
    assertEquals("under 0.1 %", ReportHtml.share(1, 1_000_000));
    assertEquals("33.3 %", ReportHtml.share(1, 3));
    assertEquals("59.9 s", ReportHtml.duration(59.9));
    assertEquals("61.0 s (0:01:01)", ReportHtml.duration(61));
  }
}
