package io.vigil.launcher;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import org.slf4j.Marker;

/**
 * Keeps one expected message of the embedded Kafka broker off the console. With transactions v2
 * (KIP-890, Kafka 4) the broker refuses a transactional batch that arrives before the partition
 * joined the transaction, or right after the producer's epoch was bumped, with a retriable {@code
 * OutOfOrderSequenceException} (KAFKA-18202), logs it as an ERROR, and the producer retries and
 * succeeds: the processor's exactly-once commits do this routinely, mostly at start-up. The broker
 * words it in two ways ("... transactions v2 ..." and "Out of order sequence number for producer
 * ..."); both are dropped. A sequence problem the producer cannot retry away does not go unseen: it
 * fails the producer, the processor's stream thread logs it and its health turns DOWN. Every other
 * error of the broker still shows.
 */
public final class RetriedSequenceErrors extends TurboFilter {

  @Override
  public FilterReply decide(
      Marker marker, Logger logger, Level level, String format, Object[] params, Throwable t) {
    if (t != null
        && level == Level.ERROR
        && "kafka.server.ReplicaManager".equals(logger.getName())
        && t.getClass().getSimpleName().equals("OutOfOrderSequenceException")) {
      return FilterReply.DENY;
    }
    return FilterReply.NEUTRAL;
  }
}
