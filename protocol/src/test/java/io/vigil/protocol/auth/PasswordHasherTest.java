package io.vigil.protocol.auth;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PasswordHasherTest {

  @Test
  void hashMatchesOnlyTheSecretAndIsSalted() {
    String a = PasswordHasher.hash("secret", 1000);
    String b = PasswordHasher.hash("secret", 1000);

    assertThat(a).isNotEqualTo(b).startsWith("pbkdf2-sha256$1000$");
    assertThat(PasswordHasher.matches("secret", a)).isTrue();
    assertThat(PasswordHasher.matches("Secret", a)).isFalse();
  }

  @Test
  void malformedHashesNeverMatch() {
    assertThat(PasswordHasher.matches("x", "")).isFalse();
    assertThat(PasswordHasher.matches("x", "md5$1$a$b")).isFalse();
    assertThat(PasswordHasher.matches("x", "pbkdf2-sha256$notanumber$AA$AA")).isFalse();
    assertThat(PasswordHasher.matches("x", "pbkdf2-sha256$0$AA$AA")).isFalse();
    assertThat(PasswordHasher.matches("x", "pbkdf2-sha256$10$%%%$AA")).isFalse();
  }

  @Test
  void tokensAreLongAndDistinct() {
    assertThat(PasswordHasher.newToken()).hasSize(43).isNotEqualTo(PasswordHasher.newToken());
  }
}
