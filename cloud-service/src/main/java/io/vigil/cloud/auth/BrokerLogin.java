package io.vigil.cloud.auth;

import io.vigil.protocol.auth.CredentialStore;
import io.vigil.protocol.auth.Identity;
import io.vigil.protocol.auth.TopicPolicy;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The decision an external MQTT broker cluster (EMQX) asks the cloud service for when a client
 * connects: the same rules as Vigil's embedded broker. A device logs in with the credentials an
 * admin issued (the device credential file) and only under its own client id; the ingest service
 * with the service identity this instance itself uses ({@code vigil.mqtt.username} and password).
 * An accepted client gets {@link TopicPolicy}'s permissions as the broker's ACL rules, so the
 * broker needs no other authorisation source and denies whatever they do not list.
 */
public final class BrokerLogin {

  /** What the broker sends: the CONNECT packet's client id, user name and password. */
  public record Request(String clientid, String username, String password) {}

  /**
   * The answer, in EMQX's HTTP authentication format ({@code result}, {@code is_superuser}, {@code
   * acl}); {@code reason} is for the log only.
   */
  public record Decision(boolean allowed, List<Map<String, String>> acl, String reason) {

    /** The response body the broker reads. */
    public Map<String, Object> body() {
      return allowed
          ? Map.of("result", "allow", "is_superuser", false, "acl", acl)
          : Map.of("result", "deny");
    }
  }

  private BrokerLogin() {}

  /**
   * Decides a login.
   *
   * @param devices the device credential file's current contents
   * @param serviceUser the service identity's user name
   * @param servicePassword its password, or null where this instance has none (then no service logs
   *     in through the hook)
   */
  public static Decision decide(
      Request request, CredentialStore devices, String serviceUser, String servicePassword) {
    if (request == null
        || request.username() == null
        || request.password() == null
        || request.clientid() == null) {
      return deny("client id, user name and password are required");
    }
    Optional<Identity> identity = devices.authenticate(request.username(), request.password());
    if (identity.isEmpty()
        && servicePassword != null
        && !servicePassword.isEmpty()
        && request.username().equals(serviceUser)
        && MessageDigest.isEqual(
            request.password().getBytes(StandardCharsets.UTF_8),
            servicePassword.getBytes(StandardCharsets.UTF_8))) {
      identity = Optional.of(new Identity.Service(serviceUser));
    }
    if (identity.isEmpty()) {
      return deny("bad user name or password for '" + request.username() + "'");
    }
    if (identity.get() instanceof Identity.Device device
        && !device.address().clientId().equals(request.clientid())) {
      return deny("a device must connect with client id " + device.address().clientId());
    }
    List<Map<String, String>> acl =
        TopicPolicy.permissionsFor(identity.get()).stream()
            .map(
                p ->
                    Map.of(
                        "permission",
                        "allow",
                        "action",
                        p.activity() == TopicPolicy.Activity.PUBLISH ? "publish" : "subscribe",
                        "topic",
                        p.topicFilter()))
            .toList();
    return new Decision(true, acl, identity.get().username());
  }

  private static Decision deny(String reason) {
    return new Decision(false, List.of(), reason);
  }
}
