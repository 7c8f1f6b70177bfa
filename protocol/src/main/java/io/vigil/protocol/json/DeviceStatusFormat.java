package io.vigil.protocol.json;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigil.protocol.Calibration;
import io.vigil.protocol.DeviceStatus;
import io.vigil.protocol.DeviceStatus.ModelUpdate;
import io.vigil.protocol.DeviceStatus.UpdateState;
import java.util.Optional;

/** Wire form of {@link DeviceStatus}; see {@code device-status.schema.json}. */
final class DeviceStatusFormat implements WireFormat<DeviceStatus> {

  @Override
  public void write(DeviceStatus s, ObjectNode out) {
    out.put("fleetId", s.fleetId());
    out.put("vehicleId", s.vehicleId());
    out.put("deviceTimeMs", s.deviceTime().toEpochMilli());
    out.put("state", s.state().wireName());
    s.reason().ifPresent(r -> out.put("reason", r));
    out.put("agentVersion", s.agentVersion());
    s.modelVersion().ifPresent(v -> out.put("modelVersion", v));
    s.modelUpdate()
        .ifPresent(
            u -> {
              ObjectNode update = out.putObject("modelUpdate");
              update.put("state", u.state().wireName());
              u.version().ifPresent(v -> update.put("version", v));
              u.detail().ifPresent(d -> update.put("detail", d));
            });
    s.calibration()
        .ifPresent(c -> CalibrationFormat.INSTANCE.write(c, out.putObject("calibration")));
  }

  @Override
  public DeviceStatus read(FieldReader in) throws InvalidMessageException {
    String fleetId = in.id("fleetId");
    String vehicleId = in.id("vehicleId");
    var deviceTime = in.timestamp("deviceTimeMs");
    var state = in.enumValue("state", DeviceStatus.State.class);
    var reason =
        in.optionalText(
            "reason", WireLimits.MAX_REASON_LENGTH, WireLimits.PRINTABLE, "printable text");
    String agentVersion =
        in.text(
            "agentVersion",
            WireLimits.MAX_AGENT_VERSION_LENGTH,
            WireLimits.SEMVER,
            "a semantic version");
    var modelVersion =
        in.optionalText(
            "modelVersion", WireLimits.MAX_SEMVER_LENGTH, WireLimits.SEMVER, "a semantic version");
    Optional<ModelUpdate> update = Optional.empty();
    Optional<FieldReader> u = in.optionalObject("modelUpdate");
    if (u.isPresent()) {
      update =
          Optional.of(
              new ModelUpdate(
                  u.get().enumValue("state", UpdateState.class),
                  u.get()
                      .optionalText(
                          "version",
                          WireLimits.MAX_SEMVER_LENGTH,
                          WireLimits.SEMVER,
                          "a semantic version"),
                  u.get()
                      .optionalText(
                          "detail",
                          WireLimits.MAX_DETAIL_LENGTH,
                          WireLimits.PRINTABLE,
                          "printable text")));
    }
    Optional<FieldReader> cal = in.optionalObject("calibration");
    Optional<Calibration> calibration =
        cal.isPresent()
            ? Optional.of(CalibrationFormat.INSTANCE.read(cal.get()))
            : Optional.empty();
    return new DeviceStatus(
        fleetId,
        vehicleId,
        deviceTime,
        state,
        reason,
        agentVersion,
        modelVersion,
        update,
        calibration);
  }
}
