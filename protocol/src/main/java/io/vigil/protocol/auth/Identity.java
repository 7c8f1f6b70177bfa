package io.vigil.protocol.auth;

import io.vigil.protocol.topic.DeviceAddress;
import io.vigil.protocol.topic.SafeId;
import java.util.Objects;

/**
 * Who is on the other end of an MQTT connection: one vehicle's device, or a Vigil service (ingest,
 * rollout). Device user names are {@code fleet.vehicle}; service names are {@link SafeId}s and so
 * never contain a dot, which keeps the two apart.
 */
public sealed interface Identity {

  /** The MQTT user name of this identity. */
  String username();

  /** A vehicle's device. */
  record Device(DeviceAddress address) implements Identity {
    public Device {
      Objects.requireNonNull(address, "address");
    }

    @Override
    public String username() {
      return address.clientId();
    }
  }

  /** A Vigil service; may use shared subscriptions and publish downlink topics. */
  record Service(String name) implements Identity {
    public Service {
      SafeId.require(name, "service name");
    }

    @Override
    public String username() {
      return name;
    }
  }
}
