package io.vigil.simulator.plot;

import io.vigil.simulator.drive.Label;
import io.vigil.simulator.drive.LabelKind;
import io.vigil.simulator.record.Recording;
import io.vigil.simulator.sensor.Mounting;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;

/**
 * Draws labelled events of a recording as a PNG, one panel per event: acceleration (x, y, z with
 * gravity removed) and yaw rate over a few seconds around the event, the labelled span shaded.
 * Signals are rotated back into the vehicle frame when the recording names its mounting, so a
 * person sees braking on x and cornering on y whatever the device's orientation.
 */
public final class EventGallery {

  private static final double G = 9.80665;
  private static final double MARGIN_S = 4;
  private static final int PANEL_W = 700;
  private static final int PANEL_H = 300;
  private static final Color[] AXIS_COLORS = {
    new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c), new Color(0x9467bd)
  };

  private EventGallery() {}

  /** The first label of each kind in {@code kinds} that the recording has, in that order. */
  public static List<Label> firstOfEach(Recording recording, List<LabelKind> kinds) {
    List<Label> chosen = new ArrayList<>();
    for (LabelKind kind : kinds) {
      recording.labels().stream().filter(l -> l.kind() == kind).findFirst().ifPresent(chosen::add);
    }
    return chosen;
  }

  /** Renders {@code labels} of {@code recording} into {@code png}, two panels per row. */
  public static void render(Recording recording, List<Label> labels, Path png) throws IOException {
    if (labels.isEmpty()) {
      throw new IllegalArgumentException("no labelled events to draw");
    }
    int cols = Math.min(2, labels.size());
    int rows = (labels.size() + cols - 1) / cols;
    BufferedImage image =
        new BufferedImage(cols * PANEL_W, rows * PANEL_H, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, image.getWidth(), image.getHeight());
      double[][] r = mountingOf(recording);
      for (int i = 0; i < labels.size(); i++) {
        panel(g, recording, labels.get(i), r, (i % cols) * PANEL_W, (i / cols) * PANEL_H);
      }
    } finally {
      g.dispose();
    }
    ImageIO.write(image, "png", png.toFile());
  }

  private static double[][] mountingOf(Recording recording) {
    try {
      return new Mounting(
              Math.toRadians(Double.parseDouble(recording.metadata().get("mounting_yaw_deg"))),
              Math.toRadians(Double.parseDouble(recording.metadata().get("mounting_pitch_deg"))),
              Math.toRadians(Double.parseDouble(recording.metadata().get("mounting_roll_deg"))))
          .deviceToVehicle();
    } catch (NullPointerException | NumberFormatException unknown) {
      return null; // plot in device axes
    }
  }

  private static void panel(
      Graphics2D g, Recording rec, Label label, double[][] rotation, int x0, int y0) {
    double from = label.startS() - MARGIN_S;
    double to = label.endS() + MARGIN_S;
    List<double[]> points = new ArrayList<>(); // t, ax, ay, az-g (g units), yaw rate (rad/s)
    double[] a = new double[3];
    double[] w = new double[3];
    for (int i = 0; i < rec.size(); i++) {
      double t = rec.tNs()[i] / 1e9;
      if (t < from || t > to) {
        continue;
      }
      if (rotation != null) {
        Mounting.toVehicle(rotation, rec.accel()[i], a);
        Mounting.toVehicle(rotation, rec.gyro()[i], w);
      } else {
        System.arraycopy(rec.accel()[i], 0, a, 0, 3);
        System.arraycopy(rec.gyro()[i], 0, w, 0, 3);
      }
      points.add(new double[] {t, a[0] / G, a[1] / G, a[2] / G - 1, w[2]});
    }
    int left = x0 + 55;
    int top = y0 + 30;
    int width = PANEL_W - 75;
    int height = PANEL_H - 65;
    double maxG = 0.5;
    for (double[] p : points) {
      for (int k = 1; k <= 3; k++) {
        maxG = Math.max(maxG, Math.abs(p[k]));
      }
    }
    maxG = Math.ceil(maxG * 4) / 4;

    g.setColor(new Color(255, 200, 120, 110));
    g.fillRect(
        xOf(label.startS(), from, to, left, width),
        top,
        Math.max(
            2,
            xOf(label.endS(), from, to, left, width) - xOf(label.startS(), from, to, left, width)),
        height);
    g.setColor(Color.GRAY);
    g.drawRect(left, top, width, height);
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
    for (double v = -maxG; v <= maxG + 1e-9; v += maxG / 2) {
      int y = yOf(v, maxG, top, height);
      g.setColor(new Color(230, 230, 230));
      g.drawLine(left, y, left + width, y);
      g.setColor(Color.DARK_GRAY);
      g.drawString(String.format(Locale.ROOT, "%+.2f g", v), x0 + 2, y + 4);
    }
    g.setStroke(new BasicStroke(1.4f));
    for (int k = 1; k <= 4; k++) {
      Path2D path = new Path2D.Double();
      boolean first = true;
      for (double[] p : points) {
        double value = k == 4 ? p[4] / 0.5 * maxG : p[k]; // yaw rate: ±0.5 rad/s full scale
        double px = xOf(p[0], from, to, left, width);
        double py = yOf(value, maxG, top, height);
        if (first) {
          path.moveTo(px, py);
          first = false;
        } else {
          path.lineTo(px, py);
        }
      }
      g.setColor(AXIS_COLORS[k - 1]);
      g.draw(path);
    }
    g.setColor(Color.BLACK);
    g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 13));
    String title =
        String.format(
            Locale.ROOT,
            "%s%s  peak x %+.2f g, y %+.2f g, z %+.2f g",
            label.kind().csvName(),
            label.direction().map(d -> " (" + d + ")").orElse(""),
            label.peakLongitudinalG(),
            label.peakLateralG(),
            label.peakVerticalG());
    g.drawString(title, left, y0 + 20);
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
    String[] legend = {"a_x (forward)", "a_y (left)", "a_z − 1 g", "yaw rate (±0.5 rad/s)"};
    int lx = left;
    for (int k = 0; k < legend.length; k++) {
      g.setColor(AXIS_COLORS[k]);
      g.drawString(legend[k], lx, y0 + PANEL_H - 18);
      lx += 150;
    }
    g.setColor(Color.DARK_GRAY);
    g.drawString(String.format(Locale.ROOT, "%.1f s", from), left, y0 + PANEL_H - 4);
    g.drawString(String.format(Locale.ROOT, "%.1f s", to), left + width - 40, y0 + PANEL_H - 4);
  }

  private static int xOf(double t, double from, double to, int left, int width) {
    return left + (int) Math.round((t - from) / (to - from) * width);
  }

  private static int yOf(double v, double max, int top, int height) {
    return top + (int) Math.round((1 - (v + max) / (2 * max)) * height);
  }
}
