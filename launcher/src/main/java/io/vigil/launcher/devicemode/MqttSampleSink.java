package io.vigil.launcher.devicemode;

import io.vigil.mqtt.ReconnectingMqttClient;
import io.vigil.protocol.SampleBatch;
import io.vigil.protocol.json.ProtocolCodec;
import io.vigil.protocol.topic.DeviceAddress;
import io.vigil.protocol.topic.Topics;
import io.vigil.simulator.SampleSink;
import io.vigil.simulator.sensor.GpsFix;
import io.vigil.simulator.sensor.ImuSample;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The simulator's device mode for one vehicle: collects its samples into batches and publishes each
 * batch as a {@link SampleBatch} on {@code vigil/v1/{fleet}/{vehicle}/samples}, for an edge agent
 * running elsewhere. Publishing waits when the client's window is full, which slows the real-time
 * fleet down visibly instead of dropping samples.
 */
public final class MqttSampleSink implements SampleSink {

  private final ReconnectingMqttClient client;
  private final ProtocolCodec codec;
  private final DeviceAddress device;
  private final String topic;
  private final double rateHz;
  private final int batchSize;
  private final int qos;
  private final AtomicLong published;
  private final AtomicLong failed;
  private final long[] t;
  private final double[][] values;
  private final List<SampleBatch.GpsFix> gps = new ArrayList<>();
  private int n;

  /**
   * @param published counts samples handed to the broker (shared across vehicles)
   * @param failed counts samples whose publish failed (shared across vehicles)
   */
  public MqttSampleSink(
      ReconnectingMqttClient client,
      ProtocolCodec codec,
      DeviceAddress device,
      double rateHz,
      int batchSize,
      int qos,
      AtomicLong published,
      AtomicLong failed) {
    this.client = client;
    this.codec = codec;
    this.device = device;
    this.topic = Topics.samples(device);
    this.rateHz = rateHz;
    this.batchSize = batchSize;
    this.qos = qos;
    this.published = published;
    this.failed = failed;
    this.t = new long[batchSize];
    this.values = new double[6][batchSize];
  }

  @Override
  public void imu(ImuSample s) {
    t[n] = s.tNs();
    values[0][n] = s.ax();
    values[1][n] = s.ay();
    values[2][n] = s.az();
    values[3][n] = s.gx();
    values[4][n] = s.gy();
    values[5][n] = s.gz();
    n++;
    if (n == batchSize) {
      flush();
    }
  }

  @Override
  public void gps(GpsFix fix) {
    gps.add(new SampleBatch.GpsFix(fix.tNs(), fix.speedMps(), fix.latitude(), fix.longitude()));
  }

  /** Publishes what is buffered, if anything. */
  public void flush() {
    if (n == 0) {
      return;
    }
    int count = n;
    SampleBatch batch =
        new SampleBatch(
            device.fleetId(),
            device.vehicleId(),
            rateHz,
            java.util.Arrays.copyOf(t, count),
            java.util.Arrays.copyOf(values[0], count),
            java.util.Arrays.copyOf(values[1], count),
            java.util.Arrays.copyOf(values[2], count),
            java.util.Arrays.copyOf(values[3], count),
            java.util.Arrays.copyOf(values[4], count),
            java.util.Arrays.copyOf(values[5], count),
            gps);
    n = 0;
    gps.clear();
    client
        .publish(topic, codec.encode(batch), qos, false)
        .whenComplete(
            (ok, error) -> {
              if (error == null) {
                published.addAndGet(count);
              } else {
                failed.addAndGet(count);
              }
            });
  }
}
