package io.vigil.launcher;

import io.vigil.launcher.devicemode.MqttSampleSink;
import io.vigil.mqtt.MqttClientSettings;
import io.vigil.mqtt.ReconnectingMqttClient;
import io.vigil.protocol.json.ProtocolCodec;
import io.vigil.protocol.topic.DeviceAddress;
import io.vigil.simulator.scenario.FleetPlan;
import io.vigil.simulator.scenario.FleetRecorder;
import io.vigil.simulator.scenario.Pacer;
import io.vigil.simulator.scenario.RealtimeFleet;
import io.vigil.simulator.scenario.Scenario;
import io.vigil.simulator.scenario.ScenarioFile;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Runs a scenario. By default as fast as possible, writing one recording per vehicle. With {@code
 * --realtime}, in real time in device mode: every vehicle's raw samples are published over MQTT for
 * agents that run elsewhere. Progress (vehicles, samples/s, events so far) every second.
 */
@Command(
    name = "simulate",
    mixinStandardHelpOptions = true,
    description = {
      "Simulate a scenario from seeds/: write recordings (samples.csv + labels.csv per vehicle),",
      "or with --realtime publish raw samples over MQTT in real time (device mode).",
      "Same scenario and seed give byte-identical recordings."
    })
final class SimulateCommand implements Callable<Integer> {

  @Option(
      names = "--scenario",
      required = true,
      description = "Scenario YAML file, e.g. seeds/demo-fleet.yaml.")
  Path scenarioFile;

  @Option(
      names = "--out",
      descriptionKey = "simulate.out",
      description =
          "Output directory; recordings go to OUT/SCENARIO/FLEET/VEHICLE (default: ${DEFAULT-VALUE}).")
  Path out = Path.of("target", "recordings");

  @Option(
      names = "--threads",
      descriptionKey = "simulate.threads",
      description = "Vehicles simulated in parallel (default: the number of cores).")
  int threads = Runtime.getRuntime().availableProcessors();

  @Option(
      names = "--realtime",
      descriptionKey = "simulate.realtime",
      description = "Run in real time and publish raw samples over MQTT (device mode).")
  boolean realtime;

  @Option(
      names = "--mqtt",
      descriptionKey = "simulate.mqtt",
      description = "Device mode: MQTT server URI, e.g. tcp://127.0.0.1:1883.")
  String mqtt;

  @Option(
      names = "--mqtt-user",
      descriptionKey = "simulate.mqtt-user",
      description = "Device mode: MQTT user, a service identity (default: ${DEFAULT-VALUE}).")
  String mqttUser = "vigil-service";

  @Option(
      names = "--mqtt-password",
      descriptionKey = "simulate.mqtt-password",
      description = "Device mode: MQTT password (default: env VIGIL_MQTT_PASSWORD).")
  String mqttPassword = System.getenv("VIGIL_MQTT_PASSWORD");

  @Option(
      names = "--seconds",
      descriptionKey = "simulate.seconds",
      description = "Device mode: how long to run, seconds (default: the scenario's trip length).")
  Double seconds;

  @Option(
      names = "--batch",
      descriptionKey = "simulate.batch",
      description = "Device mode: IMU samples per MQTT message (default: ${DEFAULT-VALUE}).")
  int batch = 10;

  @Option(
      names = "--qos",
      descriptionKey = "simulate.qos",
      description = "Device mode: MQTT QoS of sample messages, 0 or 1 (default: ${DEFAULT-VALUE}).")
  int qos = 1;

  @Override
  public Integer call() throws Exception {
    Scenario scenario = ScenarioFile.read(scenarioFile);
    return realtime ? deviceMode(scenario) : record(scenario);
  }

  private int record(Scenario scenario) throws Exception {
    if (mqtt != null) {
      throw new IllegalArgumentException("--mqtt is for device mode: add --realtime");
    }
    Path target = out.resolve(scenario.name());
    FleetRecorder recorder = new FleetRecorder(scenario, target, threads);
    FleetRecorder.Progress p = recorder.progress();
    System.out.printf(
        "Simulating '%s': %d vehicles × %.0f min → %s%n",
        scenario.name(), p.vehicles(), scenario.tripMinutes(), target.toAbsolutePath());
    long start = System.nanoTime();
    ScheduledExecutorService ticker = ticker();
    ticker.scheduleAtFixedRate(
        () ->
            print(
                p.vehiclesDone() + "/" + p.vehicles() + " vehicles",
                p.samples(),
                p.safetyEvents(),
                start),
        1,
        1,
        TimeUnit.SECONDS);
    try {
      recorder.run();
    } finally {
      ticker.shutdownNow();
    }
    print(
        p.vehiclesDone() + "/" + p.vehicles() + " vehicles", p.samples(), p.safetyEvents(), start);
    System.out.println("Labels: " + p.labels());
    return 0;
  }

  private int deviceMode(Scenario scenario) throws Exception {
    if (mqtt == null) {
      throw new IllegalArgumentException("--realtime publishes samples over MQTT: give --mqtt URI");
    }
    if (mqttPassword == null) {
      throw new IllegalArgumentException(
          "device mode needs the MQTT password: --mqtt-password or env VIGIL_MQTT_PASSWORD");
    }
    if (batch < 1 || batch > 2000) {
      throw new IllegalArgumentException("--batch must be 1..2000");
    }
    if (qos != 0 && qos != 1) {
      throw new IllegalArgumentException("--qos must be 0 or 1");
    }
    double runSeconds = seconds != null ? seconds : scenario.tripMinutes() * 60;
    List<FleetPlan.Vehicle> plan = FleetPlan.of(scenario);
    ProtocolCodec codec = new ProtocolCodec(Clock.systemUTC());
    AtomicLong published = new AtomicLong();
    AtomicLong failed = new AtomicLong();
    List<MqttSampleSink> sinks = new ArrayList<>();
    try (ReconnectingMqttClient client =
        ReconnectingMqttClient.connect(
            MqttClientSettings.of(mqtt, "vigil-sim-" + scenario.name())
                .withCredentials(mqttUser, mqttPassword)
                .withCleanStart(true))) {
      RealtimeFleet fleet =
          new RealtimeFleet(
              plan,
              v -> {
                MqttSampleSink sink =
                    new MqttSampleSink(
                        client,
                        codec,
                        new DeviceAddress(v.fleetId(), v.vehicleId()),
                        v.trip().imu().rateHz(),
                        batch,
                        qos,
                        published,
                        failed);
                synchronized (sinks) {
                  sinks.add(sink);
                }
                return sink;
              },
              threads,
              20,
              Pacer.SYSTEM);
      System.out.printf(
          "Device mode: '%s', %d vehicles in real time for %.0f s → %s (samples topic per vehicle)%n",
          scenario.name(), plan.size(), runSeconds, mqtt);
      long start = System.nanoTime();
      ScheduledExecutorService ticker = ticker();
      ticker.scheduleAtFixedRate(
          () -> print(plan.size() + " vehicles", published.get(), -1, start),
          1,
          1,
          TimeUnit.SECONDS);
      RealtimeFleet.Report report;
      try {
        report = fleet.run(runSeconds);
      } finally {
        ticker.shutdownNow();
      }
      sinks.forEach(MqttSampleSink::flush);
      client.awaitDrained(Duration.ofSeconds(30));
      System.out.printf(
          "Done: %,d samples published, %,d failed; %d of %d ticks over 20 ms (%s)%n",
          published.get(),
          failed.get(),
          report.overruns(),
          report.ticks(),
          report.keptRealTime() ? "kept real time" : "fell behind real time");
      return failed.get() == 0 ? 0 : 1;
    }
  }

  private static ScheduledExecutorService ticker() {
    return Executors.newSingleThreadScheduledExecutor(
        r -> {
          Thread t = new Thread(r, "simulate-progress");
          t.setDaemon(true);
          return t;
        });
  }

  private static void print(String vehicles, long samples, int events, long start) {
    double s = (System.nanoTime() - start) / 1e9;
    System.out.printf(
        "  %s, %,d samples (%,.0f samples/s)%s%n",
        vehicles, samples, samples / s, events >= 0 ? ", " + events + " safety events" : "");
  }
}
