package io.vigil.brokers.mqtt;

import com.hivemq.extension.sdk.api.auth.SimpleAuthenticator;
import com.hivemq.extension.sdk.api.auth.parameter.SimpleAuthInput;
import com.hivemq.extension.sdk.api.auth.parameter.SimpleAuthOutput;
import com.hivemq.extension.sdk.api.auth.parameter.TopicPermission;
import com.hivemq.extension.sdk.api.client.parameter.ClientTlsInformation;
import com.hivemq.extension.sdk.api.packets.auth.DefaultAuthorizationBehaviour;
import com.hivemq.extension.sdk.api.packets.auth.ModifiableDefaultPermissions;
import com.hivemq.extension.sdk.api.packets.connect.ConnackReasonCode;
import com.hivemq.extension.sdk.api.packets.connect.ConnectPacket;
import com.hivemq.extension.sdk.api.services.builder.Builders;
import io.vigil.protocol.auth.CredentialStore;
import io.vigil.protocol.auth.Identity;
import io.vigil.protocol.auth.TopicPolicy;
import io.vigil.protocol.topic.DeviceAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Authenticates every MQTT CONNECT against the {@link CredentialStore} (user name and password, or
 * for a device a verified client certificate naming it) and attaches the {@link TopicPolicy} of the
 * identity as its only permissions (default: deny). A device must also use its own client id, so
 * that it cannot take over another device's persistent session.
 */
final class CredentialAuthenticator implements SimpleAuthenticator {

  private static final Logger LOG = LoggerFactory.getLogger(CredentialAuthenticator.class);

  private final CredentialStore store;

  /** Client id → user name of every session this broker let in, for revocation. */
  private final Map<String, String> admitted = new ConcurrentHashMap<>();

  CredentialAuthenticator(CredentialStore store) {
    this.store = store;
  }

  /**
   * The client ids of admitted sessions whose credentials have been revoked since, forgotten as
   * they are returned (the caller disconnects them). A client that disconnected by itself in the
   * meantime is returned too; disconnecting it again is harmless.
   */
  List<String> revokedClients() {
    // One look at the file per check, however many sessions there are.
    Set<String> provisioned = store.usernames();
    List<String> revoked = new ArrayList<>();
    admitted.forEach(
        (clientId, username) -> {
          if (!provisioned.contains(username) && admitted.remove(clientId, username)) {
            revoked.add(clientId);
          }
        });
    return revoked;
  }

  @Override
  public void onConnect(SimpleAuthInput input, SimpleAuthOutput output) {
    ConnectPacket connect = input.getConnectPacket();
    String clientId = connect.getClientId();
    Optional<String> username = connect.getUserName();
    Optional<String> password = connect.getPassword().map(CredentialAuthenticator::utf8);
    Optional<Identity> identity =
        username.isPresent() && password.isPresent()
            ? store.authenticate(username.get(), password.get())
            : password.isEmpty() ? byCertificate(input, clientId) : Optional.empty();
    if (identity.isEmpty()) {
      LOG.info("refused MQTT login of client '{}' as '{}'", clientId, username.orElse(""));
      output.failAuthentication(
          ConnackReasonCode.BAD_USER_NAME_OR_PASSWORD, "bad user name or password");
      return;
    }
    if (identity.get() instanceof Identity.Device device
        && !device.address().clientId().equals(clientId)) {
      LOG.info("refused device {}: client id '{}' is not its own", device.address(), clientId);
      output.failAuthentication(
          ConnackReasonCode.CLIENT_IDENTIFIER_NOT_VALID,
          "a device must connect with client id " + device.address().clientId());
      return;
    }
    ModifiableDefaultPermissions permissions = output.getDefaultPermissions();
    for (TopicPolicy.Permission p : TopicPolicy.permissionsFor(identity.get())) {
      permissions.add(toHiveMq(p));
    }
    permissions.setDefaultBehaviour(DefaultAuthorizationBehaviour.DENY);
    admitted.put(clientId, identity.get().username());
    output.authenticateSuccessfully();
  }

  /**
   * A device that presented a certificate the TLS listener verified against its truststore, whose
   * common name is its client id ({@code fleet.vehicle}), and that is still provisioned (revoking
   * its credentials also shuts out its certificate).
   */
  private Optional<Identity> byCertificate(SimpleAuthInput input, String clientId) {
    Optional<X509Certificate> cert =
        input
            .getConnectionInformation()
            .getClientTlsInformation()
            .flatMap(ClientTlsInformation::getClientCertificate);
    if (cert.isEmpty()) {
      return Optional.empty();
    }
    Optional<String> commonName = commonName(cert.get());
    if (commonName.isEmpty() || !commonName.get().equals(clientId) || !store.contains(clientId)) {
      LOG.info(
          "refused certificate of client '{}' (CN {})", clientId, commonName.orElse("missing"));
      return Optional.empty();
    }
    return DeviceAddress.fromClientId(clientId).map(Identity.Device::new);
  }

  private static Optional<String> commonName(X509Certificate cert) {
    try {
      for (Rdn rdn : new LdapName(cert.getSubjectX500Principal().getName()).getRdns()) {
        if (rdn.getType().equalsIgnoreCase("CN")) {
          return Optional.of(String.valueOf(rdn.getValue()));
        }
      }
    } catch (InvalidNameException e) {
      return Optional.empty();
    }
    return Optional.empty();
  }

  private static TopicPermission toHiveMq(TopicPolicy.Permission p) {
    return Builders.topicPermission()
        .topicFilter(p.topicFilter())
        .type(TopicPermission.PermissionType.ALLOW)
        .activity(
            p.activity() == TopicPolicy.Activity.PUBLISH
                ? TopicPermission.MqttActivity.PUBLISH
                : TopicPermission.MqttActivity.SUBSCRIBE)
        .sharedSubscription(
            p.sharedAllowed()
                ? TopicPermission.SharedSubscription.ALL
                : TopicPermission.SharedSubscription.NOT_SHARED)
        .build();
  }

  private static String utf8(ByteBuffer buffer) {
    ByteBuffer copy = buffer.asReadOnlyBuffer();
    byte[] bytes = new byte[copy.remaining()];
    copy.get(bytes);
    return new String(bytes, StandardCharsets.UTF_8);
  }
}
