package io.vigil.models.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigil.models.dataset.WindowClass;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;

/**
 * Writes the evaluation report: {@code report.json} with every number and {@code report.html}
 * showing the same numbers, with inline SVG charts (no scripts, no external assets).
 */
public final class ReportWriter {

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private ReportWriter() {}

  public static void write(Path dir, ObjectNode report) throws IOException {
    Files.createDirectories(dir);
    Files.writeString(
        dir.resolve("report.json"), JSON.writeValueAsString(report) + "\n", StandardCharsets.UTF_8);
    Files.writeString(dir.resolve("report.html"), html(report), StandardCharsets.UTF_8);
  }

  static String html(JsonNode r) {
    StringBuilder h = new StringBuilder();
    h.append("<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
        .append("<title>Vigil model ")
        .append(esc(r.path("name").asText()))
        .append(' ')
        .append(esc(r.path("version").asText()))
        .append(" — evaluation</title><style>")
        .append("body{font-family:system-ui,sans-serif;max-width:1100px;margin:2em auto;")
        .append("color:#1a1a1a;line-height:1.4}table{border-collapse:collapse;margin:1em 0}")
        .append("td,th{border:1px solid #bbb;padding:4px 8px;text-align:right}")
        .append("th:first-child,td:first-child{text-align:left}.ok{color:#0a6b1f}")
        .append(".fail{color:#b00020;font-weight:bold}caption{text-align:left;font-weight:bold}")
        .append("</style></head><body>\n");
    h.append("<h1>Vigil model ")
        .append(esc(r.path("name").asText()))
        .append(' ')
        .append(esc(r.path("version").asText()))
        .append("</h1>\n<p>All figures come from the test scenario <code>")
        .append(esc(r.path("data").path("testScenario").asText()))
        .append("</code>, whose vehicles the model never trained on, scored with the int8 model ")
        .append("that ships and the agent's event decoder. Same numbers: <a href=\"report.json\">")
        .append("report.json</a>.</p>\n");

    h.append("<h2>Acceptance</h2><table><tr><th>criterion</th><th>value</th><th>met</th></tr>");
    fields(r.path("acceptance"))
        .forEach(
            e ->
                h.append("<tr><td>")
                    .append(esc(e.getKey()))
                    .append("</td><td>")
                    .append(num(e.getValue().path("value")))
                    .append("</td><td class=\"")
                    .append(e.getValue().path("met").asBoolean() ? "ok\">yes" : "fail\">NO")
                    .append("</td></tr>"));
    h.append("</table>\n");

    JsonNode test = r.path("test");
    h.append("<h2>Per condition</h2><p>What the agent knew: <em>calibrated</em> = forward axis ")
        .append("found and GPS speed; the others drop the heading, the GPS, or both.</p>")
        .append("<table><tr><th>condition</th><th>hours</th><th>event macro-F1</th>")
        .append("<th>collision recall</th><th>false alarms / h normal driving</th>")
        .append("<th>false events / 100 hard negatives</th>")
        .append("<th>false collisions / 100 potholes+bumps</th><th>int8 = FP32</th>")
        .append("<th>sensor-fault windows flagged</th><th>normal windows flagged</th></tr>");
    fields(test)
        .forEach(
            e -> {
              JsonNode c = e.getValue();
              h.append("<tr><td>")
                  .append(esc(e.getKey()))
                  .append("</td><td>")
                  .append(num(c.path("hours")))
                  .append("</td><td>")
                  .append(num(c.path("eventMacroF1")))
                  .append("</td><td>")
                  .append(num(c.path("collisionRecall")))
                  .append("</td><td>")
                  .append(num(c.path("falseAlarmsPerHourOfNormalDriving")))
                  .append("</td><td>")
                  .append(num(c.path("falseEventsPer100HardNegatives")))
                  .append("</td><td>")
                  .append(num(c.path("falseCollisionsPer100PotholesAndSpeedBumps")))
                  .append("</td><td>")
                  .append(num(c.path("int8Fp32Agreement")))
                  .append("</td><td>")
                  .append(num(c.path("anomaly").path("sensorFaultWindowsFlagged")))
                  .append("</td><td>")
                  .append(num(c.path("anomaly").path("normalWindowsFlagged")))
                  .append("</td></tr>");
            });
    h.append("</table>\n");

    fields(test)
        .forEach(
            e -> {
              JsonNode c = e.getValue();
              h.append("<h2>Condition: ").append(esc(e.getKey())).append("</h2>");
              h.append("<table><caption>Event level (each event counted once)</caption>")
                  .append("<tr><th>class</th><th>events</th><th>predicted</th>")
                  .append("<th>precision</th><th>recall</th><th>F1</th>")
                  .append("<th>window precision</th><th>window recall</th><th>window F1</th>")
                  .append("</tr>");
              fields(c.path("eventLevel"))
                  .forEach(
                      cl -> {
                        JsonNode w = c.path("windowLevel").path(cl.getKey());
                        h.append("<tr><td>")
                            .append(esc(cl.getKey()))
                            .append("</td><td>")
                            .append(num(cl.getValue().path("truth")))
                            .append("</td><td>")
                            .append(num(cl.getValue().path("predicted")))
                            .append("</td><td>")
                            .append(num(cl.getValue().path("precision")))
                            .append("</td><td>")
                            .append(num(cl.getValue().path("recall")))
                            .append("</td><td>")
                            .append(num(cl.getValue().path("f1")))
                            .append("</td><td>")
                            .append(num(w.path("precision")))
                            .append("</td><td>")
                            .append(num(w.path("recall")))
                            .append("</td><td>")
                            .append(num(w.path("f1")))
                            .append("</td></tr>");
                      });
              h.append("</table>");
              h.append(f1Chart(c.path("eventLevel")));
              h.append(confusionSvg(c.path("windowConfusion")));
              h.append(histogramSvg(c.path("anomaly")));
            });

    h.append("<h2>Size and latency</h2><table><tr><th>model</th><th>bytes</th>")
        .append("<th>mean µs</th><th>p50 µs</th><th>p99 µs</th><th>p99.9 µs</th></tr>");
    for (String m : new String[] {"fp32", "int8"}) {
      JsonNode l = r.path("latency").path(m);
      h.append("<tr><td>")
          .append(m)
          .append("</td><td>")
          .append(num(r.path("size").path(m + "Bytes")))
          .append("</td><td>")
          .append(num(l.path("meanMicros")))
          .append("</td><td>")
          .append(num(l.path("p50Micros")))
          .append("</td><td>")
          .append(num(l.path("p99Micros")))
          .append("</td><td>")
          .append(num(l.path("p999Micros")))
          .append("</td></tr>");
    }
    h.append("</table><p>")
        .append(esc(r.path("latency").path("mode").asText("latency benchmark not run")))
        .append(". Single-window inference: one window in, probabilities and anomaly out.</p>\n");

    h.append("<h2>Data and training</h2><pre>")
        .append(esc(r.path("data").toPrettyString()))
        .append("\n")
        .append(esc(r.path("training").toPrettyString()))
        .append("</pre>\n<p>Pipeline run time: ")
        .append(num(r.path("pipelineSeconds")))
        .append(" s.</p></body></html>\n");
    return h.toString();
  }

  private static String f1Chart(JsonNode eventLevel) {
    int w = 560;
    int rowH = 22;
    int n = WindowClass.count() - 1;
    StringBuilder s = new StringBuilder();
    s.append(
        String.format(
            Locale.ROOT,
            "<figure><svg role=\"img\" aria-label=\"event-level F1 per class\" width=\"%d\" "
                + "height=\"%d\" xmlns=\"http://www.w3.org/2000/svg\" font-size=\"12\">",
            w,
            n * rowH + 30));
    int y = 10;
    for (Map.Entry<String, JsonNode> e : fields(eventLevel)) {
      double f1 = e.getValue().path("f1").asDouble();
      int bar = (int) Math.round(f1 * 300);
      s.append(
          String.format(
              Locale.ROOT,
              "<text x=\"0\" y=\"%d\">%s</text><rect x=\"210\" y=\"%d\" width=\"%d\" "
                  + "height=\"16\" fill=\"%s\"/><text x=\"%d\" y=\"%d\">%.3f</text>",
              y + 12,
              esc(e.getKey()),
              y,
              bar,
              f1 >= 0.95 ? "#2e7d32" : "#c62828",
              215 + bar,
              y + 12,
              f1));
      y += rowH;
    }
    s.append(
        String.format(
            Locale.ROOT,
            "<line x1=\"%d\" y1=\"0\" x2=\"%d\" y2=\"%d\" stroke=\"#555\" stroke-dasharray=\"4\"/>",
            210 + 285,
            210 + 285,
            y));
    s.append("</svg><figcaption>Event-level F1 (dashed line: 0.95)</figcaption></figure>");
    return s.toString();
  }

  private static String confusionSvg(JsonNode matrix) {
    int k = matrix.size();
    int cell = 56;
    int left = 200;
    int top = 110;
    StringBuilder s = new StringBuilder();
    s.append(
        String.format(
            Locale.ROOT,
            "<figure><svg role=\"img\" aria-label=\"window confusion matrix\" width=\"%d\" "
                + "height=\"%d\" xmlns=\"http://www.w3.org/2000/svg\" font-size=\"11\">",
            left + k * cell + 10,
            top + k * cell + 10));
    WindowClass[] names = WindowClass.values();
    for (int i = 0; i < k; i++) {
      long rowSum = 0;
      for (JsonNode v : matrix.get(i)) {
        rowSum += v.asLong();
      }
      s.append(
          String.format(
              Locale.ROOT,
              "<text x=\"0\" y=\"%d\">%s</text>",
              top + i * cell + cell / 2 + 4,
              names[i].wireName()));
      s.append(
          String.format(
              Locale.ROOT,
              "<text transform=\"translate(%d,%d) rotate(-45)\">%s</text>",
              left + i * cell + cell / 2,
              top - 6,
              names[i].wireName()));
      for (int j = 0; j < k; j++) {
        long v = matrix.get(i).get(j).asLong();
        double share = rowSum == 0 ? 0 : (double) v / rowSum;
        int shade = (int) Math.round(255 - share * 200);
        s.append(
            String.format(
                Locale.ROOT,
                "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"rgb(%d,%d,255)\" "
                    + "stroke=\"#fff\"/><text x=\"%d\" y=\"%d\" text-anchor=\"middle\">%d</text>",
                left + j * cell,
                top + i * cell,
                cell,
                cell,
                shade,
                shade,
                left + j * cell + cell / 2,
                top + i * cell + cell / 2 + 4,
                v));
      }
    }
    s.append("</svg><figcaption>Window-level confusion (rows: truth, columns: int8 model's ")
        .append("top class; ambiguous windows and sensor faults left out)</figcaption></figure>");
    return s.toString();
  }

  private static String histogramSvg(JsonNode anomaly) {
    JsonNode normal = anomaly.path("histogramNormal");
    JsonNode fault = anomaly.path("histogramSensorFault");
    int bins = normal.size();
    int w = 8;
    int h = 120;
    double maxNormal = 1;
    double maxFault = 1;
    for (int i = 0; i < bins; i++) {
      maxNormal = Math.max(maxNormal, normal.get(i).asDouble());
      maxFault = Math.max(maxFault, fault.get(i).asDouble());
    }
    StringBuilder s = new StringBuilder();
    s.append(
        String.format(
            Locale.ROOT,
            "<figure><svg role=\"img\" aria-label=\"anomaly score histogram\" width=\"%d\" "
                + "height=\"%d\" xmlns=\"http://www.w3.org/2000/svg\" font-size=\"11\">",
            bins * w * 2 + 40,
            h + 30));
    for (int i = 0; i < bins; i++) {
      int hn = (int) Math.round(normal.get(i).asDouble() / maxNormal * h);
      int hf = (int) Math.round(fault.get(i).asDouble() / maxFault * h);
      s.append(
          String.format(
              Locale.ROOT,
              "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"#1565c0\" "
                  + "opacity=\"0.7\"/><rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" "
                  + "fill=\"#ef6c00\" opacity=\"0.7\"/>",
              i * w * 2,
              h - hn,
              w,
              hn,
              i * w * 2 + w,
              h - hf,
              w,
              hf));
    }
    s.append(
        String.format(
            Locale.ROOT,
            "<text x=\"0\" y=\"%d\">0</text><text x=\"%d\" y=\"%d\">4+</text>",
            h + 14,
            bins * w * 2 - 10,
            h + 14));
    s.append("</svg><figcaption>Anomaly score, bins of 0.1, each series scaled to its own peak: ")
        .append("normal windows (blue) vs sensor-fault windows (orange)</figcaption></figure>");
    return s.toString();
  }

  private static Iterable<Map.Entry<String, JsonNode>> fields(JsonNode n) {
    return () -> {
      Iterator<Map.Entry<String, JsonNode>> it = n.fields();
      return it;
    };
  }

  private static String num(JsonNode v) {
    if (v.isMissingNode() || v.isNull()) {
      return "–";
    }
    if (v.isIntegralNumber()) {
      return String.format(Locale.ROOT, "%,d", v.asLong());
    }
    if (v.isNumber()) {
      double d = v.asDouble();
      return Double.isNaN(d) ? "–" : String.format(Locale.ROOT, "%.4f", d);
    }
    return esc(v.asText());
  }

  private static String esc(String s) {
    return s.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;");
  }
}
