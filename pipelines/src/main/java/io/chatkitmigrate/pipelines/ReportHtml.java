package io.chatkitmigrate.pipelines;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chatkitmigrate.schemas.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code report.html}: the report as one self-contained page (no script, no font, no network), so
 * it opens anywhere and can be attached to a ticket. Everything in it comes from {@code
 * report.json}. The verdict and its reasons come first, the options last; every value from the data
 * is escaped, and a long one is cut to its column's width with the whole of it a click away, so no
 * value pushes a column out of sight.
 */
public final class ReportHtml {
  private ReportHtml() {}

  /**
   * Values longer than this many code points are shown cut, with the whole value in an expandable
   * cell.
   */
  static final int SHOWN_CODE_POINTS = 80;

  /** The width text columns of one table share, in em, so that any table fits the page's 70em. */
  private static final int TEXT_EM = 56;

  /** What a numeric column takes of it: a count in the billions, or its header on two lines. */
  private static final int NUMBER_EM = 8;

  /** The page's style sheet; the line breaks here are not in the page. */
  private static final String CSS =
      """
      body{font:14px/1.45 system-ui,sans-serif;margin:2em auto;max-width:70em;padding:0 1em;\
      color:#222}\
      p,summary,li{overflow-wrap:anywhere}\
      .scroll{max-width:100%;overflow-x:auto;margin:.5em 0 1.5em}\
      table{border-collapse:collapse}\
      td,th{border:1px solid #ccc;padding:.25em .6em;vertical-align:top}\
      th{background:#f3f3f3;text-align:left}\
      td.n{text-align:right;white-space:nowrap}\
      th.n{text-align:right}\
      .cut{overflow:hidden;text-overflow:ellipsis;white-space:nowrap;unicode-bidi:isolate}\
      details.cut{white-space:normal}\
      details.cut summary{white-space:nowrap;overflow:hidden;text-overflow:ellipsis;cursor:pointer}\
      .whole{white-space:pre-wrap;word-break:break-all;unicode-bidi:plaintext;max-height:20em;\
      overflow:auto}\
      .bad{color:#b00;font-weight:bold}\
      .ok{color:#070}\
      .none{color:#666;font-style:italic}\
      .verdict{font-size:1.6em;margin:.2em 0}\
      ul.checks{margin:.2em 0 1em;padding-left:1.2em}\
      table.first th{width:9em}\
      figure{margin:.5em 0 1.5em}\
      figcaption{font-size:12px;color:#555}\
      .chart text{fill:#222}\
      pre{white-space:pre-wrap;word-break:break-all;font-size:12px;background:#f7f7f7;\
      padding:.4em;margin:.2em 0;max-height:20em;overflow:auto}\
      .charts{display:flex;flex-wrap:wrap;gap:1em}\
      @media print{body{margin:0;max-width:none}h2{break-after:avoid}\
      figure,table{break-inside:avoid}.scroll{overflow:visible}pre,.whole{max-height:none}}\
      """;

  static String render(JsonNode report) {
    StringBuilder h = new StringBuilder(16_384);
    h.append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">")
        .append("<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">")
        .append("<title>Chatkit to Stream migration report</title><style>")
        .append(CSS)
        .append("</style></head><body>");
    h.append("<h1>Chatkit to Stream migration</h1>");
    firstScreen(h, report);
    if (report.has("slice")) {
      h.append("<p class=\"bad\">A slice of ")
          .append(esc(report.path("slice").path("of").asText()))
          .append(": ")
          .append(esc(report.path("slice").path("rooms").asText()))
          .append(". The accounting counts the slice; left out: ")
          .append(esc(report.path("slice").path("outside_slice").toString()))
          .append(".</p>");
    }

    JsonNode accounting = report.path("accounting");
    h.append(
        "<h2>Accounting</h2><p>For every entity, records read = written + merged + rejected.</p>");
    Table books = new Table("entity", "#read", "#written", "#merged", "#rejected", "balance");
    for (Iterator<Map.Entry<String, JsonNode>> it = accounting.path("entities").fields();
        it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      JsonNode l = e.getValue();
      boolean balances = l.path("balances").asBoolean();
      String inWarnings =
          l.has("rejected_in_warnings")
              ? " (in warnings/: " + esc(l.path("rejected_in_warnings").toString()) + ")"
              : "";
      books.row(
          text(e.getKey()),
          num(l.path("read")),
          num(l.path("written")),
          num(l.path("merged")),
          "<td class=\"n\">" + n(l.path("rejected").asLong()) + inWarnings + "</td>",
          balances ? "<td class=\"ok\">ok</td>" : "<td class=\"bad\">does not add up</td>");
    }
    books.appendTo(h);
    h.append("<h2>Items written</h2>");
    pairs(h, accounting.path("items"), "item type", "#count");
    charts(h, report);
    h.append("<h2>Rejected, by reason</h2>");
    pairs(h, accounting.path("rejected_by_reason"), "reason", "#records");
    examples(h, report.path("examples").path("rejected"));
    h.append("<h2>Warnings, by reason</h2>");
    pairs(h, accounting.path("warnings_by_reason"), "reason", "#records");
    examples(h, report.path("examples").path("warnings"));
    if (accounting.has("attachments")) {
      h.append("<h2>Attachment files</h2><p>Copied into ")
          .append(esc(report.path("options").path("rehostAttachments").asText()))
          .append(
              "; a file that could not be fetched keeps its original link and is listed under"
                  + " warnings.</p>");
      pairs(h, accounting.path("attachments"), "outcome", "#files");
    }
    idChanges(h, report.path("id_changes"));

    JsonNode rs = report.path("read_state");
    h.append("<h2>Read state</h2><p>")
        .append(n(rs.path("members").asLong()))
        .append(" members; ")
        .append(n(rs.path("mismatched_members").asLong()))
        .append(" whose Stream unread count differs from Chatkit's.</p>");
    Table channels =
        new Table("channel", "#members", "#Chatkit unread", "#Stream unread", "#members differing");
    for (JsonNode c : rs.path("channels")) {
      channels.row(
          text(c.path("cid").asText()),
          num(c.path("members")),
          num(c.path("chatkit_unread")),
          num(c.path("stream_unread")),
          num(c.path("mismatched_members")));
    }
    channels.appendTo(h);
    h.append("<h2>Roles</h2>");
    Table roles = new Table("Chatkit role", "scope", "Stream role", "permissions");
    for (JsonNode r : report.path("roles")) {
      roles.row(
          text(r.path("name").asText()),
          text(r.path("scope").asText()),
          text(r.path("stream_role").asText()),
          text(r.path("permissions").toString()));
    }
    roles.appendTo(h);
    h.append("<h2>Validation</h2>");
    JsonNode validation = report.path("validation");
    if (validation.path("ran").asBoolean(true)) {
      pairs(h, validation.path("totals"), "item type", "#items checked");
      h.append("<p>").append(n(validation.path("errors").asLong())).append(" errors.</p>");
    } else {
      h.append("<p class=\"none\">not run (--validate=false)</p>");
    }
    if (report.has("verify")) {
      verification(h, report.get("verify"));
    }
    h.append("<h2>Options</h2>");
    pairs(h, report.path("options"), "option", "value");
    h.append("</body></html>\n");
    return h.toString();
  }

  /**
   * Adds {@code verify}'s findings to a local folder's report.html; report.json stays as the
   * migration wrote it (verify keeps its own in verify/report.json).
   */
  public static void withVerification(String output, JsonNode verify) throws IOException {
    Path json = Path.of(output, "report.json");
    if (Files.exists(json)) {
      ObjectNode report = (ObjectNode) Json.tree(Files.readString(json));
      report.set("verify", verify);
      Files.writeString(json.resolveSibling("report.html"), render(report));
    }
  }

  private static void verification(StringBuilder h, JsonNode v) {
    boolean ok = v.path("ok").asBoolean();
    h.append("<h2>Verification in Stream</h2><p class=\"")
        .append(ok ? "ok\">No difference" : "bad\">Differences found")
        .append(" (")
        .append(esc(v.path("sample").path("mode").asText()))
        .append(", delivered by ")
        .append(esc(v.path("delivered_by").asText()))
        .append("; timestamps ")
        .append(esc(v.path("timestamps").asText()))
        .append("). Unread: ")
        .append(esc(v.path("unread_definition").asText()))
        .append(".</p><h3>Checked</h3>");
    pairs(h, v.path("checked"), "kind", "#checked");
    h.append("<h3>Calls</h3>");
    pairs(h, v.path("calls"), "endpoint", "#calls");
    h.append("<h3>Differences</h3>");
    pairs(h, v.path("differences"), "kind", "#count");
    for (Iterator<Map.Entry<String, JsonNode>> it = v.path("examples").fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      h.append("<details><summary>").append(esc(e.getKey())).append(": examples</summary>");
      for (JsonNode d : e.getValue()) {
        h.append("<pre>").append(esc(d.toString())).append("</pre>");
      }
      h.append("</details>");
    }
  }

  /** The answer first: the verdict and why, the totals, the read state and the time. */
  private static void firstScreen(StringBuilder h, JsonNode report) {
    boolean ok = report.path("ok").asBoolean();
    h.append("<p class=\"verdict ")
        .append(ok ? "ok\">Succeeded" : "bad\">FAILED")
        .append("</p><ul class=\"checks\">");
    List<JsonNode> checks = new ArrayList<>();
    report.path("checks").forEach(checks::add);
    // What failed is the first thing to read.
    checks.sort((a, b) -> Boolean.compare(a.path("ok").asBoolean(), b.path("ok").asBoolean()));
    for (JsonNode c : checks) {
      boolean passed = c.path("ok").asBoolean();
      h.append("<li class=\"")
          .append(passed ? "ok\">✔ " : "bad\">✘ ")
          .append(esc(c.path("detail").asText()))
          .append("</li>");
    }
    h.append("</ul>");

    JsonNode accounting = report.path("accounting");
    long read = 0;
    long rejected = 0;
    for (JsonNode l : accounting.path("entities")) {
      read += l.path("read").asLong();
      rejected += l.path("rejected").asLong();
    }
    long warnings = 0;
    for (JsonNode w : accounting.path("warnings_by_reason")) {
      warnings += w.asLong();
    }
    List<String> written = new ArrayList<>();
    JsonNode items = accounting.path("items");
    for (String[] type :
        new String[][] {
          {"user", "users"}, {"channel", "channels"}, {"member", "members"}, {"message", "messages"}
        }) {
      written.add(n(items.path(type[0]).asLong()) + " " + type[1]);
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = items.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (!List.of("user", "channel", "member", "message").contains(e.getKey())) {
        written.add(n(e.getValue().asLong()) + " " + esc(e.getKey()));
      }
    }
    JsonNode rs = report.path("read_state");
    JsonNode options = report.path("options");
    Table first = new Table("", "").withClass("first");
    first.row("<th>written</th>", "<td>" + String.join(" · ", written) + "</td>");
    first.row("<th>read</th>", "<td>" + n(read) + " records</td>");
    first.row(
        "<th>rejected</th>",
        "<td"
            + (rejected > 0 ? " class=\"bad\"" : "")
            + ">"
            + n(rejected)
            + " records ("
            + share(rejected, read)
            + " of those read; see rejected/)</td>");
    first.row(
        "<th>warnings</th>",
        "<td>"
            + n(warnings)
            + " ("
            + share(warnings, read)
            + " of the records read; see warnings/)</td>");
    first.row(
        "<th>read state</th>",
        "<td>"
            + n(rs.path("members").asLong())
            + " members, "
            + n(rs.path("mismatched_members").asLong())
            + " whose unread count differs from Chatkit's</td>");
    first.row("<th>time</th>", "<td>" + duration(report.path("seconds").asDouble()) + "</td>");
    first.row("<th>input</th>", text(options.path("input").asText()));
    first.row("<th>output</th>", text(options.path("output").asText()));
    first.row("<th>runner</th>", text(options.path("runner").asText()));
    first.appendTo(h);
  }

  static String n(long value) {
    return String.format(Locale.ROOT, "%,d", value);
  }

  static String share(long part, long whole) {
    if (part == 0 || whole == 0) {
      return "0 %";
    }
    double percent = 100.0 * part / whole;
    return percent < 0.1 ? "under 0.1 %" : String.format(Locale.ROOT, "%,.1f %%", percent);
  }

  static String duration(double seconds) {
    long whole = Math.round(seconds);
    String s = String.format(Locale.ROOT, "%,.1f s", seconds);
    return seconds < 60
        ? s
        : s
            + String.format(
                Locale.ROOT, " (%d:%02d:%02d)", whole / 3600, whole / 60 % 60, whole % 60);
  }

  private static void charts(StringBuilder h, JsonNode report) {
    JsonNode rs = report.path("read_state");
    h.append("<h2>Charts</h2><div class=\"charts\">");
    h.append(
        SvgCharts.bars(
            "Messages per month", bars(report.path("accounting").path("messages_per_month"))));
    List<SvgCharts.Bar> largest = new ArrayList<>();
    rs.path("largest_channels")
        .forEach(
            c ->
                largest.add(
                    new SvgCharts.Bar(c.path("cid").asText(), c.path("messages").asLong())));
    h.append(SvgCharts.bars("Messages per channel, largest channels", largest));
    h.append(SvgCharts.bars("Channels by number of members", bars(rs.path("members_per_channel"))));
    h.append(
        SvgCharts.bars("Members by unread messages in Stream", bars(rs.path("unread_per_member"))));
    h.append("</div>");
  }

  private static List<SvgCharts.Bar> bars(JsonNode object) {
    List<SvgCharts.Bar> bars = new ArrayList<>();
    object
        .fields()
        .forEachRemaining(e -> bars.add(new SvgCharts.Bar(e.getKey(), e.getValue().asLong())));
    return bars;
  }

  private static void examples(StringBuilder h, JsonNode byReason) {
    for (Iterator<Map.Entry<String, JsonNode>> it = byReason.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      h.append("<details><summary>").append(esc(e.getKey())).append(": examples</summary>");
      for (JsonNode finding : e.getValue()) {
        h.append("<p>").append(esc(finding.path("source").asText()));
        if (finding.has("line")) {
          h.append(':').append(finding.path("line").asLong());
        }
        h.append(" — ")
            .append(esc(finding.path("detail").asText()))
            .append("</p><pre>")
            .append(
                esc(
                    finding.path("record").isTextual()
                        ? finding.path("record").asText()
                        : finding.path("record").toString()))
            .append("</pre>");
      }
      h.append("</details>");
    }
  }

  private static void idChanges(StringBuilder h, JsonNode changes) {
    long total = changes.path("total").asLong();
    h.append("<h2>Id changes</h2>");
    if (total == 0) {
      h.append("<p class=\"none\">none: every id was kept as it was</p>");
      return;
    }
    h.append("<p>")
        .append(n(total))
        .append(
            " ids had characters or a length Stream refuses and were changed (all in"
                + " id-map.ndjson)")
        .append(total > changes.path("first").size() ? "; the first of them:" : ".")
        .append("</p>");
    Table table = new Table("kind", "Chatkit id", "Stream id");
    for (JsonNode c : changes.path("first")) {
      table.row(
          text(c.path("kind").asText()),
          text(c.path("chatkit_id").asText()),
          text(c.path("stream_id").asText()));
    }
    table.appendTo(h);
  }

  /** An object's fields as a two-column table, or "none". */
  private static void pairs(StringBuilder h, JsonNode object, String key, String value) {
    Table table = new Table(key, value);
    for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      JsonNode v = e.getValue();
      table.row(
          text(e.getKey()),
          v.isIntegralNumber() ? num(v) : text(v.isTextual() ? v.asText() : v.toString()));
    }
    table.appendTo(h);
  }

  private static String num(JsonNode value) {
    return "<td class=\"n\">" + n(value.asLong()) + "</td>";
  }

  /** A cell of text from the data, which {@link Table} cuts to its column's share of the width. */
  private record Text(String value) {}

  private static Text text(String value) {
    return new Text(value);
  }

  /**
   * A table in its own scrolling box. Headers starting with '#' are numeric columns; the text
   * columns share {@link #TEXT_EM}, each value cut with an ellipsis to that width and whole on
   * demand.
   */
  private static final class Table {
    private final String[] headers;
    private final List<Object[]> rows = new ArrayList<>();
    private String cssClass;

    Table(String... headers) {
      this.headers = headers;
    }

    Table withClass(String name) {
      cssClass = name;
      return this;
    }

    /** Each cell a {@link Text} or the markup of a whole cell. */
    void row(Object... cells) {
      rows.add(cells);
    }

    void appendTo(StringBuilder h) {
      if (rows.isEmpty()) {
        h.append("<p class=\"none\">none</p>");
        return;
      }
      int textColumns = 0;
      for (String header : headers) {
        textColumns += header.startsWith("#") ? 0 : 1;
      }
      int em =
          Math.max(
              8, (TEXT_EM - NUMBER_EM * (headers.length - textColumns)) / Math.max(1, textColumns));
      h.append("<div class=\"scroll\"><table")
          .append(cssClass == null ? "" : " class=\"" + cssClass + "\"")
          .append('>');
      if (cssClass == null) {
        h.append("<thead><tr>");
        for (String header : headers) {
          boolean numeric = header.startsWith("#");
          h.append(numeric ? "<th class=\"n\">" : "<th>")
              .append(esc(numeric ? header.substring(1) : header))
              .append("</th>");
        }
        h.append("</tr></thead>");
      }
      h.append("<tbody>");
      for (Object[] row : rows) {
        h.append("<tr>");
        for (Object cell : row) {
          h.append(cell instanceof Text t ? cell(t.value(), em) : cell);
        }
        h.append("</tr>");
      }
      h.append("</tbody></table></div>");
    }
  }

  /**
   * A value cut to {@code em} wide: short ones whole in a title, long ones in an expandable cell.
   */
  static String cell(String value, int em) {
    String width = " style=\"max-width:" + em + "em\"";
    if (value.codePointCount(0, value.length()) <= SHOWN_CODE_POINTS) {
      return "<td><div class=\"cut\" dir=\"auto\""
          + width
          + " title=\""
          + esc(value)
          + "\">"
          + esc(value)
          + "</div></td>";
    }
    String start = value.substring(0, value.offsetByCodePoints(0, SHOWN_CODE_POINTS));
    return "<td><details class=\"cut\""
        + width
        + "><summary dir=\"auto\">"
        + esc(start)
        + "…</summary><div class=\"whole\">"
        + esc(value)
        + "</div><span class=\"none\">"
        + n(value.codePointCount(0, value.length()))
        + " characters</span></details></td>";
  }

  static String esc(String s) {
    return s.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;")
        .replace("'", "&#39;");
  }
}
