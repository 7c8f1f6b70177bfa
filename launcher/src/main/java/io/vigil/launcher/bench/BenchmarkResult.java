package io.vigil.launcher.bench;

/**
 * One measured run.
 *
 * @param name what ran
 * @param payloadBytes bytes per message
 * @param messages messages sent
 * @param seconds from first send to last delivery (MQTT) or last acknowledgement (Kafka)
 * @param delivered distinct messages that arrived (MQTT) or were acknowledged (Kafka)
 * @param duplicates messages that arrived more than once
 * @param brokerDrops messages the broker reported as dropped
 */
record BenchmarkResult(
    String name,
    int payloadBytes,
    long messages,
    double seconds,
    long delivered,
    long duplicates,
    long brokerDrops) {

  double messagesPerSecond() {
    return messages / seconds;
  }

  double megabytesPerSecond() {
    return messages * (double) payloadBytes / seconds / 1e6;
  }

  boolean lossless() {
    return delivered == messages && duplicates == 0 && brokerDrops == 0;
  }
}
