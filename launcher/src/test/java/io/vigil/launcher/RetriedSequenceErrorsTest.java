package io.vigil.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.core.spi.FilterReply;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.junit.jupiter.api.Test;

class RetriedSequenceErrorsTest {

  private final LoggerContext context = new LoggerContext();
  private final RetriedSequenceErrors filter = new RetriedSequenceErrors();

  @Test
  void theBrokersRetriedSequenceRefusalsAreDroppedAndNothingElse() {
    var broker = context.getLogger("kafka.server.ReplicaManager");
    for (String message :
        new String[] {
          "Out of order sequence number for producer 1 at offset 3 in partition"
              + " vigil-processor-event-ledger-changelog-0: 2 (incoming seq. number), 0 (current end"
              + " sequence number)",
          "Invalid sequence number for new epoch ... transactions v2 ..."
        }) {
      assertThat(decide(broker, Level.ERROR, new OutOfOrderSequenceException(message)))
          .isEqualTo(FilterReply.DENY);
    }
    assertThat(decide(broker, Level.ERROR, new IllegalStateException("disk full")))
        .isEqualTo(FilterReply.NEUTRAL);
    assertThat(decide(broker, Level.ERROR, null)).isEqualTo(FilterReply.NEUTRAL);
    assertThat(
            decide(
                context.getLogger("io.vigil.cloud"),
                Level.ERROR,
                new OutOfOrderSequenceException("x")))
        .isEqualTo(FilterReply.NEUTRAL);
  }

  private FilterReply decide(ch.qos.logback.classic.Logger logger, Level level, Throwable t) {
    return filter.decide(null, logger, level, "Error processing append operation", null, t);
  }
}
