package io.vigil.agent.cli;

import io.vigil.agent.config.AgentConfig;
import io.vigil.agent.runtime.AgentRuntime;
import io.vigil.agent.runtime.FleetRuntime;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code vigil-agent run}: the agent itself. */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = {
      "Run the agent: detect events on the configured input and deliver them over MQTT through",
      "the disk outbox. Configuration: deploy/edge/agent.properties lists every key; values come",
      "from the defaults, --config FILE, VIGIL_AGENT_* environment variables and --set, in that",
      "order. Stops at the end of the input, after agent.run-for, or on SIGTERM/Ctrl-C."
    })
final class RunCommand implements Callable<Integer> {

  @Option(names = "--config", description = "Properties file (see deploy/edge/agent.properties).")
  Path config;

  @Option(
      names = "--set",
      paramLabel = "KEY=VALUE",
      description = "Override one key, e.g. --set mqtt.server=tcp://broker:1883 (repeatable).")
  Map<String, String> overrides = new LinkedHashMap<>();

  @Override
  public Integer call() throws Exception {
    AgentConfig c = AgentConfig.load(Optional.ofNullable(config), System.getenv(), overrides);
    AgentRuntime runtime = new AgentRuntime(c, Clock.systemUTC(), System.out);
    java.util.concurrent.CountDownLatch done = new java.util.concurrent.CountDownLatch(1);
    Thread hook =
        new Thread(
            () -> {
              // SIGTERM: stop detecting, flush the outbox, publish the offline status, then exit.
              runtime.stop();
              try {
                done.await(30, java.util.concurrent.TimeUnit.SECONDS);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            "vigil-agent-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    FleetRuntime.Report report;
    try {
      report = runtime.run();
    } finally {
      done.countDown();
    }
    // Ticks exist in fleet mode only; device mode follows its sensor's pace.
    if (report.ticks() > 0 && !report.keptRealTime() && c.get(AgentConfig.REALTIME)) {
      System.out.printf(
          "warning: %d of %d ticks overran; this machine did not keep %d vehicles in real time%n",
          report.overruns(), report.ticks(), report.vehicles());
    }
    return 0;
  }
}
