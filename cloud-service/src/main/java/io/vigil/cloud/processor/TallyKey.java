package io.vigil.cloud.processor;

import java.time.LocalDate;

/**
 * Keys of the daily tally store: {@code kind|id|yyyy-mm-dd}, so that one entity's days are one
 * ordered key range. Tallies are partitioned by entity ({@link TallyPartitioner}), so that range
 * lives on one instance.
 */
public final class TallyKey {

  /** Whose tally. */
  public enum Kind implements io.vigil.protocol.WireEnum {
    VEHICLE,
    DRIVER,
    FLEET
  }

  private TallyKey() {}

  public static String of(Kind kind, String id, LocalDate day) {
    return prefix(kind, id) + day;
  }

  public static String of(Kind kind, String id, String day) {
    return prefix(kind, id) + day;
  }

  /** The common start of the keys of every vehicle (or driver) of a fleet. */
  public static String fleetPrefix(Kind kind, String fleetId) {
    return kind.wireName() + "|" + FleetScoped.prefix(fleetId);
  }

  /** The common start of one entity's keys. */
  public static String prefix(Kind kind, String id) {
    return kind.wireName() + "|" + id + "|";
  }

  /** The entity part of a key ({@code kind|id|}), without its day. */
  static String entity(String key) {
    return key.substring(0, key.lastIndexOf('|') + 1);
  }
}
