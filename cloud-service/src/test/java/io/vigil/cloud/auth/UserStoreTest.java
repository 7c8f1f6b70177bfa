package io.vigil.cloud.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UserStoreTest {

  @TempDir Path dir;

  @Test
  void addedUsersLogInWithTheirPasswordOnlyAndAnotherProcessSeesThem() throws IOException {
    Path file = dir.resolve("users");
    UserStore store = UserStore.open(file);
    String password = store.add("rita", "acme", Role.REVIEWER);

    assertThat(Files.readString(file))
        .contains("rita acme reviewer pbkdf2-sha256$")
        .doesNotContain(password);
    assertThat(store.authenticate("rita", password)).map(User::fleet).contains("acme");
    assertThat(store.authenticate("rita", password + "x")).isEmpty();
    assertThat(store.authenticate("nobody", password)).isEmpty();
    // Another process (the vigil user command) reads the same file.
    assertThat(UserStore.open(file).authenticate("rita", password)).isPresent();
    assertThat(UserStore.open(file).remove("rita")).isTrue();
    assertThat(store.authenticate("rita", password))
        .as("removal seen by the running store")
        .isEmpty();
  }

  @Test
  void aMalformedLineIsAnErrorNamingIt() throws IOException {
    Path file = dir.resolve("users");
    Files.writeString(file, "# users\nrita acme boss pbkdf2-sha256$1$a$b\n");
    assertThatThrownBy(() -> UserStore.open(file))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("line 2")
        .hasMessageContaining("unknown role 'boss'");
  }
}
