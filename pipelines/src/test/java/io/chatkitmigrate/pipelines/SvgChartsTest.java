package io.chatkitmigrate.pipelines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;

class SvgChartsTest {
  private static Document parse(String html) throws Exception {
    String svg = html.substring(html.indexOf("<svg"), html.indexOf("</svg>") + 6);
    return DocumentBuilderFactory.newInstance()
        .newDocumentBuilder()
        .parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void oneBarPerValueScaledToTheLargestAndLabelsEscaped() throws Exception {
    Document svg =
        parse(
            SvgCharts.bars(
                "Messages <per> month",
                List.of(
                    new SvgCharts.Bar("2019-01", 50),
                    new SvgCharts.Bar("a&b <script>", 100),
                    new SvgCharts.Bar("2019-03", 0))));
    NodeList rects = svg.getElementsByTagName("rect");
    assertEquals(3, rects.getLength());
    double half =
        Double.parseDouble(rects.item(0).getAttributes().getNamedItem("width").getNodeValue());
    double full =
        Double.parseDouble(rects.item(1).getAttributes().getNamedItem("width").getNodeValue());
    assertEquals(0.5, half / full, 1e-9);
    assertEquals("0.0", rects.item(2).getAttributes().getNamedItem("width").getNodeValue());
    assertEquals(
        "Messages <per> month", svg.getElementsByTagName("title").item(0).getTextContent());
    assertTrue(svg.getDocumentElement().getTextContent().contains("a&b <script>"));
  }

  @Test
  void nothingToDrawSaysSo() {
    assertEquals(
        "<p class=\"empty\">Messages per month: none.</p>",
        SvgCharts.bars("Messages per month", List.of()));
  }

  @Test
  void histogramBucketsHaveReadableLabels() {
    long[] counts = new long[ReadStateSummary.UNREAD_BOUNDS.length + 1];
    counts[ReadStateSummary.bucket(0, ReadStateSummary.UNREAD_BOUNDS)]++;
    counts[ReadStateSummary.bucket(3, ReadStateSummary.UNREAD_BOUNDS)]++;
    counts[ReadStateSummary.bucket(5000, ReadStateSummary.UNREAD_BOUNDS)]++;
    assertEquals(
        "{\"0\":1,\"1\":0,\"2-5\":1,\"6-20\":0,\"21-100\":0,\"101-1000\":0,\"over 1000\":1}",
        ReadStateSummary.histogram(counts, ReadStateSummary.UNREAD_BOUNDS).toString());
  }
}
