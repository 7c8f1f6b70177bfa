package io.vigil.protocol.auth;

import io.vigil.protocol.topic.Channel;
import io.vigil.protocol.topic.DeviceAddress;
import io.vigil.protocol.topic.Topics;
import java.util.ArrayList;
import java.util.List;

/**
 * What each identity may do on the broker, as a pure function. A device may publish only its own
 * uplink topics (events, telemetry, status) and subscribe only to its own downlink topics (its
 * commands, its model override, its fleet's model and its fleet's model packages) — never with a
 * shared subscription. The package filter is the only wildcard a device gets, and it matches only
 * four-level topics, which no vehicle topic is. A service may publish and subscribe anywhere under
 * {@code vigil/v1/}, shared subscriptions included. A device may also subscribe to its own raw
 * samples, which a separate sensor (or the simulator's device mode, as a service) publishes for it.
 * Everything else is denied.
 */
public final class TopicPolicy {

  /** What a permission allows. */
  public enum Activity {
    PUBLISH,
    SUBSCRIBE
  }

  /**
   * One allowed topic filter.
   *
   * @param topicFilter MQTT topic filter (may contain wildcards)
   * @param activity publish or subscribe
   * @param sharedAllowed whether a shared subscription ({@code $share/...}) to it is allowed
   */
  public record Permission(String topicFilter, Activity activity, boolean sharedAllowed) {}

  private TopicPolicy() {}

  /** The permissions of {@code identity}; anything not listed is denied. */
  public static List<Permission> permissionsFor(Identity identity) {
    List<Permission> permissions = new ArrayList<>();
    if (identity instanceof Identity.Device device) {
      DeviceAddress a = device.address();
      for (Channel channel : Channel.values()) {
        if (channel.direction() == Channel.Direction.UPLINK) {
          permissions.add(new Permission(Topics.of(a, channel), Activity.PUBLISH, false));
        }
      }
      permissions.add(new Permission(Topics.command(a), Activity.SUBSCRIBE, false));
      permissions.add(new Permission(Topics.samples(a), Activity.SUBSCRIBE, false));
      permissions.add(new Permission(Topics.vehicleModel(a), Activity.SUBSCRIBE, false));
      permissions.add(new Permission(Topics.fleetModel(a.fleetId()), Activity.SUBSCRIBE, false));
      permissions.add(new Permission(Topics.modelPackages(a.fleetId()), Activity.SUBSCRIBE, false));
    } else if (identity instanceof Identity.Service) {
      permissions.add(new Permission(Topics.ROOT + "/#", Activity.PUBLISH, false));
      permissions.add(new Permission(Topics.ROOT + "/#", Activity.SUBSCRIBE, true));
    }
    return List.copyOf(permissions);
  }
}
