package io.vigil.launcher;

import io.vigil.cloud.processor.SafetyTopology;
import io.vigil.cloud.retraining.SampleExport;
import io.vigil.launcher.bench.ProgressLine;
import io.vigil.protocol.dataset.SampleDataset;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code vigil export-samples}: the cloud's training samples as a versioned dataset for {@code
 * vigil-models} ({@link SampleDataset}). Reads the training-samples topic from its start to the end
 * it has when the export begins (committed transactions only: the processor writes with
 * exactly-once), keeps the latest sample of each event, optionally of one fleet, and writes a new
 * dataset directory with its manifest. The topic is only read; nothing is committed.
 */
@Command(
    name = "export-samples",
    mixinStandardHelpOptions = true,
    description = {
      "Export the cloud's training samples (reviewed events and their snippets) as a versioned",
      "dataset: DIR/VERSION/samples.jsonl.gz and manifest.json (counts per label, time range,",
      "SHA-256). vigil-models takes the directory with --reviewed-samples."
    })
public final class ExportSamplesCommand implements Callable<Integer> {

  @Option(
      names = "--bootstrap-servers",
      descriptionKey = "export-samples.bootstrap-servers",
      description = "Kafka to read from (default: ${DEFAULT-VALUE}).")
  String bootstrapServers = "127.0.0.1:9092";

  @Option(
      names = "--fleet",
      descriptionKey = "export-samples.fleet",
      description = "Only this fleet's samples (default: every fleet).")
  String fleet;

  @Option(
      names = "--out",
      descriptionKey = "export-samples.out",
      description = "Directory the dataset's own directory goes into (default: ${DEFAULT-VALUE}).")
  Path out = Path.of("datasets");

  @Option(
      names = "--version",
      descriptionKey = "export-samples.version",
      description =
          "The dataset's version, its directory name (default: the time, UTC, yyyyMMdd'T'HHmmss'Z').")
  String version;

  private final Clock clock;

  public ExportSamplesCommand() {
    this(Clock.systemUTC());
  }

  ExportSamplesCommand(Clock clock) {
    this.clock = clock;
  }

  @Override
  public Integer call() throws Exception {
    String v =
        version != null
            ? version
            : DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
                .withZone(ZoneOffset.UTC)
                .format(clock.instant());
    AtomicLong read = new AtomicLong();
    AtomicReference<ProgressLine> progress = new AtomicReference<>();
    SampleExport.Result r;
    try {
      r =
          SampleExport.run(
              bootstrapServers,
              fleet,
              out,
              v,
              clock,
              read,
              total -> {
                System.out.printf(
                    "export-samples: reading up to %,d records of %s at %s%n",
                    total, SafetyTopology.TRAINING_SAMPLES, bootstrapServers);
                progress.set(new ProgressLine("records", total, read::get));
              },
              System.err);
    } finally {
      if (progress.get() != null) {
        progress.get().close();
      }
    }
    SampleDataset.Manifest m = r.manifest();
    System.out.printf(
        "export-samples: dataset %s: %,d samples (%,d reviewed) of %,d records; labels %s%n",
        r.dir().toAbsolutePath(), m.samples(), m.reviewed(), r.read(), new TreeMap<>(m.labels()));
    if (r.skipped() > 0) {
      System.err.printf(
          "export-samples: %,d records were not training samples and were left out%n", r.skipped());
    }
    System.out.println("  train with: ./vigil-models pipeline --reviewed-samples " + r.dir());
    return 0;
  }
}
