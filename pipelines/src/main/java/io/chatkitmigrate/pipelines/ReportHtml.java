package io.chatkitmigrate.pipelines;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * {@code report.html}: the report as one self-contained page (no script, no font, no network), so it
 * opens anywhere and can be attached to a ticket. Everything in it comes from {@code report.json}.
 */
public final class ReportHtml {
  private ReportHtml() {}

  static String render(JsonNode report) {
    StringBuilder h = new StringBuilder(16_384);
    h.append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">")
        .append("<title>Chatkit to Stream migration report</title><style>")
        .append("body{font:14px/1.45 system-ui,sans-serif;margin:2em auto;max-width:70em;color:#222}")
        .append("table{border-collapse:collapse;margin:.5em 0 1.5em}td,th{border:1px solid #ccc;padding:.25em .6em;text-align:right}")
        .append("th{background:#f3f3f3}td:first-child,th:first-child{text-align:left}.bad{color:#b00;font-weight:bold}.ok{color:#070}")
        .append("figure{margin:.5em 0 1.5em}figcaption{font-size:12px;color:#555}.chart text{fill:#222}")
        .append("pre{white-space:pre-wrap;word-break:break-all;font-size:12px;background:#f7f7f7;padding:.4em;margin:.2em 0}")
        .append(".charts{display:flex;flex-wrap:wrap;gap:1em}")
        .append("@media print{body{margin:0;max-width:none}h2{break-after:avoid}figure,table{break-inside:avoid}}</style></head><body>");
    boolean ok = report.path("ok").asBoolean();
    h.append("<h1>Chatkit to Stream migration</h1><p class=\"").append(ok ? "ok" : "bad").append("\">")
        .append(ok ? "Succeeded" : "FAILED").append(" in ").append(report.path("seconds").asText()).append(" s</p>");

    JsonNode options = report.path("options");
    h.append("<table><tr><th>input</th><td>").append(esc(options.path("input").asText()))
        .append("</td></tr><tr><th>output</th><td>").append(esc(options.path("output").asText()))
        .append("</td></tr><tr><th>runner</th><td>").append(esc(options.path("runner").asText()))
        .append("</td></tr><tr><th>duration</th><td>").append(report.path("seconds").asText()).append(" s</td></tr></table>");
    if (report.has("slice")) {
      h.append("<p class=\"bad\">A slice of ").append(esc(report.path("slice").path("of").asText())).append(": ")
          .append(esc(report.path("slice").path("rooms").asText())).append(". The accounting counts the slice; left out: ")
          .append(esc(report.path("slice").path("outside_slice").toString())).append(".</p>");
    }
    h.append("<h2>Options</h2>");
    table(h, options, "option", "value");

    JsonNode accounting = report.path("accounting");
    h.append("<h2>Accounting</h2><p>For every entity, records read = written + merged + rejected.</p>")
        .append("<table><tr><th>entity</th><th>read</th><th>written</th><th>merged</th><th>rejected</th><th>balance</th></tr>");
    for (Iterator<Map.Entry<String, JsonNode>> it = accounting.path("entities").fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      JsonNode l = e.getValue();
      boolean balances = l.path("balances").asBoolean();
      h.append("<tr><td>").append(esc(e.getKey())).append("</td><td>").append(l.path("read").asLong())
          .append("</td><td>").append(l.path("written").asLong()).append("</td><td>").append(l.path("merged").asLong())
          .append("</td><td>").append(l.path("rejected").asLong())
          .append(l.has("rejected_in_warnings") ? " (in warnings/: " + esc(l.path("rejected_in_warnings").toString()) + ")" : "")
          .append("</td><td class=\"")
          .append(balances ? "ok\">ok" : "bad\">does not add up").append("</td></tr>");
    }
    h.append("</table><h2>Items written</h2>");
    table(h, accounting.path("items"), "item type", "count");
    charts(h, report);
    h.append("<h2>Rejected, by reason</h2>");
    table(h, accounting.path("rejected_by_reason"), "reason", "records");
    examples(h, report.path("examples").path("rejected"));
    h.append("<h2>Warnings, by reason</h2>");
    table(h, accounting.path("warnings_by_reason"), "reason", "records");
    examples(h, report.path("examples").path("warnings"));
    if (accounting.has("attachments")) {
      h.append("<h2>Attachment files</h2><p>Copied into ").append(esc(report.path("options").path("rehostAttachments").asText()))
          .append("; a file that could not be fetched keeps its original link and is listed under warnings.</p>");
      table(h, accounting.path("attachments"), "outcome", "files");
    }
    idChanges(h, report.path("id_changes"));

    JsonNode rs = report.path("read_state");
    h.append("<h2>Read state</h2><p>").append(rs.path("members").asLong()).append(" members; ")
        .append(rs.path("mismatched_members").asLong()).append(" whose Stream unread count differs from Chatkit's.</p>")
        .append("<table><tr><th>channel</th><th>members</th><th>Chatkit unread</th><th>Stream unread</th><th>members differing</th></tr>");
    for (JsonNode c : rs.path("channels")) {
      h.append("<tr><td>").append(esc(c.path("cid").asText())).append("</td><td>").append(c.path("members").asLong())
          .append("</td><td>").append(c.path("chatkit_unread").asLong()).append("</td><td>")
          .append(c.path("stream_unread").asLong()).append("</td><td>").append(c.path("mismatched_members").asLong())
          .append("</td></tr>");
    }
    h.append("</table><h2>Roles</h2><table><tr><th>Chatkit role</th><th>scope</th><th>Stream role</th><th>permissions</th></tr>");
    for (JsonNode r : report.path("roles")) {
      h.append("<tr><td>").append(esc(r.path("name").asText())).append("</td><td>").append(esc(r.path("scope").asText()))
          .append("</td><td>").append(esc(r.path("stream_role").asText())).append("</td><td>")
          .append(esc(r.path("permissions").toString())).append("</td></tr>");
    }
    h.append("</table><h2>Validation</h2>");
    table(h, report.path("validation").path("totals"), "item type", "items checked");
    h.append("<p>").append(report.path("validation").path("errors").asLong()).append(" errors.</p>");
    if (report.has("verify")) {
      verification(h, report.get("verify"));
    }
    h.append("</body></html>\n");
    return h.toString();
  }

  /**
   * Adds {@code verify}'s findings to a local folder's report.html; report.json stays as the migration wrote
   * it (verify keeps its own in verify/report.json).
   */
  public static void withVerification(String output, JsonNode verify) throws java.io.IOException {
    java.nio.file.Path json = java.nio.file.Path.of(output, "report.json");
    if (java.nio.file.Files.exists(json)) {
      com.fasterxml.jackson.databind.node.ObjectNode report =
          (com.fasterxml.jackson.databind.node.ObjectNode) io.chatkitmigrate.schemas.Json.tree(java.nio.file.Files.readString(json));
      report.set("verify", verify);
      java.nio.file.Files.writeString(json.resolveSibling("report.html"), render(report));
    }
  }

  private static void verification(StringBuilder h, JsonNode v) {
    boolean ok = v.path("ok").asBoolean();
    h.append("<h2>Verification in Stream</h2><p class=\"").append(ok ? "ok\">No difference" : "bad\">Differences found")
        .append(" (").append(esc(v.path("sample").path("mode").asText())).append(", delivered by ")
        .append(esc(v.path("delivered_by").asText())).append("; timestamps ").append(esc(v.path("timestamps").asText()))
        .append("). Unread: ").append(esc(v.path("unread_definition").asText())).append(".</p><h3>Checked</h3>");
    table(h, v.path("checked"), "kind", "checked");
    h.append("<h3>Calls</h3>");
    table(h, v.path("calls"), "endpoint", "calls");
    h.append("<h3>Differences</h3>");
    table(h, v.path("differences"), "kind", "count");
    for (Iterator<Map.Entry<String, JsonNode>> it = v.path("examples").fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      h.append("<details><summary>").append(esc(e.getKey())).append(": examples</summary>");
      for (JsonNode d : e.getValue()) {
        h.append("<pre>").append(esc(d.toString())).append("</pre>");
      }
      h.append("</details>");
    }
  }

  private static void charts(StringBuilder h, JsonNode report) {
    JsonNode rs = report.path("read_state");
    h.append("<h2>Charts</h2><div class=\"charts\">");
    h.append(SvgCharts.bars("Messages per month", bars(report.path("accounting").path("messages_per_month"))));
    List<SvgCharts.Bar> largest = new ArrayList<>();
    rs.path("largest_channels").forEach(c -> largest.add(new SvgCharts.Bar(c.path("cid").asText(), c.path("messages").asLong())));
    h.append(SvgCharts.bars("Messages per channel, largest channels", largest));
    h.append(SvgCharts.bars("Channels by number of members", bars(rs.path("members_per_channel"))));
    h.append(SvgCharts.bars("Members by unread messages in Stream", bars(rs.path("unread_per_member"))));
    h.append("</div>");
  }

  private static List<SvgCharts.Bar> bars(JsonNode object) {
    List<SvgCharts.Bar> bars = new ArrayList<>();
    object.fields().forEachRemaining(e -> bars.add(new SvgCharts.Bar(e.getKey(), e.getValue().asLong())));
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
        h.append(" — ").append(esc(finding.path("detail").asText())).append("</p><pre>")
            .append(esc(finding.path("record").isTextual() ? finding.path("record").asText()
                : finding.path("record").toString()))
            .append("</pre>");
      }
      h.append("</details>");
    }
  }

  private static void idChanges(StringBuilder h, JsonNode changes) {
    h.append("<h2>Id changes</h2><p>").append(changes.path("total").asLong())
        .append(" ids had characters or a length Stream refuses and were changed (all in id-map.ndjson)")
        .append(changes.path("total").asLong() > changes.path("first").size() ? "; the first of them:" : ".")
        .append("</p>");
    if (changes.path("first").size() > 0) {
      h.append("<table><tr><th>kind</th><th>Chatkit id</th><th>Stream id</th></tr>");
      for (JsonNode c : changes.path("first")) {
        h.append("<tr><td>").append(esc(c.path("kind").asText())).append("</td><td>")
            .append(esc(c.path("chatkit_id").asText())).append("</td><td>").append(esc(c.path("stream_id").asText()))
            .append("</td></tr>");
      }
      h.append("</table>");
    }
  }

  private static void table(StringBuilder h, JsonNode object, String key, String value) {
    h.append("<table><tr><th>").append(key).append("</th><th>").append(value).append("</th></tr>");
    for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      h.append("<tr><td>").append(esc(e.getKey())).append("</td><td>")
          .append(esc(e.getValue().isTextual() ? e.getValue().asText() : e.getValue().toString())).append("</td></tr>");
    }
    h.append("</table>");
  }

  static String esc(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;")
        .replace("'", "&#39;");
  }
}
