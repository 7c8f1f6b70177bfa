package io.vigil.cloud.processor;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.vigil.protocol.Direction;
import io.vigil.protocol.EventType;
import io.vigil.protocol.SafetyEvent;
import io.vigil.protocol.Severity;
import io.vigil.protocol.WireEnum;
import java.io.IOException;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import java.util.UUID;

/**
 * What the processor needs of a safety event: everything but its sensor snippet, peak and position.
 * Read from the JSON on {@code vigil.events}, which ingest has already decoded strictly with the
 * protocol codec, by a streaming pass that skips the snippet's hundreds of numbers: parsing them
 * again was the processor's largest cost. The full event stays available as the raw JSON.
 *
 * @param eventId the event's id
 * @param fleetId its fleet
 * @param vehicleId its vehicle
 * @param driverId its driver
 * @param deviceTime when it happened
 * @param type the type the agent reported
 * @param direction left or right, or null
 * @param severity its severity
 * @param confidence the model's confidence
 * @param speedKmh speed at the event, or null
 * @param modelVersion the model that detected it
 */
record EventHeader(
    UUID eventId,
    String fleetId,
    String vehicleId,
    String driverId,
    Instant deviceTime,
    EventType type,
    Direction direction,
    Severity severity,
    double confidence,
    Double speedKmh,
    String modelVersion) {

  private static final JsonFactory JSON = new JsonFactory();

  EventHeader {
    Objects.requireNonNull(eventId, "eventId");
    Objects.requireNonNull(fleetId, "fleetId");
    Objects.requireNonNull(vehicleId, "vehicleId");
    Objects.requireNonNull(driverId, "driverId");
    Objects.requireNonNull(deviceTime, "deviceTime");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(severity, "severity");
    Objects.requireNonNull(modelVersion, "modelVersion");
  }

  static EventHeader of(SafetyEvent e) {
    return new EventHeader(
        e.eventId(),
        e.fleetId(),
        e.vehicleId(),
        e.driverId(),
        e.deviceTime(),
        e.type(),
        e.direction().orElse(null),
        e.severity(),
        e.confidence(),
        e.speedKmh().orElse(null),
        e.modelVersion());
  }

  /**
   * The header of a safety event's JSON as ingest let it through.
   *
   * @throws IllegalArgumentException if it is not one (a producer other than ingest wrote it)
   */
  static EventHeader parse(byte[] json) {
    UUID id = null;
    String fleet = null;
    String vehicle = null;
    String driver = null;
    Instant time = null;
    EventType type = null;
    Direction direction = null;
    Severity severity = null;
    double confidence = 0;
    Double speed = null;
    String model = null;
    try (JsonParser p = JSON.createParser(json)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new IllegalArgumentException("not a JSON object");
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        JsonToken value = p.nextToken();
        switch (field) {
          case "eventId" -> id = UUID.fromString(p.getText());
          case "fleetId" -> fleet = p.getText();
          case "vehicleId" -> vehicle = p.getText();
          case "driverId" -> driver = p.getText();
          case "deviceTimeMs" -> time = Instant.ofEpochMilli(p.getLongValue());
          case "type" -> type = wire(EventType.class, p.getText());
          case "direction" -> direction = wire(Direction.class, p.getText());
          case "severity" -> severity = wire(Severity.class, p.getText());
          case "confidence" -> confidence = p.getDoubleValue();
          case "speedKmh" -> speed = value == JsonToken.VALUE_NULL ? null : p.getDoubleValue();
          case "modelVersion" -> model = p.getText();
          default -> p.skipChildren(); // the snippet, peak, position, and future fields
        }
      }
      return new EventHeader(
          id, fleet, vehicle, driver, time, type, direction, severity, confidence, speed, model);
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException("not a safety event: " + e.getMessage(), e);
    }
  }

  private static <E extends Enum<E> & WireEnum> E wire(Class<E> type, String name) {
    return Enum.valueOf(type, name.toUpperCase(Locale.ROOT));
  }
}
