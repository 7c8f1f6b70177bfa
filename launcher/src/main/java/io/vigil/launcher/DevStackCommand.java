package io.vigil.launcher;

import io.vigil.brokers.kafka.KafkaBrokerSettings;
import io.vigil.brokers.mqtt.MqttBrokerSettings;
import java.nio.file.Path;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Starts the development stack: the in-JVM Kafka (KRaft) and MQTT (HiveMQ CE) brokers with Vigil
 * authentication, on fixed ports, data kept between runs. Prints how to connect and waits for
 * Ctrl-C, then stops both cleanly.
 */
@Command(
    name = "dev-stack",
    mixinStandardHelpOptions = true,
    description = {
      "Start the embedded Kafka and MQTT brokers for development; Ctrl-C stops them.",
      "Data (topics, sessions, credentials) is kept in --data-dir between runs."
    })
final class DevStackCommand implements Callable<Integer> {

  @Option(
      names = "--data-dir",
      descriptionKey = "dev-stack.data-dir",
      description = "Where broker data lives (default: ${DEFAULT-VALUE}).")
  Path dataDir = Path.of(".vigil", "dev-stack");

  @Option(
      names = "--bind",
      descriptionKey = "dev-stack.bind",
      description = "Address both brokers listen on (default: ${DEFAULT-VALUE}).")
  String bind = "127.0.0.1";

  @Option(
      names = "--kafka-port",
      descriptionKey = "dev-stack.kafka-port",
      description = "Kafka client port (default: ${DEFAULT-VALUE}).")
  int kafkaPort = KafkaBrokerSettings.DEFAULT_PORT;

  @Option(
      names = "--kafka-controller-port",
      descriptionKey = "dev-stack.kafka-controller-port",
      description = "Kafka KRaft controller port (default: ${DEFAULT-VALUE}).")
  int kafkaControllerPort = KafkaBrokerSettings.DEFAULT_CONTROLLER_PORT;

  @Option(
      names = "--mqtt-port",
      descriptionKey = "dev-stack.mqtt-port",
      description = "MQTT port (default: ${DEFAULT-VALUE}).")
  int mqttPort = MqttBrokerSettings.DEFAULT_PORT;

  @Option(
      names = "--only",
      descriptionKey = "dev-stack.only",
      description = "Start just one broker: kafka or mqtt (default: both).")
  String only;

  @Override
  public Integer call() throws Exception {
    boolean kafka = only == null || only.equals("kafka");
    boolean mqtt = only == null || only.equals("mqtt");
    if (!kafka && !mqtt) {
      throw new IllegalArgumentException("--only must be 'kafka' or 'mqtt', not '" + only + "'");
    }
    System.out.println("Vigil dev stack: starting (data in " + dataDir.toAbsolutePath() + ")");
    DevStack stack =
        DevStack.start(
            new DevStack.Settings(
                dataDir, bind, kafkaPort, kafkaControllerPort, mqttPort, kafka, mqtt));
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  System.out.println("Vigil dev stack: stopping");
                  stack.close();
                  System.out.println("Vigil dev stack: stopped cleanly");
                  stopped.countDown();
                },
                "dev-stack-shutdown"));
    printBanner(stack);
    stopped.await();
    return 0;
  }

  private void printBanner(DevStack stack) {
    Properties credentials = stack.credentials();
    StringBuilder b = new StringBuilder();
    b.append("\nVigil dev stack is running.\n");
    stack
        .bootstrapServers()
        .ifPresent(k -> b.append("  Kafka (KRaft)  bootstrap.servers=").append(k).append('\n'));
    if (stack.mqttUri().isPresent()) {
      b.append("  MQTT v5        ").append(stack.mqttUri().get()).append('\n');
      b.append("    service user ")
          .append(credentials.getProperty("service.user"))
          .append(" / ")
          .append(credentials.getProperty("service.password"))
          .append('\n');
      b.append("    demo device  ")
          .append(credentials.getProperty("device.user"))
          .append(" / ")
          .append(credentials.getProperty("device.password"))
          .append("  (client id must equal the user name)\n");
      b.append("    credentials  ")
          .append(dataDir.resolve("dev-credentials.properties"))
          .append('\n');
      b.append("    add devices  ./vigil device add --fleet FLEET --vehicle VEHICLE\n");
    }
    b.append(
        "  Only the brokers run; `./vigil demo` also runs the cloud service and a simulated\n"
            + "  fleet. Press Ctrl-C to stop.\n");
    System.out.println(b);
  }
}
