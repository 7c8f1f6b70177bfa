package io.vigil.agent.input;

import io.vigil.protocol.SampleBatch;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Device mode: the vehicle's sensor publishes sample batches on its MQTT samples topic and they are
 * handed over here, from the MQTT callback thread to the detection thread, through a bounded queue:
 * a full queue blocks the callback, which holds back the broker (backpressure) instead of growing
 * without bound.
 */
public final class MqttSampleInput {

  private final BlockingQueue<SampleBatch> queue;
  private long batches;
  private long samples;
  private long firstNs = Long.MAX_VALUE;
  private long lastNs = Long.MIN_VALUE;

  public MqttSampleInput(int capacity) {
    this.queue = new ArrayBlockingQueue<>(capacity);
  }

  /** From the MQTT callback: waits while the queue is full. */
  public void offer(SampleBatch batch) throws InterruptedException {
    queue.put(batch);
  }

  /**
   * On the detection thread: pushes the next batch (GPS fixes in time order among the IMU samples)
   * to {@code listener}; false if none arrived within {@code wait}.
   */
  public boolean next(SampleListener listener, Duration wait) throws InterruptedException {
    SampleBatch b = queue.poll(wait.toNanos(), TimeUnit.NANOSECONDS);
    if (b == null) {
      return false;
    }
    int fix = 0;
    for (int i = 0; i < b.size(); i++) {
      long t = b.tNs()[i];
      while (fix < b.gps().size() && b.gps().get(fix).tNs() <= t) {
        SampleBatch.GpsFix g = b.gps().get(fix++);
        listener.gps(g.tNs(), g.speedMps(), g.lat(), g.lon());
      }
      listener.imu(t, b.ax()[i], b.ay()[i], b.az()[i], b.gx()[i], b.gy()[i], b.gz()[i]);
    }
    while (fix < b.gps().size()) {
      SampleBatch.GpsFix g = b.gps().get(fix++);
      listener.gps(g.tNs(), g.speedMps(), g.lat(), g.lon());
    }
    batches++;
    samples += b.size();
    if (b.size() > 0) {
      firstNs = Math.min(firstNs, b.tNs()[0]);
      lastNs = Math.max(lastNs, b.tNs()[b.size() - 1]);
    }
    return true;
  }

  /** The time of the oldest queued sample, if a batch is waiting. */
  public java.util.Optional<Long> firstSampleNs() {
    SampleBatch b = queue.peek();
    return b == null || b.size() == 0
        ? java.util.Optional.empty()
        : java.util.Optional.of(b.tNs()[0]);
  }

  /** Sensor time covered by the samples handed over so far, seconds. */
  public double seconds() {
    return samples == 0 ? 0 : (lastNs - firstNs) / 1e9;
  }

  public long samples() {
    return samples;
  }
}
