package io.vigil.cloud.processor;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.cloud.TestEvents;
import io.vigil.cloud.processor.TallyKey.Kind;
import io.vigil.cloud.rollout.CanaryBounds;
import io.vigil.cloud.score.Tally;
import io.vigil.protocol.DeviceStatus;
import io.vigil.protocol.Direction;
import io.vigil.protocol.EventType;
import io.vigil.protocol.Review;
import io.vigil.protocol.SafetyEvent;
import io.vigil.protocol.Telemetry;
import io.vigil.protocol.TrainingSample;
import io.vigil.protocol.json.ProtocolCodec;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SafetyTopologyTest {

  private static final Instant DAY1 = Instant.parse("2026-11-20T08:00:00Z");
  private static final String DAY1_TEXT = "2026-11-20";

  private final ProtocolCodec codec = new ProtocolCodec(Clock.systemUTC());
  private TopologyTestDriver driver;
  private TestInputTopic<String, byte[]> events;
  private TestInputTopic<String, byte[]> telemetry;
  private TestInputTopic<String, ReviewDecision> reviews;
  private TestOutputTopic<String, byte[]> samples;
  private TestInputTopic<String, byte[]> status;
  private KeyValueStore<String, Tally> tallies;
  private KeyValueStore<String, EventSummary> index;
  private KeyValueStore<String, VehicleState> vehicles;

  @BeforeEach
  void start() {
    driver =
        TestTopology.driver(
            "safety-test",
            new CanaryBounds(2000, 10, 2.0, 0.2, 0.2, CanaryBounds.OnBreach.ROLLBACK));
    events =
        driver.createInputTopic(
            SafetyTopology.EVENTS, Serdes.String().serializer(), Serdes.ByteArray().serializer());
    telemetry =
        driver.createInputTopic(
            SafetyTopology.TELEMETRY,
            Serdes.String().serializer(),
            Serdes.ByteArray().serializer());
    reviews =
        driver.createInputTopic(
            SafetyTopology.REVIEWS,
            Serdes.String().serializer(),
            SafetyTopology.REVIEW.serializer());
    samples =
        driver.createOutputTopic(
            SafetyTopology.TRAINING_SAMPLES,
            Serdes.String().deserializer(),
            Serdes.ByteArray().deserializer());
    status =
        driver.createInputTopic(
            SafetyTopology.STATUS, Serdes.String().serializer(), Serdes.ByteArray().serializer());
    tallies = driver.getKeyValueStore(SafetyTopology.TALLY_STORE);
    index = driver.getKeyValueStore(SafetyTopology.INDEX_STORE);
    vehicles = driver.getKeyValueStore(SafetyTopology.VEHICLE_STORE);
  }

  @AfterEach
  void stop() {
    driver.close();
  }

  @Test
  void aRedeliveredEventIsCountedOnceForVehicleDriverAndFleet() {
    SafetyEvent e = event("truck-1", "driver-a", EventType.HARSH_BRAKING, DAY1);
    publish(e);
    publish(e); // QoS 1 redelivery, same eventId
    publish(event("truck-2", "driver-a", EventType.HARSH_CORNERING, DAY1));

    assertThat(tally(Kind.VEHICLE, "acme/truck-1").counts())
        .containsExactly(Map.entry(EventType.HARSH_BRAKING, 1L));
    assertThat(tally(Kind.DRIVER, "acme/driver-a").counts())
        .containsOnly(
            Map.entry(EventType.HARSH_BRAKING, 1L), Map.entry(EventType.HARSH_CORNERING, 1L));
    assertThat(
            tally(Kind.FLEET, "acme").counts().values().stream().mapToLong(Long::longValue).sum())
        .isEqualTo(2);
    assertThat(samples.readRecordsToList()).hasSize(2);
  }

  @Test
  void aDismissalUncountsARelabelMovesAndAConfirmationKeepsTheCount() {
    SafetyEvent pothole = event("truck-1", "driver-a", EventType.COLLISION, DAY1);
    SafetyEvent swerve =
        event("truck-1", "driver-a", EventType.HARSH_CORNERING, DAY1.plusSeconds(60));
    SafetyEvent brake =
        event("truck-1", "driver-a", EventType.HARSH_BRAKING, DAY1.plusSeconds(120));
    publish(pothole);
    publish(swerve);
    publish(brake);
    samples.readRecordsToList();

    review(pothole, Review.dismissed("rev-1", DAY1.plusSeconds(3600), Optional.of("pothole")));
    review(pothole, Review.dismissed("rev-1", DAY1.plusSeconds(3700), Optional.empty())); // again
    review(
        swerve,
        Review.relabelled(
            EventType.AGGRESSIVE_LANE_CHANGE,
            Optional.of(Direction.LEFT),
            "rev-1",
            DAY1.plusSeconds(3600),
            Optional.empty()));
    review(brake, Review.confirmed("rev-2", DAY1.plusSeconds(3600), Optional.empty()));

    assertThat(tally(Kind.VEHICLE, "acme/truck-1").counts())
        .containsOnly(
            Map.entry(EventType.AGGRESSIVE_LANE_CHANGE, 1L),
            Map.entry(EventType.HARSH_BRAKING, 1L));
    assertThat(tally(Kind.FLEET, "acme").count(EventType.COLLISION)).isZero();

    // Reviews are labels: each goes out as a training sample with the event and its verdict.
    List<TrainingSample> labelled = samples.readValuesToList().stream().map(this::sample).toList();
    assertThat(labelled).hasSize(4).allMatch(s -> s.review().isPresent());
    assertThat(labelled.get(0).truth()).isEmpty(); // dismissed: normal driving
    assertThat(labelled.get(2).truth().orElseThrow().type())
        .isEqualTo(EventType.AGGRESSIVE_LANE_CHANGE);

    // A reviewer changes their mind: the dismissed collision counts again.
    review(pothole, Review.confirmed("rev-3", DAY1.plusSeconds(7200), Optional.empty()));
    assertThat(tally(Kind.DRIVER, "acme/driver-a").count(EventType.COLLISION)).isEqualTo(1);

    // Coaching follows a confirmation: the event keeps counting, once.
    for (Review.Verdict v :
        new Review.Verdict[] {Review.Verdict.NEEDS_COACHING, Review.Verdict.COACHED}) {
      review(
          pothole,
          new Review(
              v,
              Optional.empty(),
              Optional.empty(),
              "rev-3",
              DAY1.plusSeconds(7300),
              Optional.empty()));
      assertThat(tally(Kind.DRIVER, "acme/driver-a").count(EventType.COLLISION))
          .as("after %s", v)
          .isEqualTo(1);
    }
  }

  @Test
  void telemetryAddsEachTripsNewDistanceOnce() {
    telemetry(trip("truck-1", "driver-a", "trip-1", 1_000, Telemetry.TripState.DRIVING));
    telemetry(trip("truck-1", "driver-a", "trip-1", 1_000, Telemetry.TripState.DRIVING)); // again
    telemetry(trip("truck-1", "driver-a", "trip-1", 4_500, Telemetry.TripState.ENDED));
    telemetry(trip("truck-1", "driver-b", "trip-2", 2_000, Telemetry.TripState.DRIVING));

    assertThat(tally(Kind.VEHICLE, "acme/truck-1").distanceM()).isEqualTo(6_500);
    assertThat(tally(Kind.DRIVER, "acme/driver-a").distanceM()).isEqualTo(4_500);
    assertThat(tally(Kind.DRIVER, "acme/driver-b").distanceM()).isEqualTo(2_000);
    assertThat(tally(Kind.FLEET, "acme").distanceM()).isEqualTo(6_500);
  }

  @Test
  void aReviewOfAnUnknownEventChangesNothing() {
    SafetyEvent never = event("truck-9", "driver-z", EventType.COLLISION, DAY1);
    review(never, Review.dismissed("rev-1", DAY1, Optional.empty()));
    assertThat(tallies.get(TallyKey.of(Kind.VEHICLE, "acme/truck-9", DAY1_TEXT))).isNull();
    assertThat(samples.isEmpty()).isTrue();
  }

  @Test
  void eventsAreSearchableNewestFirstByVehicleDriverTypeAndTimeAPageAtATime() {
    SafetyEvent a = event("truck-1", "driver-a", EventType.HARSH_BRAKING, DAY1);
    SafetyEvent b = event("truck-2", "driver-a", EventType.COLLISION, DAY1.plusSeconds(10));
    SafetyEvent c = event("truck-1", "driver-b", EventType.HARSH_BRAKING, DAY1.plusSeconds(20));
    SafetyEvent d = event("truck-1", "driver-b", EventType.HARSH_CORNERING, DAY1.plusSeconds(30));
    for (SafetyEvent e : List.of(a, b, c, d)) {
      publish(e);
    }
    publish(TestEvents.event("other", "truck-1", "driver-a", EventType.COLLISION, DAY1));

    assertThat(ids(search(null, null, Set.of(), null), 10)).containsExactly(d, c, b, a);
    assertThat(ids(search("truck-1", null, Set.of(), null), 10)).containsExactly(d, c, a);
    assertThat(ids(search(null, "driver-a", Set.of(), null), 10)).containsExactly(b, a);
    assertThat(ids(search(null, null, Set.of("harsh_braking"), null), 10)).containsExactly(c, a);
    assertThat(ids(search("truck-1", "driver-b", Set.of("harsh_braking"), null), 10))
        .containsExactly(c);
    EventQuery window =
        new EventQuery(
            "acme",
            null,
            null,
            Set.of(),
            DAY1.plusSeconds(10).toEpochMilli(),
            DAY1.plusSeconds(20).toEpochMilli(),
            null);
    assertThat(ids(window, 10)).containsExactly(c, b);

    // Pages: two at a time, each continuing after the last event of the one before.
    List<SafetyEvent> first = ids(search(null, null, Set.of(), null), 2);
    assertThat(first).containsExactly(d, c);
    EventQuery.Position after =
        new EventQuery.Position(c.deviceTime().toEpochMilli(), c.eventId().toString());
    assertThat(ids(search(null, null, Set.of(), after), 2)).containsExactly(b, a);
  }

  @Test
  void aReviewShowsInTheIndexAndOldEventsAndTalliesAreForgotten() {
    // Long ago, so that 401 days later is still in the past (the codec refuses future events).
    Instant day = Instant.parse("2025-01-01T08:00:00Z");
    SafetyEvent pothole = event("truck-1", "driver-a", EventType.COLLISION, day);
    publish(pothole);
    review(pothole, Review.dismissed("rev-1", day.plusSeconds(60), Optional.empty()));
    EventSummary listed =
        EventIndex.search(index, search("truck-1", null, Set.of(), null), 1).get(0);
    assertThat(listed.type()).isEqualTo("collision");
    assertThat(listed.countedAs()).isNull();
    assertThat(listed.review()).isEqualTo("dismissed");

    // 36 days on, the event is past its 35-day retention; 401 days on, the day's tally too.
    publish(event("truck-1", "driver-a", EventType.HARSH_BRAKING, day.plus(Duration.ofDays(36))));
    assertThat(EventIndex.search(index, search("truck-1", null, Set.of("collision"), null), 9))
        .isEmpty();
    assertThat(tallies.get(TallyKey.of(Kind.VEHICLE, "acme/truck-1", "2025-01-01"))).isNotNull();
    publish(event("truck-1", "driver-a", EventType.HARSH_BRAKING, day.plus(Duration.ofDays(401))));
    assertThat(tallies.get(TallyKey.of(Kind.VEHICLE, "acme/truck-1", "2025-01-01"))).isNull();
    assertThat(tallies.get(TallyKey.of(Kind.FLEET, "acme", "2026-02-06"))).isNotNull();
  }

  @Test
  void aVehiclesStateIsItsNewestStatusAndTelemetryWhateverTheOrderOfArrival() {
    status(TestEvents.status("acme", "truck-1", DeviceStatus.State.ONLINE, DAY1));
    telemetry(trip("truck-1", "driver-a", "trip-1", 1_000, Telemetry.TripState.DRIVING));
    publish(event("truck-1", "driver-a", EventType.HARSH_BRAKING, DAY1.plusSeconds(5)));
    status(
        TestEvents.status("acme", "truck-1", DeviceStatus.State.OFFLINE, DAY1.plusSeconds(9000)));
    // an agent's buffered, older status arrives late: it does not bring the vehicle back online
    status(TestEvents.status("acme", "truck-1", DeviceStatus.State.ONLINE, DAY1.plusSeconds(60)));

    VehicleState v = vehicles.get("acme/truck-1");
    assertThat(v.status()).contains("\"offline\"");
    assertThat(v.statusMs()).isEqualTo(DAY1.plusSeconds(9000).toEpochMilli());
    assertThat(v.telemetry()).contains("driver-a");
    assertThat(v.lastEventMs()).isEqualTo(DAY1.plusSeconds(5).toEpochMilli());
    assertThat(v.lastSeenMs()).isEqualTo(DAY1.plusSeconds(9000).toEpochMilli());
    assertThat(vehicles.get("acme/truck-2")).isNull();
  }

  @Test
  void everyDayOfAnEntityIsInOnePartition() {
    TallyPartitioner<Object> p = new TallyPartitioner<>();
    for (String id : List.of("acme/truck-1", "acme/driver-b", "acme")) {
      assertThat(
              Set.of("2026-01-01", "2026-06-30", "2026-11-20").stream()
                  .map(day -> p.partitions("t", TallyKey.of(Kind.VEHICLE, id, day), null, 6))
                  .distinct())
          .hasSize(1);
    }
  }

  private static EventQuery search(
      String vehicle, String driverId, Set<String> types, EventQuery.Position after) {
    return new EventQuery("acme", vehicle, driverId, types, 0, Long.MAX_VALUE / 1000, after);
  }

  private List<SafetyEvent> ids(EventQuery q, int limit) {
    return EventIndex.search(index, q, limit).stream()
        .map(s -> published.get(s.eventId()))
        .toList();
  }

  private Tally tally(Kind kind, String id) {
    Tally t = tallies.get(TallyKey.of(kind, id, DAY1_TEXT));
    assertThat(t).as("tally of %s %s", kind, id).isNotNull();
    return t;
  }

  private final Map<String, SafetyEvent> published = new java.util.HashMap<>();

  private void publish(SafetyEvent e) {
    published.put(e.eventId().toString(), e);
    events.pipeInput(e.fleetId() + "." + e.vehicleId(), codec.encode(e), e.deviceTime());
  }

  private void status(DeviceStatus s) {
    status.pipeInput(s.fleetId() + "." + s.vehicleId(), codec.encode(s), s.deviceTime());
  }

  private void telemetry(Telemetry t) {
    telemetry.pipeInput(t.fleetId() + "." + t.vehicleId(), codec.encode(t), t.deviceTime());
  }

  private void review(SafetyEvent e, Review r) {
    reviews.pipeInput(
        e.fleetId() + "." + e.vehicleId(),
        ReviewDecision.of(e.eventId().toString(), r),
        r.reviewedAt());
  }

  private TrainingSample sample(byte[] bytes) {
    try {
      return codec.decode(bytes, TrainingSample.class);
    } catch (Exception e) {
      throw new AssertionError(new String(bytes, StandardCharsets.UTF_8), e);
    }
  }

  private static SafetyEvent event(String vehicle, String driver, EventType type, Instant at) {
    return TestEvents.event("acme", vehicle, driver, type, at);
  }

  private static Telemetry trip(
      String vehicle, String driver, String tripId, double metres, Telemetry.TripState state) {
    return TestEvents.trip(
        "acme", vehicle, driver, tripId, metres, state, DAY1.plusSeconds((long) metres));
  }
}
