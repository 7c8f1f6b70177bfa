package io.vigil.cloud.retraining;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigil.cloud.app.KafkaTopicSetup;
import io.vigil.cloud.app.RetrainingSettings;
import io.vigil.cloud.processor.SafetyTopology;
import io.vigil.cloud.registry.ModelUpload;
import io.vigil.cloud.registry.RegisteredModel;
import io.vigil.inference.pkg.PackageArchive;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs retraining jobs, one at a time, as admins ask for them on {@value #TOPIC}: exports the
 * reviewed samples ({@link SampleExport}), takes the parent package and its reports from the
 * registry, runs {@code vigil-models retrain} as a child process with the parent's own training
 * settings (scenarios, seed, epochs, layers), reporting its step, progress and output lines on the
 * job as it goes, and registers a candidate that passes the gate (verified like any upload). A
 * rejected candidate's gate comparison stays on the job. A job found running when the worker starts
 * was cut short by a previous worker and is marked failed. Run exactly one worker.
 */
public final class RetrainingWorker implements AutoCloseable {

  /** The jobs' topic (compacted, keyed by job id). */
  public static final String TOPIC = "vigil.retraining";

  private static final Logger LOG = LoggerFactory.getLogger(RetrainingWorker.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern STEP = Pattern.compile("^\\[(\\d)/(\\d)\\] (.*)$");
  private static final Pattern EPOCH = Pattern.compile("epoch\\s+(\\d+)/(\\d+)");
  private static final long PUBLISH_EVERY_NS = 1_000_000_000L;

  private final String bootstrapServers;
  private final RetrainingSettings settings;
  private final PublicKey publisherKey;
  private final long maxPackageBytes;
  private final Clock clock;
  private final KafkaProducer<String, byte[]> producer;
  private final Thread thread;
  private volatile boolean stopping;
  private volatile Process child;
  private volatile KafkaConsumer<String, byte[]> jobsConsumer;

  public RetrainingWorker(
      String bootstrapServers,
      RetrainingSettings settings,
      PublicKey publisherKey,
      long maxPackageBytes,
      Clock clock) {
    this.bootstrapServers = bootstrapServers;
    this.settings = settings;
    this.publisherKey = publisherKey;
    this.maxPackageBytes = maxPackageBytes;
    this.clock = clock;
    this.producer =
        new KafkaProducer<>(
            Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers,
                ProducerConfig.ACKS_CONFIG,
                "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
                true,
                ProducerConfig.MAX_REQUEST_SIZE_CONFIG,
                KafkaTopicSetup.MAX_PACKAGE_RECORD_BYTES),
            new StringSerializer(),
            (topic, value) -> (byte[]) value);
    this.thread = new Thread(this::serve, "retraining-worker");
    thread.setDaemon(true);
  }

  public void start() {
    thread.start();
  }

  /** Runs jobs until closed; when Kafka fails it, it starts over after a pause. */
  private void serve() {
    while (!stopping) {
      try {
        loop();
      } catch (RuntimeException e) {
        if (stopping) {
          return;
        }
        LOG.error("retraining worker failed, starting over in 10 s: {}", e.toString(), e);
        try {
          Thread.sleep(10_000);
        } catch (InterruptedException i) {
          return;
        }
      }
    }
  }

  private void loop() {
    Map<String, RetrainingJob> jobs = new LinkedHashMap<>();
    try (KafkaConsumer<String, byte[]> consumer = consumer()) {
      jobsConsumer = consumer;
      TopicSnapshot.read(consumer, TOPIC, r -> take(r, jobs));
      for (RetrainingJob j : List.copyOf(jobs.values())) {
        if (j.state() == RetrainingState.RUNNING) {
          publish(
              j.ended(
                  RetrainingState.FAILED,
                  "the trainer stopped during the job; ask again",
                  null,
                  clock.instant()));
        }
      }
      LOG.info("retraining worker ready ({} jobs so far)", jobs.size());
      while (!stopping) {
        read(consumer, jobs);
        Optional<RetrainingJob> next =
            jobs.values().stream()
                .filter(j -> j.state() == RetrainingState.REQUESTED)
                .min(Comparator.comparing(RetrainingJob::requestedAt));
        if (next.isPresent()) {
          RetrainingJob done = run(next.get());
          jobs.put(done.jobId(), done);
        }
      }
    } catch (org.apache.kafka.common.errors.WakeupException e) {
      // close() stops the loop.
    }
  }

  private void read(KafkaConsumer<String, byte[]> consumer, Map<String, RetrainingJob> jobs) {
    for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(500))) {
      take(r, jobs);
    }
  }

  private static void take(ConsumerRecord<String, byte[]> r, Map<String, RetrainingJob> jobs) {
    if (r.value() == null) {
      jobs.remove(r.key());
      return;
    }
    try {
      jobs.put(r.key(), SafetyTopology.RETRAINING_JOB.deserializer().deserialize(TOPIC, r.value()));
    } catch (RuntimeException e) {
      LOG.warn("retraining record {} is not a job; skipped: {}", r.key(), e.getMessage());
    }
  }

  /** Runs one job to its end, never throwing: what goes wrong is the job's outcome. */
  RetrainingJob run(RetrainingJob requested) {
    Path dir = settings.workDir().resolve(requested.jobId());
    RetrainingJob job = publish(requested.at("exporting reviewed samples", 0.01, clock.instant()));
    try {
      deleteRecursively(dir);
      Files.createDirectories(dir);
      SampleExport.Result samples =
          SampleExport.run(
              bootstrapServers,
              requested.fleetId(),
              dir.resolve("samples"),
              "job-" + requested.jobId(),
              clock,
              new AtomicLong(),
              total -> {},
              new PrintStream(java.io.OutputStream.nullOutputStream()));
      job = job.withSamples(samples.manifest().reviewed());
      job =
          publish(
              job.logging(
                      String.format(
                          "exported %d samples (%d reviewed), labels %s",
                          samples.manifest().samples(),
                          samples.manifest().reviewed(),
                          new java.util.TreeMap<>(samples.manifest().labels())))
                  .at(
                      "fetching " + requested.model() + " " + requested.parentVersion(),
                      0.03,
                      clock.instant()));
      if (samples.manifest().reviewed() == 0) {
        return finish(
            job, RetrainingState.FAILED, "no reviewed samples to learn from yet", null, dir);
      }
      Path parent = parentPackage(requested, dir.resolve("parent"));
      JsonNode report = JSON.readTree(parent.resolve("report/report.json").toFile());
      List<String> command = command(requested, report, parent, samples.dir(), dir);
      job =
          publish(
              job.logging("running " + String.join(" ", command))
                  .at("training", 0.05, clock.instant()));
      Child ran = runChild(command, job);
      job = ran.job();
      int exit = ran.exit();
      Path out = dir.resolve(requested.candidateVersion());
      if (exit == 0) {
        JsonNode gate = gate(out);
        RegisteredModel m = register(out, requested);
        return finish(
            job,
            RetrainingState.PUBLISHED,
            "the candidate passed the gate and is registered as "
                + m.name()
                + " "
                + m.version()
                + " (sha256 "
                + m.sha256().substring(0, 12)
                + "…)",
            gate,
            dir);
      }
      if (exit == 4) {
        Path rejected = out.resolveSibling(out.getFileName() + ".rejected");
        return finish(
            job,
            RetrainingState.REJECTED,
            "the gate refused the candidate: " + failedChecks(gate(rejected)),
            gate(rejected),
            dir);
      }
      if (stopping) {
        return finish(
            job,
            RetrainingState.FAILED,
            "the trainer stopped during the job; ask again",
            null,
            dir);
      }
      String last = job.log().isEmpty() ? "" : job.log().get(job.log().size() - 1);
      return finish(
          job, RetrainingState.FAILED, "vigil-models exited with " + exit + ": " + last, null, dir);
    } catch (Exception e) {
      LOG.warn("retraining job {} failed: {}", requested.jobId(), e.toString());
      return finish(
          job,
          RetrainingState.FAILED,
          e.getMessage() == null ? e.toString() : e.getMessage(),
          null,
          dir);
    }
  }

  /** How the child process ended, and the job with its progress and output. */
  private record Child(int exit, RetrainingJob job) {}

  private Child runChild(List<String> command, RetrainingJob job)
      throws IOException, InterruptedException {
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    pb.directory(settings.repository().toFile());
    RetrainingJob latest = job;
    Process p = pb.start();
    child = p;
    long lastPublish = System.nanoTime();
    try (BufferedReader out =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = out.readLine()) != null) {
        // Progress bars redraw with carriage returns: the last drawing is the line.
        String text = line.contains("\r") ? line.substring(line.lastIndexOf('\r') + 1) : line;
        if (text.isBlank()) {
          continue;
        }
        RetrainingJob j = latest.logging(text.strip());
        Matcher step = STEP.matcher(text.strip());
        Matcher epoch = EPOCH.matcher(text);
        if (step.find()) {
          double k = Integer.parseInt(step.group(1));
          double n = Integer.parseInt(step.group(2));
          j = j.at(step.group(3), 0.05 + 0.85 * (k - 1) / n, clock.instant());
        } else if (epoch.find() && latest.step().startsWith("training the classifier")) {
          double e = Integer.parseInt(epoch.group(1));
          double n = Integer.parseInt(epoch.group(2));
          j = j.at(latest.step(), 0.05 + 0.85 * (1 + e / n) / 6, clock.instant());
        } else if (text.startsWith("gate:")) {
          j = j.at("gate: comparing the candidate with its parent", 0.92, clock.instant());
        }
        latest = j;
        if (System.nanoTime() - lastPublish > PUBLISH_EVERY_NS) {
          latest = publish(latest);
          lastPublish = System.nanoTime();
        }
      }
    }
    int exit = p.waitFor();
    child = null;
    return new Child(exit, publish(latest));
  }

  private List<String> command(
      RetrainingJob job, JsonNode report, Path parent, Path samples, Path dir) throws IOException {
    JsonNode data = report.path("data");
    JsonNode training = report.path("training");
    Path trainingScenario = scenario(data, "trainingScenario");
    Path testScenario = scenario(data, "testScenario");
    List<String> hidden = new ArrayList<>();
    training.path("hiddenUnits").forEach(h -> hidden.add(h.asText()));
    List<String> c = new ArrayList<>(settings.commandWords());
    c.addAll(
        List.of(
            "retrain",
            "--parent",
            parent.toAbsolutePath().toString(),
            "--reviewed-samples",
            samples.toAbsolutePath().toString(),
            "--out",
            dir.resolve(job.candidateVersion()).toAbsolutePath().toString(),
            "--name",
            job.model(),
            "--version",
            job.candidateVersion(),
            "--parent-version",
            job.parentVersion(),
            "--training-scenario",
            trainingScenario.toString(),
            "--test-scenario",
            testScenario.toString(),
            "--seed",
            training.path("seed").asText("7"),
            "--epochs",
            training.path("epochs").asText("20"),
            "--hidden",
            hidden.isEmpty() ? "128,64" : String.join(",", hidden),
            // trained as the parent was: a parent from before ensembles is a single classifier
            "--members",
            training.path("members").asText("1"),
            "--clusters",
            training.path("clusters").asText("24"),
            "--threads",
            Integer.toString(settings.threads()),
            "--signing-key",
            settings.signingKey().toAbsolutePath().toString(),
            "--bench-seconds",
            Integer.toString(settings.benchSeconds()),
            "--holdout",
            Double.toString(settings.holdout())));
    for (JsonNode r : data.path("recordings")) {
      c.add("--recording");
      c.add(r.asText());
    }
    return c;
  }

  /** A scenario the parent's report names, found under the repository. */
  private Path scenario(JsonNode data, String field) throws IOException {
    String name = data.path(field).asText("");
    if (name.isEmpty()) {
      throw new IOException("the parent's report names no " + field);
    }
    Path p = settings.repository().resolve(name);
    if (!Files.isRegularFile(p)) {
      throw new IOException(
          "the parent was built from "
              + name
              + ", which is not under vigil.retraining.repository ("
              + settings.repository().toAbsolutePath()
              + ")");
    }
    return p.toAbsolutePath();
  }

  /** The parent package with its reports, from the registry, unpacked into {@code dir}. */
  private Path parentPackage(RetrainingJob job, Path dir) throws Exception {
    RegisteredModel m = registry().get(RegisteredModel.key(job.model(), job.parentVersion()));
    if (m == null) {
      throw new IOException(job.model() + " " + job.parentVersion() + " is not in the registry");
    }
    Path pkg = dir.resolve(job.parentVersion());
    PackageArchive.unpack(m.archive(), pkg, maxPackageBytes);
    Files.createDirectories(pkg.resolve("report"));
    for (Map.Entry<String, String> d : m.documents().entrySet()) {
      Files.writeString(pkg.resolve("report").resolve(d.getKey()), d.getValue());
    }
    if (!Files.isRegularFile(pkg.resolve("report/report.json"))) {
      throw new IOException(
          job.model() + " " + job.parentVersion() + " was registered without its report.json");
    }
    if (!Files.isRegularFile(pkg.resolve("publisher.pub.pem"))) {
      io.vigil.inference.pkg.Ed25519Pem.write(publisherKey, pkg.resolve("publisher.pub.pem"));
    }
    return pkg;
  }

  /** The registry as the topic holds it now, by key. */
  private Map<String, RegisteredModel> registry() {
    Map<String, RegisteredModel> out = new LinkedHashMap<>();
    try (KafkaConsumer<String, byte[]> consumer = consumer()) {
      TopicSnapshot.read(
          consumer,
          SafetyTopology.MODELS,
          r -> {
            if (r.value() == null) {
              out.remove(r.key());
            } else {
              out.put(
                  r.key(),
                  SafetyTopology.REGISTERED_MODEL
                      .deserializer()
                      .deserialize(SafetyTopology.MODELS, r.value()));
            }
          });
    }
    return out;
  }

  private RegisteredModel register(Path out, RetrainingJob job) throws Exception {
    RegisteredModel m =
        ModelUpload.read(
            ModelUpload.archive(out),
            publisherKey,
            maxPackageBytes,
            "retraining job " + job.jobId() + " for " + job.requestedBy(),
            clock.instant());
    // A version names one package forever, even if someone registered it meanwhile.
    RegisteredModel before = registry().get(m.key());
    if (before != null && !before.samePackageAs(m)) {
      throw new IOException(
          m.name() + " " + m.version() + " was registered meanwhile with another package");
    }
    producer
        .send(
            new ProducerRecord<>(
                SafetyTopology.MODELS,
                m.key(),
                SafetyTopology.REGISTERED_MODEL.serializer().serialize(SafetyTopology.MODELS, m)))
        .get(30, TimeUnit.SECONDS);
    return m;
  }

  private static JsonNode gate(Path pkg) throws IOException {
    Path f = pkg.resolve("report/gate.json");
    return Files.isRegularFile(f) ? JSON.readTree(f.toFile()) : null;
  }

  private static String failedChecks(JsonNode gate) {
    if (gate == null) {
      return "no gate report";
    }
    List<String> failed = new ArrayList<>();
    for (JsonNode c : gate.path("checks")) {
      if (!c.path("passed").asBoolean()) {
        failed.add(c.path("name").asText());
      }
    }
    return failed.isEmpty() ? "see the gate report" : String.join(", ", failed);
  }

  private RetrainingJob finish(
      RetrainingJob job, RetrainingState end, String outcome, JsonNode gate, Path dir) {
    RetrainingJob done = publish(job.ended(end, outcome, gate, clock.instant()));
    LOG.info(
        "retraining job {} ({} {} from {}): {}: {}",
        job.jobId(),
        job.model(),
        job.candidateVersion(),
        job.parentVersion(),
        end,
        outcome);
    deleteRecursively(dir);
    return done;
  }

  private RetrainingJob publish(RetrainingJob job) {
    try {
      producer
          .send(
              new ProducerRecord<>(
                  TOPIC,
                  job.jobId(),
                  SafetyTopology.RETRAINING_JOB.serializer().serialize(TOPIC, job)))
          .get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      // The job goes on; its next report carries the state.
      LOG.warn("retraining job {}: cannot report its state: {}", job.jobId(), e.toString());
    }
    return job;
  }

  private KafkaConsumer<String, byte[]> consumer() {
    return new KafkaConsumer<>(
        Map.of(
            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
            bootstrapServers,
            ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
            false,
            ConsumerConfig.ISOLATION_LEVEL_CONFIG,
            "read_committed",
            ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG,
            KafkaTopicSetup.MAX_PACKAGE_RECORD_BYTES),
        new StringDeserializer(),
        (topic, bytes) -> bytes);
  }

  private static void deleteRecursively(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> s = Files.walk(dir)) {
      s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      LOG.warn("cannot delete {}: {}", dir, e.toString());
    }
  }

  @Override
  public void close() throws InterruptedException {
    stopping = true;
    Process p = child;
    if (p != null) {
      p.destroy();
    }
    KafkaConsumer<String, byte[]> c = jobsConsumer;
    if (c != null) {
      c.wakeup();
    }
    thread.join(10_000);
    producer.close(Duration.ofSeconds(5));
  }
}
