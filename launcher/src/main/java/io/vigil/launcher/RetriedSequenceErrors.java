package io.vigil.launcher;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import org.slf4j.Marker;

/**
 * Keeps one expected message of the embedded Kafka broker off the console. With transactions v2
 * (KIP-890, Kafka 4) the broker refuses a transactional batch that arrives before the partition
 * joined the transaction with a retriable {@code OutOfOrderSequenceException} (KAFKA-18202), logs
 * it as an ERROR, and the producer retries and succeeds: the processor's exactly-once commits do
 * this routinely. Every other error of the broker, and this one with another exception, still
 * shows.
 */
public final class RetriedSequenceErrors extends TurboFilter {

  @Override
  public FilterReply decide(
      Marker marker, Logger logger, Level level, String format, Object[] params, Throwable t) {
    if (t != null
        && level == Level.ERROR
        && "kafka.server.ReplicaManager".equals(logger.getName())
        && t.getClass().getSimpleName().equals("OutOfOrderSequenceException")
        && String.valueOf(t.getMessage()).contains("transactions v2")) {
      return FilterReply.DENY;
    }
    return FilterReply.NEUTRAL;
  }
}
