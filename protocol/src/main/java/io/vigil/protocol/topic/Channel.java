package io.vigil.protocol.topic;

import java.util.Locale;
import java.util.Optional;

/**
 * The kinds of topic in the Vigil tree. Uplink channels are published by a device under its own
 * {@code vigil/v1/{fleet}/{vehicle}/} prefix; downlink channels are published by the cloud.
 */
public enum Channel {
  /** Safety events, QoS 1. Uplink. */
  EVENTS(Direction.UPLINK, true),
  /** Trip distance, summaries and drift statistics. Uplink. */
  TELEMETRY(Direction.UPLINK, true),
  /** Retained birth message and MQTT will. Uplink. */
  STATUS(Direction.UPLINK, true),
  /**
   * Raw IMU/GPS samples of a vehicle's sensor, for an agent that runs elsewhere (the simulator's
   * device mode, external sensor boxes). Uplink; the vehicle's own agent may subscribe to it.
   */
  SAMPLES(Direction.UPLINK, true),
  /** Unflagged stretches of driving, uploaded when the cloud asks for them. Uplink, QoS 1. */
  WINDOWS(Direction.UPLINK, true),
  /** Commands to one device. Downlink. */
  CMD(Direction.DOWNLINK, true),
  /**
   * Retained model manifest: {@code vigil/v1/{fleet}/model} for the fleet, or {@code
   * vigil/v1/{fleet}/{vehicle}/model} as a per-vehicle override (canaries). Downlink.
   */
  MODEL(Direction.DOWNLINK, false);

  /** Who publishes on a channel. */
  public enum Direction {
    UPLINK,
    DOWNLINK
  }

  private final Direction direction;
  private final boolean vehicleScopedOnly;

  Channel(Direction direction, boolean vehicleScopedOnly) {
    this.direction = direction;
    this.vehicleScopedOnly = vehicleScopedOnly;
  }

  public Direction direction() {
    return direction;
  }

  /** Whether the channel only exists under a vehicle (MODEL also exists fleet-wide). */
  public boolean vehicleScopedOnly() {
    return vehicleScopedOnly;
  }

  /** The topic level, e.g. {@code events}. */
  public String level() {
    return name().toLowerCase(Locale.ROOT);
  }

  static Optional<Channel> fromLevel(String level) {
    for (Channel channel : values()) {
      if (channel.level().equals(level)) {
        return Optional.of(channel);
      }
    }
    return Optional.empty();
  }
}
