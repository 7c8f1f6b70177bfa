package io.vigil.cloud.processor;

import java.time.Instant;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Keeps each vehicle's {@link VehicleState} from its status, telemetry and events. Messages may
 * arrive out of order after an agent's offline buffer drains, so an older status or telemetry does
 * not replace a newer one.
 */
final class VehicleTracker implements Processor<String, LedgerInput, Void, Void> {

  private KeyValueStore<String, VehicleState> vehicles;

  @Override
  public void init(ProcessorContext<Void, Void> context) {
    vehicles = context.getStateStore(SafetyTopology.VEHICLE_STORE);
  }

  @Override
  public void process(Record<String, LedgerInput> record) {
    LedgerInput in = record.value();
    String key;
    Instant time;
    if (in.status() != null) {
      key = FleetScoped.id(in.status().fleetId(), in.status().vehicleId());
      time = in.status().deviceTime();
    } else if (in.telemetry() != null) {
      key = FleetScoped.id(in.telemetry().fleetId(), in.telemetry().vehicleId());
      time = in.telemetry().deviceTime();
    } else if (in.event() != null) {
      key = FleetScoped.id(in.event().fleetId(), in.event().vehicleId());
      time = in.event().deviceTime();
    } else {
      return;
    }
    VehicleState was = vehicles.get(key);
    if (was == null) {
      was = VehicleState.UNSEEN;
    }
    long t = time.toEpochMilli();
    VehicleState now = was;
    if (in.status() != null && t >= was.statusMs()) {
      now = new VehicleState(in.raw(), t, was.telemetry(), was.telemetryMs(), was.lastEventMs());
    } else if (in.telemetry() != null && t >= was.telemetryMs()) {
      now = new VehicleState(was.status(), was.statusMs(), in.raw(), t, was.lastEventMs());
    } else if (in.event() != null && t > was.lastEventMs()) {
      now = new VehicleState(was.status(), was.statusMs(), was.telemetry(), was.telemetryMs(), t);
    }
    if (now != was) {
      vehicles.put(key, now);
    }
  }
}
