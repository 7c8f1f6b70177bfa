package io.vigil.cloud.processor;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.vigil.cloud.drift.DriftLevel;
import io.vigil.cloud.drift.FleetDrift;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Micrometer gauges of the fleets' input drift this instance tracks: {@code vigil.drift.psi} per
 * fleet, model version and channel, and {@code vigil.drift.level} per fleet and model version (-1
 * not judged: no reference or too few inputs; 0 none, 1 moderate, 2 significant, which alerts). A
 * fleet's gauges live where its task runs and go when the task moves away.
 */
public final class DriftGauges {

  private final MeterRegistry registry;
  private final Map<Tags, AtomicReference<Double>> values = new ConcurrentHashMap<>();

  public DriftGauges(MeterRegistry registry) {
    this.registry = registry;
  }

  void update(FleetDrift d) {
    Tags fleet = Tags.of("fleet", d.fleetId(), "model_version", d.modelVersion());
    set("vigil.drift.level", fleet, level(d.assessment().level()));
    d.assessment().psi().forEach((ch, p) -> set("vigil.drift.psi", fleet.and("channel", ch), p));
  }

  /** Removes the gauges of these fleets' drift (their task moved to another instance). */
  void forget(Set<FleetDrift> tracked) {
    for (FleetDrift d : tracked) {
      Tags fleet = Tags.of("fleet", d.fleetId(), "model_version", d.modelVersion());
      remove("vigil.drift.level", fleet);
      d.assessment()
          .psi()
          .keySet()
          .forEach(ch -> remove("vigil.drift.psi", fleet.and("channel", ch)));
    }
  }

  private static double level(DriftLevel l) {
    switch (l) {
      case NONE:
        return 0;
      case MODERATE:
        return 1;
      case SIGNIFICANT:
        return 2;
      default:
        return -1;
    }
  }

  private void set(String name, Tags tags, double v) {
    values
        .computeIfAbsent(
            tags.and("name", name),
            k -> {
              AtomicReference<Double> ref = new AtomicReference<>(v);
              Gauge.builder(name, ref, AtomicReference::get)
                  .tags(tags)
                  .description(
                      name.endsWith("psi")
                          ? "population stability index of a fleet's recent inputs against its"
                              + " model's training inputs, per channel"
                          : "a fleet's input drift: -1 not judged, 0 none, 1 moderate, 2"
                              + " significant (retraining suggested)")
                  .register(registry);
              return ref;
            })
        .set(v);
  }

  private void remove(String name, Tags tags) {
    if (values.remove(tags.and("name", name)) != null) {
      registry.find(name).tags(tags).meters().forEach(registry::remove);
    }
  }
}
