package io.chatkitmigrate.schemas;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/**
 * RFC 3339 instants as microseconds since the epoch. Microseconds because Stream keeps them and the
 * tie-break that keeps Chatkit's message order adds whole microseconds.
 */
public final class Timestamps {
  private Timestamps() {}

  /** Parses an RFC 3339 timestamp (fractions and offsets allowed); null when it is not one. */
  public static Long parseMicros(String text) {
    if (text == null) {
      return null;
    }
    try {
      Instant instant =
          OffsetDateTime.parse(text.trim().toUpperCase(Locale.ROOT).replace(' ', 'T'),
                  DateTimeFormatter.ISO_OFFSET_DATE_TIME)
              .toInstant();
      return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000L),
          instant.getNano() / 1_000L);
    } catch (DateTimeParseException | ArithmeticException e) {
      return null;
    }
  }

  /** UTC, whole seconds when there is no fraction, else exactly six fraction digits. */
  public static String format(long micros) {
    long seconds = Math.floorDiv(micros, 1_000_000L);
    int fraction = (int) Math.floorMod(micros, 1_000_000L);
    String base = DateTimeFormatter.ISO_INSTANT.format(Instant.ofEpochSecond(seconds));
    if (fraction == 0) {
      return base;
    }
    return base.substring(0, base.length() - 1) + String.format(Locale.ROOT, ".%06dZ", fraction);
  }

  public static long epochSecond(long micros) {
    return Math.floorDiv(micros, 1_000_000L);
  }
}
