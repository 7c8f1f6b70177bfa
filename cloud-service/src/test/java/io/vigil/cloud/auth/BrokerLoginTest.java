package io.vigil.cloud.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.protocol.auth.CredentialStore;
import io.vigil.protocol.topic.DeviceAddress;
import io.vigil.protocol.topic.Topics;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BrokerLoginTest {

  private final DeviceAddress truck = new DeviceAddress("acme", "truck-1");

  @Test
  void aDeviceWithItsIssuedPasswordGetsOnlyItsOwnTopics() throws Exception {
    CredentialStore store = CredentialStore.inMemory();
    String password = store.issueDeviceToken(truck);

    BrokerLogin.Decision d =
        BrokerLogin.decide(
            new BrokerLogin.Request(truck.clientId(), truck.clientId(), password),
            store,
            "vigil-service",
            "service-secret");

    assertThat(d.allowed()).isTrue();
    assertThat(d.acl())
        .contains(
            Map.of("permission", "allow", "action", "publish", "topic", Topics.status(truck)),
            Map.of("permission", "allow", "action", "subscribe", "topic", Topics.command(truck)))
        .noneMatch(rule -> rule.get("topic").contains("#"));
    assertThat(d.body()).containsEntry("result", "allow").containsEntry("is_superuser", false);
  }

  @Test
  void wrongPasswordsForeignClientIdsAndMissingFieldsAreDenied() throws Exception {
    CredentialStore store = CredentialStore.inMemory();
    String password = store.issueDeviceToken(truck);

    assertThat(decide(store, truck.clientId(), truck.clientId(), password + "x").allowed())
        .isFalse();
    assertThat(decide(store, "acme.truck-2", truck.clientId(), password).allowed()).isFalse();
    assertThat(decide(store, truck.clientId(), truck.clientId(), null).allowed()).isFalse();
    assertThat(BrokerLogin.decide(null, store, "vigil-service", "s").body())
        .isEqualTo(Map.of("result", "deny"));
    assertThat(decide(store, "x", "vigil-service", "wrong").allowed()).isFalse();
  }

  @Test
  void theServiceIdentityLogsInWithThisInstancesPasswordOnly() {
    CredentialStore store = CredentialStore.inMemory();

    BrokerLogin.Decision d = decide(store, "ingest-1", "vigil-service", "service-secret");
    assertThat(d.allowed()).isTrue();
    assertThat(d.acl()).extracting(r -> r.get("topic")).containsOnly(Topics.ROOT + "/#");

    assertThat(
            BrokerLogin.decide(
                    new BrokerLogin.Request("ingest-1", "vigil-service", ""),
                    store,
                    "vigil-service",
                    null)
                .allowed())
        .as("an instance without a service password admits no service")
        .isFalse();
  }

  private static BrokerLogin.Decision decide(
      CredentialStore store, String clientId, String username, String password) {
    return BrokerLogin.decide(
        new BrokerLogin.Request(clientId, username, password),
        store,
        "vigil-service",
        "service-secret");
  }
}
