package io.vigil.agent.cli;

import io.vigil.agent.calibrate.CalibrationStore;
import io.vigil.agent.detect.DetectionModel;
import io.vigil.agent.outbox.Outbox;
import io.vigil.agent.outbox.OutboxSettings;
import io.vigil.agent.runtime.AgentMetrics;
import io.vigil.agent.runtime.FleetRuntime;
import io.vigil.inference.pkg.Ed25519Pem;
import io.vigil.inference.pkg.ModelPackage;
import io.vigil.simulator.scenario.FleetPlan;
import io.vigil.simulator.scenario.Pacer;
import io.vigil.simulator.scenario.ScenarioFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code vigil-agent bench-fleet}: how many vehicles at 50 Hz one JVM keeps in real time. Runs the
 * fleet-mode pipeline (simulator, calibration, windows, batched inference, decoder, outbox; no
 * broker) in real time for each fleet size and reports the share of overrun ticks.
 */
@Command(
    name = "bench-fleet",
    mixinStandardHelpOptions = true,
    description = {
      "Fleet-mode capacity: run N simulated vehicles in real time through the whole pipeline",
      "(no broker; events go to a temporary outbox) for each N and report whether the JVM kept",
      "up (fewer than 1 % of 100 ms ticks overran)."
    })
final class BenchFleetCommand implements Callable<Integer> {

  @Option(
      names = "--scenario",
      description = "Scenario to take vehicles from (default: ${DEFAULT-VALUE}).")
  Path scenario = Path.of("seeds", "stress.yaml");

  @Option(
      names = "--vehicles",
      split = ",",
      description = "Fleet sizes to try (default: ${DEFAULT-VALUE}).")
  List<Integer> sizes = List.of(1000, 2000, 3000, 4000);

  @Option(names = "--seconds", description = "Seconds per size (default: ${DEFAULT-VALUE}).")
  int seconds = 60;

  @Option(names = "--package", description = "Model package (default: ${DEFAULT-VALUE}).")
  Path packageDir = ReplayCommand.DEFAULT_PACKAGE;

  @Option(names = "--max-batch", description = "Windows per ONNX Runtime call.")
  int maxBatch = 256;

  @Override
  public Integer call() throws Exception {
    List<FleetPlan.Vehicle> all = FleetPlan.of(ScenarioFile.read(scenario));
    ModelPackage pkg =
        ModelPackage.load(
            packageDir, Ed25519Pem.readPublic(packageDir.resolve("publisher.pub.pem")));
    int threads = Runtime.getRuntime().availableProcessors();
    System.out.printf(
        "%8s %9s %12s %12s %10s %9s %8s%n",
        "vehicles", "seconds", "samples/s", "windows/s", "overruns", "heap MiB", "real time");
    try (DetectionModel model = DetectionModel.load(pkg)) {
      for (int n : sizes) {
        if (n > all.size()) {
          System.out.printf("%8d: the scenario has only %d vehicles%n", n, all.size());
          continue;
        }
        Path tmp = Files.createTempDirectory("vigil-bench-fleet");
        List<FleetPlan.Vehicle> plan = all.subList(0, n);
        try (Outbox outbox =
                Outbox.open(OutboxSettings.defaults(tmp.resolve("outbox")), Clock.systemUTC());
            AgentMetrics metrics = new AgentMetrics()) {
          FleetRuntime fleet =
              new FleetRuntime(
                  outbox, metrics, maxBatch, threads, Clock.systemUTC(), () -> {}, () -> {});
          System.gc();
          FleetRuntime.Report r =
              fleet.run(
                  plan,
                  FleetRuntime.agentsFor(
                      plan,
                      model,
                      new CalibrationStore(tmp.resolve("cal")),
                      Clock.systemUTC(),
                      Duration.ofSeconds(60)),
                  true,
                  Duration.ofSeconds(seconds),
                  Pacer.SYSTEM);
          Runtime rt = Runtime.getRuntime();
          System.out.printf(
              "%8d %9.1f %,12.0f %,12.0f %9.2f%% %9d %8s%n",
              n,
              r.seconds(),
              r.samples() / r.seconds(),
              r.windows() / r.seconds(),
              100.0 * r.overruns() / Math.max(1, r.ticks()),
              (rt.totalMemory() - rt.freeMemory()) >> 20,
              r.keptRealTime() ? "yes" : "NO");
        }
      }
    }
    return 0;
  }
}
