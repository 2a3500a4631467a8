package io.chatkitmigrate.transforms.convert;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.chatkitmigrate.schemas.Timestamps;
import org.junit.jupiter.api.Test;

/** The report's months are named as the chart shows them, whatever the instant within the month. */
class CountersTest {
  @Test
  void monthsAreNamedYearDashMonthInUtc() {
    assertEquals("2020-03", monthName("2020-03-25T10:52:07Z"));
    assertEquals("2020-03", monthName("2020-03-31T23:59:59.999999Z"));
    assertEquals("2020-04", monthName("2020-03-31T23:30:00-01:00"));
    assertEquals("1969-12", monthName("1969-12-31T23:59:59Z"));
    assertEquals("0999-01", monthName("0999-01-01T00:00:00Z"));
  }

  private static String monthName(String instant) {
    return Counters.month(Counters.monthOf(Timestamps.parseMicros(instant))).getName().getName();
  }
}
