package io.vigil.agent.runtime;

import io.vigil.agent.calibrate.CalibrationStore;
import io.vigil.agent.detect.DetectionModel;
import io.vigil.agent.detect.SampleRequest;
import io.vigil.agent.detect.VehicleDetector;
import io.vigil.agent.detect.VehicleIdentity;
import io.vigil.agent.input.SampleListener;
import io.vigil.agent.outbox.Outbox;
import io.vigil.protocol.DeviceStatus;
import io.vigil.protocol.EventType;
import io.vigil.protocol.SafetyEvent;
import io.vigil.protocol.Telemetry;
import io.vigil.protocol.WindowSample;
import io.vigil.protocol.json.ProtocolCodec;
import io.vigil.protocol.topic.DeviceAddress;
import io.vigil.protocol.topic.Topics;
import io.vigil.simulator.scenario.FleetPlan;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * One vehicle inside the agent: its detector, trip and counters, and the messages it sends — each
 * event, the unflagged stretches the cloud asked for and, every telemetry interval of sample time,
 * a telemetry report, all through the outbox; and its retained status. Fed from one thread at a
 * time.
 */
public final class VehicleAgent implements SampleListener {

  private final VehicleDetector detector;
  private final DeviceAddress address;
  private final TripTracker trip;
  private final Instant timeBase;
  private final long telemetryEveryNs;
  private final LongSupplier sequence;
  private final Map<EventType, Long> eventCounts = new EnumMap<>(EventType.class);
  private long nextTelemetryNs;
  private long lastNs;
  private long windowsAtLastReport;
  private long skippedAtLastReport;
  // Set by the MQTT thread, taken by the feeding thread at the next flush.
  private final AtomicReference<SampleRequest> sampleRequest = new AtomicReference<>();

  VehicleAgent(
      VehicleDetector detector, Instant timeBase, Duration telemetryEvery, LongSupplier sequence) {
    this.detector = detector;
    this.address =
        new DeviceAddress(detector.identity().fleetId(), detector.identity().vehicleId());
    this.timeBase = timeBase;
    this.trip =
        new TripTracker(
            detector.identity().vehicleId() + "-" + timeBase.getEpochSecond(), timeBase);
    this.telemetryEveryNs = telemetryEvery.toNanos();
    this.nextTelemetryNs = telemetryEveryNs;
    this.sequence = sequence;
  }

  /**
   * The agents of a scenario's vehicles, their calibrations resumed from {@code store}. Sequence
   * numbers start from the wall clock (µs at start) so that they keep increasing across restarts.
   */
  static List<VehicleAgent> forPlan(
      List<FleetPlan.Vehicle> plan,
      Function<String, DetectionModel> modelOfFleet,
      CalibrationStore store,
      Clock clock,
      Duration telemetryEvery) {
    Instant start = clock.instant();
    List<VehicleAgent> agents = new ArrayList<>();
    for (FleetPlan.Vehicle v : plan) {
      agents.add(
          of(
              new VehicleIdentity(v.fleetId(), v.vehicleId(), v.driverId()),
              modelOfFleet.apply(v.fleetId()),
              store,
              clock,
              start,
              telemetryEvery));
    }
    return agents;
  }

  /** One vehicle's agent whose sample time 0 is {@code timeBase}. */
  static VehicleAgent of(
      VehicleIdentity id,
      DetectionModel model,
      CalibrationStore store,
      Clock clock,
      Instant timeBase,
      Duration telemetryEvery) {
    long sequenceBase = clock.instant().toEpochMilli() * 1000;
    AtomicLong events = new AtomicLong(sequenceBase);
    AtomicLong reports = new AtomicLong(sequenceBase);
    VehicleDetector detector =
        new VehicleDetector(
            id, model, store.load(id.fleetId(), id.vehicleId()), timeBase, events::getAndIncrement);
    return new VehicleAgent(detector, timeBase, telemetryEvery, reports::getAndIncrement);
  }

  VehicleDetector detector() {
    return detector;
  }

  /** Asks for unflagged stretches; safe from any thread, started at the next flush. */
  void requestSamples(SampleRequest r) {
    sampleRequest.set(r);
  }

  DeviceAddress address() {
    return address;
  }

  @Override
  public void imu(long tNs, double ax, double ay, double az, double gx, double gy, double gz) {
    detector.imu(tNs, ax, ay, az, gx, gy, gz);
    lastNs = tNs;
  }

  @Override
  public void gps(long tNs, double speedMps, double latitude, double longitude) {
    detector.gps(tNs, speedMps, latitude, longitude);
    trip.gps(tNs, speedMps);
  }

  /**
   * After scoring: writes the detected events and, when due, telemetry into the outbox.
   *
   * @return events written
   */
  int flush(Outbox outbox, ProtocolCodec codec, AgentMetrics metrics) throws IOException {
    List<SafetyEvent> events = detector.drainEvents();
    for (SafetyEvent e : events) {
      outbox.append(Outbox.Kind.EVENT, Topics.events(address), codec.encode(e));
      eventCounts.merge(e.type(), 1L, Long::sum);
      metrics.event(e.type());
    }
    // Unflagged stretches travel in the telemetry log: under a full outbox they go before events.
    for (WindowSample w : detector.drainWindowSamples()) {
      outbox.append(Outbox.Kind.TELEMETRY, Topics.windows(address), codec.encode(w));
      metrics.windowSample();
    }
    SampleRequest r = sampleRequest.getAndSet(null);
    if (r != null) {
      detector.requestSamples(r);
    }
    if (lastNs >= nextTelemetryNs) {
      nextTelemetryNs += telemetryEveryNs;
      outbox.append(
          Outbox.Kind.TELEMETRY,
          Topics.telemetry(address),
          codec.encode(telemetry(outbox, metrics::inference)));
    }
    return events.size();
  }

  /** Ends the trip: open events are closed and a last telemetry report is written. */
  int finish(Outbox outbox, ProtocolCodec codec, AgentMetrics metrics) throws IOException {
    detector.finish();
    trip.end();
    nextTelemetryNs = Long.MIN_VALUE;
    return flush(outbox, codec, metrics);
  }

  private Telemetry telemetry(Outbox outbox, Supplier<Telemetry.Inference> inference) {
    Outbox.Stats s = outbox.stats();
    Telemetry.Inference global = inference.get();
    Telemetry.Inference mine =
        new Telemetry.Inference(
            detector.windowsScored() - windowsAtLastReport,
            detector.windowsSkipped() - skippedAtLastReport,
            global.latencyP50Us(),
            global.latencyP99Us());
    windowsAtLastReport = detector.windowsScored();
    skippedAtLastReport = detector.windowsSkipped();
    return new Telemetry(
        address.fleetId(),
        address.vehicleId(),
        detector.identity().driverId(),
        timeBase.plusNanos(lastNs),
        sequence.getAsLong(),
        trip.snapshot(),
        eventCounts,
        Optional.of(mine),
        Optional.of(detector.calibration().status()),
        Optional.of(
            new Telemetry.Outbox(
                s.pendingEvents() + s.pendingTelemetry(),
                s.droppedEvents() + s.droppedTelemetry())),
        detector.drainInputStats(),
        detector.shadowStats());
  }

  /** The vehicle's retained status now. */
  DeviceStatus status(
      DeviceStatus.State state,
      Instant now,
      String modelVersion,
      Optional<DeviceStatus.ModelUpdate> update) {
    return status(
        address,
        state,
        state == DeviceStatus.State.OFFLINE ? Optional.of("agent stopped") : Optional.empty(),
        now,
        modelVersion,
        update,
        Optional.of(detector.calibration().status()));
  }

  /** A device's status as this agent reports it (the one place that builds one). */
  static DeviceStatus status(
      DeviceAddress address,
      DeviceStatus.State state,
      Optional<String> reason,
      Instant now,
      String modelVersion,
      Optional<DeviceStatus.ModelUpdate> update,
      Optional<io.vigil.protocol.Calibration> calibration) {
    return new DeviceStatus(
        address.fleetId(),
        address.vehicleId(),
        now,
        state,
        reason,
        AgentRuntime.AGENT_VERSION,
        Optional.of(modelVersion),
        update,
        calibration);
  }
}
