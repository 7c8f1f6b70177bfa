package io.vigil.brokers.testkit;

import java.util.Locale;

/**
 * Where test brokers come from, chosen with the system property {@code vigil.test.brokers}: {@code
 * embedded} (default; in-JVM brokers, no Docker needed) or {@code testcontainers} (Kafka in Docker;
 * the tests are skipped, not failed, when Docker is absent).
 */
enum BrokerMode {
  EMBEDDED,
  TESTCONTAINERS;

  static final String PROPERTY = "vigil.test.brokers";

  static BrokerMode current() {
    String value = System.getProperty(PROPERTY, "embedded").trim().toUpperCase(Locale.ROOT);
    try {
      return valueOf(value);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          PROPERTY + " must be 'embedded' or 'testcontainers', was '" + value + "'", e);
    }
  }
}
