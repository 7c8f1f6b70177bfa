package io.vigil.protocol.topic;

import java.util.Optional;

/**
 * The one place where Vigil topic names are built and parsed. Every topic is versioned and scoped:
 * {@code vigil/v1/{fleet}/{vehicle}/{channel}} for a vehicle, {@code vigil/v1/{fleet}/model} for
 * the fleet-wide model manifest. Ids are {@link SafeId}s, so no id can inject a wildcard or an
 * extra level.
 */
public final class Topics {

  /** First levels of every Vigil topic. */
  public static final String ROOT = "vigil/v1";

  private Topics() {}

  /** The topic of {@code channel} for one device. */
  public static String of(DeviceAddress device, Channel channel) {
    return ROOT + "/" + device.fleetId() + "/" + device.vehicleId() + "/" + channel.level();
  }

  /** {@code vigil/v1/{fleet}/{vehicle}/events}. */
  public static String events(DeviceAddress device) {
    return of(device, Channel.EVENTS);
  }

  /** {@code vigil/v1/{fleet}/{vehicle}/telemetry}. */
  public static String telemetry(DeviceAddress device) {
    return of(device, Channel.TELEMETRY);
  }

  /** {@code vigil/v1/{fleet}/{vehicle}/windows}. */
  public static String windows(DeviceAddress device) {
    return of(device, Channel.WINDOWS);
  }

  /** {@code vigil/v1/{fleet}/{vehicle}/status}. */
  public static String status(DeviceAddress device) {
    return of(device, Channel.STATUS);
  }

  /** {@code vigil/v1/{fleet}/{vehicle}/samples}. */
  public static String samples(DeviceAddress device) {
    return of(device, Channel.SAMPLES);
  }

  /** {@code vigil/v1/{fleet}/{vehicle}/cmd}. */
  public static String command(DeviceAddress device) {
    return of(device, Channel.CMD);
  }

  /** {@code vigil/v1/{fleet}/{vehicle}/model}: a per-vehicle manifest override (canary). */
  public static String vehicleModel(DeviceAddress device) {
    return of(device, Channel.MODEL);
  }

  /** {@code vigil/v1/{fleet}/model}: the fleet's retained model manifest. */
  public static String fleetModel(String fleetId) {
    return ROOT + "/" + SafeId.require(fleetId, "fleetId") + "/" + Channel.MODEL.level();
  }

  /**
   * {@code vigil/v1/{fleet}/model/package/{sha256}}: the retained bytes of the model package whose
   * SHA-256 a manifest announces. Content-addressed, so a fleet manifest and any number of vehicle
   * overrides share one copy, and an agent subscribes to exactly the package it wants. Four levels
   * below the root, so no vehicle topic ({@code fleet/vehicle/channel}) can ever match it.
   */
  public static String modelPackage(String fleetId, String sha256) {
    if (sha256 == null || !sha256.matches("[0-9a-f]{64}")) {
      throw new IllegalArgumentException("sha256 must be 64 lower-case hex digits: " + sha256);
    }
    return modelPackages(fleetId).replace("+", sha256);
  }

  /** Filter matching every package topic of a fleet (what a device may subscribe to). */
  public static String modelPackages(String fleetId) {
    return fleetModel(fleetId) + "/package/+";
  }

  /** Filter matching {@code channel} of every vehicle of one fleet. */
  public static String fleetVehicles(String fleetId, Channel channel) {
    return ROOT + "/" + SafeId.require(fleetId, "fleetId") + "/+/" + channel.level();
  }

  /** Filter matching {@code channel} of every vehicle of every fleet. */
  public static String allVehicles(Channel channel) {
    return ROOT + "/+/+/" + channel.level();
  }

  /**
   * A shared-subscription filter ({@code $share/{group}/vigil/v1/+/+/{channel}}) so that several
   * service instances split the uplink of all vehicles between them.
   */
  public static String shared(String group, Channel channel) {
    return "$share/" + SafeId.require(group, "group") + "/" + allVehicles(channel);
  }

  /** Parses a topic name; empty if it is not a Vigil topic of this version. */
  public static Optional<ParsedTopic> parse(String topic) {
    if (topic == null || !topic.startsWith(ROOT + "/")) {
      return Optional.empty();
    }
    String[] levels = topic.substring(ROOT.length() + 1).split("/", -1);
    if (levels.length == 2 && SafeId.isValid(levels[0])) {
      return Channel.fromLevel(levels[1])
          .filter(channel -> !channel.vehicleScopedOnly())
          .map(channel -> new ParsedTopic(levels[0], Optional.empty(), channel));
    }
    if (levels.length == 3 && SafeId.isValid(levels[0]) && SafeId.isValid(levels[1])) {
      return Channel.fromLevel(levels[2])
          .map(channel -> new ParsedTopic(levels[0], Optional.of(levels[1]), channel));
    }
    return Optional.empty();
  }
}
