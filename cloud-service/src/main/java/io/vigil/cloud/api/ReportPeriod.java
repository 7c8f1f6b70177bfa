package io.vigil.cloud.api;

import io.micronaut.http.HttpStatus;
import io.micronaut.http.exceptions.HttpStatusException;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/**
 * The days a score or leaderboard covers: {@code days} days up to {@code to} (UTC; default today),
 * parsed from query parameters with a 400 for anything else.
 *
 * @param from first day
 * @param to last day
 */
record ReportPeriod(LocalDate from, LocalDate to) {

  static final int MAX_DAYS = 90;

  static ReportPeriod of(int days, String toText, Clock clock) {
    if (days < 1 || days > MAX_DAYS) {
      throw new HttpStatusException(
          HttpStatus.BAD_REQUEST, "days must be 1.." + MAX_DAYS + ", not " + days);
    }
    LocalDate to;
    try {
      to = toText == null ? LocalDate.now(clock.withZone(ZoneOffset.UTC)) : LocalDate.parse(toText);
    } catch (DateTimeParseException e) {
      throw new HttpStatusException(
          HttpStatus.BAD_REQUEST, "to must be a date like 2026-11-20, not " + toText);
    }
    return new ReportPeriod(to.minusDays(days - 1L), to);
  }
}
