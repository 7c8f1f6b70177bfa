package io.vigil.simulator.record;

import io.vigil.simulator.SampleSink;
import io.vigil.simulator.Trip;
import io.vigil.simulator.drive.Label;
import io.vigil.simulator.sensor.GpsFix;
import io.vigil.simulator.sensor.ImuSample;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Writes one trip in the Vigil recording format: a directory with {@code samples.csv} (one line per
 * IMU sample, GPS columns filled on the sample at which a fix arrived) and {@code labels.csv}. The
 * format is documented in the file header and in docs/recording-format.md; output is byte-identical
 * for identical input.
 */
public final class RecordingWriter implements SampleSink, AutoCloseable {

  /** Columns of samples.csv, in order. */
  public static final String SAMPLE_HEADER = "t_ns,ax,ay,az,gx,gy,gz,speed_mps,lat,lon";

  /** Columns of labels.csv, in order. */
  public static final String LABEL_HEADER =
      "start_s,end_s,label,direction,peak_long_g,peak_lat_g,peak_vert_g";

  private final Path directory;
  private final BufferedWriter samples;
  private final StringBuilder line = new StringBuilder(128);
  private ImuSample pending;
  private GpsFix pendingFix;

  /** Opens {@code directory}/samples.csv; {@code metadata} lines (key=value) go into its header. */
  public RecordingWriter(Path directory, double rateHz, String metadata) throws IOException {
    this.directory = directory;
    Files.createDirectories(directory);
    this.samples =
        Files.newBufferedWriter(directory.resolve("samples.csv"), StandardCharsets.UTF_8);
    samples.write("# vigil recording v1\n");
    samples.write("# t_ns: nanoseconds since the start of the trip\n");
    samples.write(
        "# ax,ay,az: specific force in m/s^2, device frame (about +9.81 on the up axis at rest)\n");
    samples.write("# gx,gy,gz: angular velocity in rad/s, device frame\n");
    samples.write(
        "# speed_mps: GPS speed in m/s; lat,lon: WGS84 degrees; empty when no fix arrived at this sample\n");
    samples.write(String.format(Locale.ROOT, "# rate_hz=%s%n", trim(rateHz)));
    for (String meta : metadata.split("\n")) {
      if (!meta.isBlank()) {
        samples.write("# " + meta + "\n");
      }
    }
    samples.write(SAMPLE_HEADER + "\n");
  }

  @Override
  public void imu(ImuSample sample) {
    flushPending();
    pending = sample;
  }

  @Override
  public void gps(GpsFix fix) {
    pendingFix = fix;
  }

  private void flushPending() {
    if (pending == null) {
      return;
    }
    line.setLength(0);
    line.append(pending.tNs()).append(',');
    FixedPoint.append(line, pending.ax(), 5).append(',');
    FixedPoint.append(line, pending.ay(), 5).append(',');
    FixedPoint.append(line, pending.az(), 5).append(',');
    FixedPoint.append(line, pending.gx(), 6).append(',');
    FixedPoint.append(line, pending.gy(), 6).append(',');
    FixedPoint.append(line, pending.gz(), 6).append(',');
    if (pendingFix != null) {
      FixedPoint.append(line, pendingFix.speedMps(), 3).append(',');
      FixedPoint.append(line, pendingFix.latitude(), 7).append(',');
      FixedPoint.append(line, pendingFix.longitude(), 7);
      pendingFix = null;
    } else {
      line.append(",,");
    }
    line.append('\n');
    try {
      samples.append(line);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + directory.resolve("samples.csv"), e);
    }
    pending = null;
  }

  /** Writes labels.csv for {@code trip}. */
  public void writeLabels(Trip trip) throws IOException {
    StringBuilder out = new StringBuilder(LABEL_HEADER).append('\n');
    for (Label l : trip.labels()) {
      FixedPoint.append(out, l.startS(), 3).append(',');
      FixedPoint.append(out, l.endS(), 3).append(',');
      out.append(l.kind().csvName()).append(',');
      out.append(l.direction().orElse("")).append(',');
      FixedPoint.append(out, l.peakLongitudinalG(), 4).append(',');
      FixedPoint.append(out, l.peakLateralG(), 4).append(',');
      FixedPoint.append(out, l.peakVerticalG(), 4).append('\n');
    }
    Files.writeString(directory.resolve("labels.csv"), out, StandardCharsets.UTF_8);
  }

  @Override
  public void close() throws IOException {
    flushPending();
    samples.close();
  }

  private static String trim(double v) {
    return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
  }
}
