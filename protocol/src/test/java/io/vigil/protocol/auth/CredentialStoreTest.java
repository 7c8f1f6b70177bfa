package io.vigil.protocol.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.protocol.topic.DeviceAddress;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CredentialStoreTest {

  private final DeviceAddress truck = new DeviceAddress("acme", "truck-1");

  @Test
  void issuedTokenAuthenticatesThatDeviceOnly() throws Exception {
    CredentialStore store = CredentialStore.inMemory();
    String token = store.issueDeviceToken(truck);

    assertThat(store.authenticate("acme.truck-1", token)).contains(new Identity.Device(truck));
    assertThat(store.authenticate("acme.truck-1", token + "x")).isEmpty();
    assertThat(store.authenticate("acme.truck-2", token)).isEmpty();
    assertThat(store.authenticate(null, token)).isEmpty();
    assertThat(store.authenticate("acme.truck-1", null)).isEmpty();
  }

  @Test
  void fileKeepsHashesOnlyAndSurvivesReopening(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("credentials");
    CredentialStore store = CredentialStore.open(file);
    String token = store.issueDeviceToken(truck);
    store.put(new Identity.Service("ingest"), "service-secret", 1000);

    String content = Files.readString(file);
    assertThat(content).doesNotContain(token).doesNotContain("service-secret");
    assertThat(content)
        .contains("device acme.truck-1 pbkdf2-sha256$", "service ingest pbkdf2-sha256$");

    CredentialStore reopened = CredentialStore.open(file);
    assertThat(reopened.authenticate("acme.truck-1", token)).contains(new Identity.Device(truck));
    assertThat(reopened.authenticate("ingest", "service-secret"))
        .contains(new Identity.Service("ingest"));
  }

  @Test
  void revokedCredentialsNoLongerAuthenticate(@TempDir Path dir) throws Exception {
    CredentialStore store = CredentialStore.open(dir.resolve("credentials"));
    String token = store.issueDeviceToken(truck);

    assertThat(store.revoke("acme.truck-1")).isTrue();
    assertThat(store.authenticate("acme.truck-1", token)).isEmpty();
    assertThat(CredentialStore.open(dir.resolve("credentials")).contains("acme.truck-1")).isFalse();
    assertThat(store.revoke("acme.truck-1")).isFalse();
  }

  @Test
  void changesMadeByAnotherProcessApplyWithoutRestart(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("credentials");
    CredentialStore broker = CredentialStore.open(file);
    CredentialStore cli = CredentialStore.open(file);

    String token = cli.issueDeviceToken(truck);
    Files.setLastModifiedTime(file, java.nio.file.attribute.FileTime.fromMillis(1_000_000));
    assertThat(broker.authenticate("acme.truck-1", token)).contains(new Identity.Device(truck));

    CredentialStore.open(file).revoke("acme.truck-1");
    Files.setLastModifiedTime(file, java.nio.file.attribute.FileTime.fromMillis(2_000_000));
    assertThat(broker.authenticate("acme.truck-1", token)).isEmpty();
  }

  @Test
  void malformedLineIsAnErrorNamingTheLine(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("credentials");
    Files.writeString(
        file, "# comment\n\ndevice acme.truck-1 pbkdf2-sha256$1$AA$AA\ndevice truck#1 x\n");

    assertThatThrownBy(() -> CredentialStore.open(file))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("line 4");
  }
}
