package io.vigil.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.brokers.FreePort;
import io.vigil.mqtt.MqttClientSettings;
import io.vigil.mqtt.ReconnectingMqttClient;
import io.vigil.protocol.topic.Topics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's run command: both brokers up, the printed credentials work, data survives. */
class DevStackIT {

  @Test
  void startsWorksWithItsCredentialsStopsAndKeepsEverythingAcrossARestart(@TempDir Path dir)
      throws Exception {
    DevStack.Settings settings =
        new DevStack.Settings(
            dir,
            "127.0.0.1",
            FreePort.orPick(0),
            FreePort.orPick(0),
            FreePort.orPick(0),
            true,
            true);

    Properties first;
    try (DevStack stack = DevStack.start(settings)) {
      first = (Properties) stack.credentials().clone();
      publishAsDemoDevice(stack);
      try (KafkaProducer<String, String> producer =
          new KafkaProducer<>(
              Map.of("bootstrap.servers", stack.bootstrapServers().orElseThrow()),
              new StringSerializer(),
              new StringSerializer())) {
        producer.send(new ProducerRecord<>("dev-stack-it", "k", "kept")).get(30, TimeUnit.SECONDS);
      }
    }

    try (DevStack again = DevStack.start(settings)) {
      assertThat(again.credentials()).isEqualTo(first);
      publishAsDemoDevice(again);
      assertThat(readAll(again.bootstrapServers().orElseThrow())).containsExactly("kept");
    }
  }

  private static void publishAsDemoDevice(DevStack stack) throws Exception {
    Properties c = stack.credentials();
    try (ReconnectingMqttClient device =
        ReconnectingMqttClient.connect(
            MqttClientSettings.of(stack.mqttUri().orElseThrow(), c.getProperty("device.user"))
                .withCredentials(c.getProperty("device.user"), c.getProperty("device.password")))) {
      device
          .publish(
              Topics.events(DevStack.DEMO_DEVICE), "{}".getBytes(StandardCharsets.UTF_8), 1, false)
          .get(10, TimeUnit.SECONDS);
    }
  }

  private static List<String> readAll(String bootstrap) {
    List<String> values = new ArrayList<>();
    try (KafkaConsumer<String, String> consumer =
        new KafkaConsumer<>(
            Map.of(
                "bootstrap.servers",
                bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG,
                "dev-stack-it",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest"),
            new StringDeserializer(),
            new StringDeserializer())) {
      consumer.subscribe(List.of("dev-stack-it"));
      Instant deadline = Instant.now().plusSeconds(30);
      while (values.isEmpty() && Instant.now().isBefore(deadline)) {
        for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
          values.add(r.value());
        }
      }
    }
    return values;
  }
}
