package io.chatkitmigrate.schemas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The hand-written fast paths agree with java.time, which defines what is accepted, on every input.
 */
class TimestampsTest {
  @Test
  void readsTheShapesChatkitWrites() {
    assertEquals(1_585_133_527_000_000L, Timestamps.parseMicros("2020-03-25T10:52:07Z"));
    assertEquals(1_585_133_527_123_456L, Timestamps.parseMicros("2020-03-25T10:52:07.123456789Z"));
    assertEquals(1_585_133_527_100_000L, Timestamps.parseMicros("2020-03-25 11:52:07.1+01:00"));
    assertEquals(-1_000_000L, Timestamps.parseMicros("1969-12-31T23:59:59z"));
    assertNull(Timestamps.parseMicros("2020-02-30T10:52:07Z"));
    assertNull(Timestamps.parseMicros("2020-03-25T24:00:00Z"));
    assertNull(Timestamps.parseMicros("2020-03-25T10:52:07"));
    assertNull(Timestamps.parseMicros("yesterday"));
  }

  @Test
  void refusesInstantsWithoutAFourDigitYearInUtc() {
    for (String s :
        List.of(
            "+10000-01-01T00:00:00Z",
            "-0001-01-01T00:00:00Z",
            "-0001-12-31T23:59:59.999999Z",
            "9999-12-31T23:30:00-01:00",
            "0000-01-01T00:30:00+01:00",
            "+999999999-12-31T23:59:59Z")) {
      assertNull(Timestamps.parseMicros(s), s);
    }
    assertEquals(Timestamps.MIN_MICROS, Timestamps.parseMicros("0000-01-01T00:00:00Z"));
    assertEquals(Timestamps.MAX_MICROS, Timestamps.parseMicros("9999-12-31T23:59:59.999999Z"));
    assertEquals(Timestamps.MAX_MICROS, Timestamps.parseMicros("9999-12-31T22:59:59.999999-01:00"));
    assertEquals("0000-01-01T00:00:00Z", Timestamps.format(Timestamps.MIN_MICROS));
    assertEquals("9999-12-31T23:59:59.999999Z", Timestamps.format(Timestamps.MAX_MICROS));
  }

  @Test
  void writesUtcWithSixDigitsOnlyWhenThereIsAFraction() {
    assertEquals("2020-03-25T10:52:07Z", Timestamps.format(1_585_133_527_000_000L));
    assertEquals("2020-03-25T10:52:07.000001Z", Timestamps.format(1_585_133_527_000_001L));
    assertEquals("1969-12-31T23:59:59.500000Z", Timestamps.format(-500_000L));
  }

  @Test
  void agreesWithJavaTimeOnEdgesAndOnRandomInput() {
    List<String> edges =
        List.of(
            "2020-02-29T00:00:00Z",
            "2019-02-29T00:00:00Z",
            "0000-01-01T00:00:00Z",
            "9999-12-31T23:59:59.999999999Z",
            "2020-03-25T10:52:07.Z",
            "2020-03-25T10:52:07.1234567890Z",
            "2020-03-25T10:52:07+18:00",
            "2020-03-25T10:52:07+18:01",
            "2020-03-25T10:52:07-00:00",
            "2020-03-25T10:52:07+01:00:30",
            "2020-03-25T10:52Z",
            " 2020-03-25T10:52:07Z ",
            "2020-03-25t10:52:07z",
            "2020-13-25T10:52:07Z",
            "2020-00-25T10:52:07Z",
            "2020-03-25T10:60:07Z",
            "2020-03-25T10:52:60Z",
            "+2020-03-25T10:52:07Z",
            "2020-03-25T10:52:07+1:00",
            "2020-03-25T10:52:07+01:60",
            "2020-3-25T10:52:07Z");
    for (String s : edges) {
      assertEquals(reference(s), Timestamps.parseMicros(s), s);
    }
    Random random = new Random(7);
    String alphabet = "0123456789-:T Z+.tz";
    for (int i = 0; i < 200_000; i++) {
      char[] c = "2020-03-25T10:52:07.123+01:00".toCharArray();
      int length = 19 + random.nextInt(11);
      for (int k = 0; k < 1 + random.nextInt(3); k++) {
        c[random.nextInt(c.length)] = alphabet.charAt(random.nextInt(alphabet.length()));
      }
      String s = new String(c, 0, length);
      assertEquals(reference(s), Timestamps.parseMicros(s), s);
    }
    for (int i = 0; i < 200_000; i++) {
      long micros = random.nextLong() % 400_000_000_000_000_000L;
      if (i % 2 == 0) {
        micros -= micros % 1_000_000L;
      }
      assertEquals(referenceFormat(micros), Timestamps.format(micros), Long.toString(micros));
      boolean fourDigitYear = micros >= Timestamps.MIN_MICROS && micros <= Timestamps.MAX_MICROS;
      assertEquals(
          fourDigitYear ? micros : null, Timestamps.parseMicros(Timestamps.format(micros)));
    }
  }

  private static Long reference(String text) {
    try {
      Instant instant =
          OffsetDateTime.parse(
                  text.trim().toUpperCase(Locale.ROOT).replace(' ', 'T'),
                  DateTimeFormatter.ISO_OFFSET_DATE_TIME)
              .toInstant();
      if (instant.isBefore(Instant.parse("0000-01-01T00:00:00Z"))
          || instant.isAfter(Instant.parse("9999-12-31T23:59:59.999999999Z"))) {
        return null;
      }
      return Math.addExact(
          Math.multiplyExact(instant.getEpochSecond(), 1_000_000L), instant.getNano() / 1_000L);
    } catch (DateTimeParseException | ArithmeticException e) {
      return null;
    }
  }

  private static String referenceFormat(long micros) {
    String base =
        DateTimeFormatter.ISO_INSTANT.format(
            Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L)));
    int fraction = (int) Math.floorMod(micros, 1_000_000L);
    return fraction == 0
        ? base
        : base.substring(0, base.length() - 1) + String.format(Locale.ROOT, ".%06dZ", fraction);
  }
}
