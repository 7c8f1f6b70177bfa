package io.vigil.launcher.bench;

import io.vigil.protocol.json.ProtocolCodec;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code vigil bench-brokers}: QoS 1 throughput of the embedded MQTT broker and producer throughput
 * of the embedded Kafka broker on this machine, with Vigil's own payloads, in one run. Writes a
 * Markdown report.
 */
@Command(
    name = "bench-brokers",
    mixinStandardHelpOptions = true,
    description = {
      "Measure embedded MQTT and Kafka broker throughput.",
      "QoS 1 through the MQTT broker (device publishers, shared-subscription subscribers) and",
      "idempotent acks=all production into Kafka, with Vigil payloads; writes a Markdown report."
    })
public final class BrokerBenchmarkCommand implements Callable<Integer> {

  @Option(
      names = "--messages",
      descriptionKey = "bench-brokers.messages",
      description = "Messages per run (default: ${DEFAULT-VALUE}).")
  int messages = 100_000;

  @Option(
      names = "--publishers",
      descriptionKey = "bench-brokers.publishers",
      description = "Concurrent MQTT publishers, one device each (default: ${DEFAULT-VALUE}).")
  int publishers = 4;

  @Option(
      names = "--warmup",
      descriptionKey = "bench-brokers.warmup",
      description =
          "Untimed MQTT messages sent first on the same broker (default: ${DEFAULT-VALUE}).")
  int warmup = 20_000;

  @Option(
      names = "--subscribers",
      descriptionKey = "bench-brokers.subscribers",
      description = "MQTT subscribers sharing one subscription (default: ${DEFAULT-VALUE}).")
  int subscribers = 2;

  @Option(
      names = "--report-dir",
      descriptionKey = "bench-brokers.report-dir",
      description = "Where the report goes (default: ${DEFAULT-VALUE}).")
  Path reportDir = Path.of("target", "bench");

  @Override
  public Integer call() throws Exception {
    if (messages < publishers || publishers < 1 || subscribers < 1 || warmup < 0) {
      throw new IllegalArgumentException(
          "need --publishers ≥ 1, --subscribers ≥ 1, --warmup ≥ 0 and --messages ≥ --publishers");
    }
    Clock clock = Clock.systemUTC();
    ProtocolCodec codec = new ProtocolCodec(clock);
    byte[] event = BenchmarkPayloads.safetyEvent(codec, clock, new Random(1));
    byte[] telemetry = BenchmarkPayloads.telemetry(codec, clock);

    List<BenchmarkResult> results = new ArrayList<>();
    MqttThroughputRun mqtt = new MqttThroughputRun(publishers, subscribers);
    results.add(mqtt.run("MQTT QoS 1, safety event", event, messages, warmup));
    results.add(mqtt.run("MQTT QoS 1, telemetry", telemetry, messages, warmup));
    KafkaThroughputRun kafka = new KafkaThroughputRun();
    results.add(kafka.run("Kafka acks=all idempotent, safety event", event, messages));
    results.add(kafka.run("Kafka acks=all idempotent, telemetry", telemetry, messages));

    String report = report(results);
    BenchmarkReport.publish(reportDir, "brokers-latest.md", report);
    boolean lossless = results.stream().allMatch(BenchmarkResult::lossless);
    return lossless ? 0 : 1;
  }

  private String report(List<BenchmarkResult> results) throws IOException {
    StringBuilder b = new StringBuilder();
    b.append("# Embedded broker throughput\n\n");
    b.append(BenchmarkReport.runLine()).append('\n');
    b.append("MQTT: ")
        .append(publishers)
        .append(" publishers (one device identity each) → HiveMQ CE → ")
        .append(subscribers)
        .append(" subscribers on one shared subscription; Paho v5 with the project's ")
        .append("client settings. Kafka: one producer, 6 partitions, keyed by vehicle.\n\n");
    b.append(
        "| run | payload bytes | messages | seconds | msg/s | MB/s | delivered | duplicates | broker drops |\n");
    b.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    for (BenchmarkResult r : results) {
      b.append(
          String.format(
              "| %s | %d | %d | %.2f | %,.0f | %.1f | %d | %d | %d |%n",
              r.name(),
              r.payloadBytes(),
              r.messages(),
              r.seconds(),
              r.messagesPerSecond(),
              r.megabytesPerSecond(),
              r.delivered(),
              r.duplicates(),
              r.brokerDrops()));
    }
    return b.toString();
  }
}
