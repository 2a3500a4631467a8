package io.chatkitmigrate.pipelines;

import java.util.List;
import java.util.Locale;

/**
 * Bar charts as inline SVG for {@code report.html}: no script and no library, so the report stays
 * one file that opens offline and prints as it shows.
 */
final class SvgCharts {
  /** One bar: its label and its value. */
  record Bar(String label, long value) {}

  private static final int LABEL_WIDTH = 230;
  private static final int BAR_AREA = 430;
  private static final int VALUE_WIDTH = 90;
  private static final int ROW = 20;

  private SvgCharts() {}

  /**
   * Horizontal bars, one row each, scaled to the largest value; an empty list gives a note instead
   * of an empty frame.
   */
  static String bars(String title, List<Bar> bars) {
    if (bars.isEmpty()) {
      return "<p class=\"empty\">" + ReportHtml.esc(title) + ": none.</p>";
    }
    long max = Math.max(1, bars.stream().mapToLong(Bar::value).max().orElse(1));
    int width = LABEL_WIDTH + BAR_AREA + VALUE_WIDTH;
    int height = ROW * bars.size() + 30;
    StringBuilder s = new StringBuilder(256 + 200 * bars.size());
    s.append(
            "<figure><svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" role=\"img\""
                + " width=\"")
        .append(width)
        .append("\" height=\"")
        .append(height)
        .append("\" viewBox=\"0 0 ")
        .append(width)
        .append(' ')
        .append(height)
        .append("\"><title>")
        .append(ReportHtml.esc(title))
        .append("</title>");
    for (int i = 0; i < bars.size(); i++) {
      Bar bar = bars.get(i);
      int y = 10 + i * ROW;
      double length = bar.value() == 0 ? 0 : Math.max(1, BAR_AREA * (double) bar.value() / max);
      s.append("<text x=\"")
          .append(LABEL_WIDTH - 6)
          .append("\" y=\"")
          .append(y + 14)
          .append("\" text-anchor=\"end\" font-size=\"12\">")
          .append(ReportHtml.esc(shorten(bar.label())))
          .append("</text>");
      s.append("<rect class=\"bar\" x=\"")
          .append(LABEL_WIDTH)
          .append("\" y=\"")
          .append(y + 3)
          .append("\" width=\"")
          .append(String.format(Locale.ROOT, "%.1f", length))
          .append("\" height=\"")
          .append(ROW - 6)
          .append("\" fill=\"#3b6fb6\"><title>")
          .append(ReportHtml.esc(bar.label()))
          .append(": ")
          .append(String.format(Locale.ROOT, "%,d", bar.value()))
          .append("</title></rect>");
      s.append("<text x=\"")
          .append(String.format(Locale.ROOT, "%.1f", LABEL_WIDTH + length + 6))
          .append("\" y=\"")
          .append(y + 14)
          .append("\" font-size=\"12\">")
          .append(String.format(Locale.ROOT, "%,d", bar.value()))
          .append("</text>");
    }
    s.append("</svg><figcaption>").append(ReportHtml.esc(title)).append("</figcaption></figure>");
    return s.toString();
  }

  private static String shorten(String label) {
    // Cut between code points, so an emoji is never halved into an unpaired surrogate.
    return label.codePointCount(0, label.length()) <= 28
        ? label
        : label.substring(0, label.offsetByCodePoints(0, 27)) + "…";
  }
}
