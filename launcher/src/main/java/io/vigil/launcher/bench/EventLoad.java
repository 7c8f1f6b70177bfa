package io.vigil.launcher.bench;

import io.vigil.mqtt.ReconnectingMqttClient;
import io.vigil.protocol.json.ProtocolCodec;
import io.vigil.protocol.topic.DeviceAddress;
import io.vigil.protocol.topic.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Distinct, valid safety events (the 4 KB benchmark event) for a fleet of vehicles, published over
 * QoS 1 by a few connections, at full speed or paced. Event {@code k} belongs to vehicle {@code k
 * mod vehicles} and has an event id that encodes {@code k}, so a receiver can tell events apart and
 * an event's payload is made by patching the id into its vehicle's template.
 */
final class EventLoad {

  private static final long ID_MARK = 0x5649_4749_4C00_0000L; // "VIGIL" in the id's high bits
  private static final byte[] ID_FIELD = "\"eventId\":\"".getBytes(StandardCharsets.US_ASCII);

  private final List<byte[]> templates = new ArrayList<>();
  private final List<DeviceAddress> devices = new ArrayList<>();
  private final List<String> topics = new ArrayList<>();
  private final int idOffset;
  private final long idHigh;

  /**
   * @param run distinguishes the ids of this load from other loads' (0..255)
   */
  EventLoad(int run, String fleet, int vehicles, ProtocolCodec codec, Clock clock) {
    this.idHigh = ID_MARK | (run & 0xFF);
    byte[] template = BenchmarkPayloads.safetyEvent(codec, clock, new Random(1));
    String json = new String(template, StandardCharsets.UTF_8);
    for (int v = 0; v < vehicles; v++) {
      DeviceAddress device = new DeviceAddress(fleet, String.format("vehicle-%05d", v));
      templates.add(
          json.replace("\"fleetId\":\"bench\"", "\"fleetId\":\"" + fleet + "\"")
              .replace(
                  "\"vehicleId\":\"vehicle-1\"", "\"vehicleId\":\"" + device.vehicleId() + "\"")
              .getBytes(StandardCharsets.UTF_8));
      devices.add(device);
      topics.add(Topics.events(device));
    }
    idOffset = indexOf(templates.get(0), ID_FIELD) + ID_FIELD.length;
    for (byte[] t : templates) {
      if (indexOf(t, ID_FIELD) + ID_FIELD.length != idOffset) {
        throw new IllegalStateException("vehicle ids must have one length");
      }
    }
  }

  /** The number of the event in {@code payload}, or -1 if it is not one of these events. */
  static long sequenceOf(byte[] payload) {
    int at = indexOf(payload, ID_FIELD);
    if (at < 0) {
      return -1;
    }
    int from = at + ID_FIELD.length;
    UUID id = UUID.fromString(new String(payload, from, 36, StandardCharsets.US_ASCII));
    return (id.getMostSignificantBits() & ~0xFFL) == ID_MARK ? id.getLeastSignificantBits() : -1;
  }

  /** Event {@code k}'s vehicle. */
  DeviceAddress device(long k) {
    return devices.get((int) (k % devices.size()));
  }

  /** Event {@code k}'s MQTT topic. */
  String topic(long k) {
    return topics.get((int) (k % topics.size()));
  }

  /** Event {@code k}'s payload: its vehicle's template with the id of {@code k}. */
  byte[] payload(long k) {
    byte[] p = templates.get((int) (k % templates.size())).clone();
    byte[] id = new UUID(idHigh, k).toString().getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(id, 0, p, idOffset, id.length);
    return p;
  }

  int payloadBytes() {
    return templates.get(0).length;
  }

  /**
   * Publishes events {@code first} to {@code first + count - 1}, spread over the connections, each
   * on its own thread; with {@code perSecond > 0} event {@code k} is published no earlier than
   * {@code startNanos + (k - first) / perSecond}. Returns once the broker acknowledged them all.
   */
  void publish(
      List<ReconnectingMqttClient> connections,
      long first,
      int count,
      double perSecond,
      long startNanos)
      throws Exception {
    int n = connections.size();
    List<Thread> threads = new ArrayList<>();
    List<CompletableFuture<?>> acks = java.util.Collections.synchronizedList(new ArrayList<>());
    for (int c = 0; c < n; c++) {
      int connection = c;
      Thread t =
          new Thread(
              () -> {
                for (long i = connection; i < count; i += n) {
                  if (perSecond > 0) {
                    long due = startNanos + (long) (i * 1e9 / perSecond);
                    long wait;
                    while ((wait = due - System.nanoTime()) > 0) {
                      LockSupport.parkNanos(wait);
                    }
                  }
                  long k = first + i;
                  acks.add(connections.get(connection).publish(topic(k), payload(k), 1, false));
                }
              },
              "bench-publisher-" + c);
      t.start();
      threads.add(t);
    }
    for (Thread t : threads) {
      t.join();
    }
    CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)).get(10, TimeUnit.MINUTES);
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
