package io.vigil.cloud.processor;

import io.vigil.cloud.score.Tally;
import io.vigil.cloud.score.TallyDelta;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sums tally deltas into the daily tallies ({@value SafetyTopology#TALLY_STORE}) and forgets days
 * older than the score history's retention, so the store holds a bounded number of days per entity.
 */
final class TallyAggregator implements Processor<String, TallyDelta, Void, Void> {

  private static final Logger LOG = LoggerFactory.getLogger(TallyAggregator.class);

  private final Duration history;
  private KeyValueStore<String, Tally> tallies;

  TallyAggregator(Duration history) {
    this.history = history;
  }

  @Override
  public void init(ProcessorContext<Void, Void> context) {
    tallies = context.getStateStore(SafetyTopology.TALLY_STORE);
    context.schedule(Duration.ofHours(1), PunctuationType.STREAM_TIME, this::forgetOld);
  }

  @Override
  public void process(Record<String, TallyDelta> record) {
    Tally before = tallies.get(record.key());
    tallies.put(record.key(), (before == null ? Tally.empty() : before).plus(record.value()));
  }

  private void forgetOld(long streamTimeMs) {
    String oldest =
        LocalDate.ofInstant(Instant.ofEpochMilli(streamTimeMs).minus(history), ZoneOffset.UTC)
            .toString();
    int forgotten = 0;
    try (KeyValueIterator<String, Tally> it = tallies.all()) {
      while (it.hasNext()) {
        KeyValue<String, Tally> kv = it.next();
        if (kv.key.substring(kv.key.lastIndexOf('|') + 1).compareTo(oldest) < 0) {
          tallies.delete(kv.key);
          forgotten++;
        }
      }
    }
    if (forgotten > 0) {
      LOG.info("forgot {} daily tallies before {}", forgotten, oldest);
    }
  }
}
