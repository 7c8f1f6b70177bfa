package io.vigil.cloud.rollout;

import io.vigil.cloud.registry.RegisteredModel;
import io.vigil.protocol.Command;
import io.vigil.protocol.json.ProtocolCodec;
import io.vigil.protocol.topic.DeviceAddress;
import io.vigil.protocol.topic.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

/**
 * Turns a rollout step's {@link Downlink}s into MQTT messages: an announcement is preceded by its
 * package's bytes on the content-addressed package topic (once per step), a withdrawal is an empty
 * retained message, a rollback a command whose id is derived from the rollout and the vehicle, so a
 * step replayed after a crash sends the same command and the agent runs it once.
 */
public final class DownlinkMessages {

  private DownlinkMessages() {}

  /**
   * @param fleetId the fleet
   * @param rolloutId the rollout taking the step
   * @param downlinks what to send
   * @param registry the registered model of a version (the rollout's model)
   * @param codec encodes protocol messages
   * @param at when the step was taken
   */
  public static List<DownlinkMessage> render(
      String fleetId,
      String rolloutId,
      List<Downlink> downlinks,
      Function<String, Optional<RegisteredModel>> registry,
      ProtocolCodec codec,
      Instant at) {
    List<DownlinkMessage> out = new ArrayList<>();
    Set<String> packagesSent = new HashSet<>();
    for (Downlink d : downlinks) {
      if (d instanceof Downlink.Announce a) {
        RegisteredModel m =
            registry
                .apply(a.version())
                .orElseThrow(
                    () ->
                        new IllegalStateException(
                            "version " + a.version() + " left the registry during a rollout"));
        if (packagesSent.add(m.sha256())) {
          out.add(new DownlinkMessage(Topics.modelPackage(fleetId, m.sha256()), m.archive(), true));
        }
        out.add(
            new DownlinkMessage(
                announcementTopic(fleetId, a.vehicleId()),
                codec.encode(m.announcement(a.mode())),
                true));
      } else if (d instanceof Downlink.Withdraw w) {
        out.add(new DownlinkMessage(announcementTopic(fleetId, w.vehicleId()), new byte[0], true));
      } else if (d instanceof Downlink.Rollback r) {
        UUID id =
            UUID.nameUUIDFromBytes(
                (rolloutId + "/" + r.vehicleId() + "/rollback").getBytes(StandardCharsets.UTF_8));
        Command c =
            new Command(
                id, at, Command.Type.ROLLBACK_MODEL, Map.of("reason", truncate(r.reason())));
        out.add(
            new DownlinkMessage(
                Topics.command(new DeviceAddress(fleetId, r.vehicleId())), codec.encode(c), false));
      }
    }
    return out;
  }

  private static String announcementTopic(String fleetId, Optional<String> vehicleId) {
    return vehicleId
        .map(v -> Topics.vehicleModel(new DeviceAddress(fleetId, v)))
        .orElse(Topics.fleetModel(fleetId));
  }

  private static String truncate(String s) {
    return s.length() <= 200 ? s : s.substring(0, 200);
  }
}
