package io.chatkitmigrate.schemas;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/**
 * RFC 3339 instants as microseconds since the epoch. Microseconds because Stream keeps them and the
 * tie-break that keeps Chatkit's message order adds whole microseconds.
 *
 * <p>Every record carries two or three timestamps and every item one, so the common shapes ({@code
 * 2020-03-25T10:52:07.123Z}, {@code +01:00} offsets) are read and written by hand; anything else
 * goes to {@code java.time}, which stays the definition of what is accepted.
 */
public final class Timestamps {
  private static final long MICROS_PER_DAY = 86_400_000_000L;

  private Timestamps() {}

  /** 0000-01-01T00:00:00Z, the first instant RFC 3339's four-digit years can write in UTC. */
  public static final long MIN_MICROS = -62_167_219_200_000_000L;

  /** 9999-12-31T23:59:59.999999Z, the last. */
  public static final long MAX_MICROS = 253_402_300_799_999_999L;

  /**
   * Parses an RFC 3339 timestamp (fractions and offsets allowed); null when it is not one, or when
   * its instant has no four-digit year in UTC (+10000-01-01, -0001-12-31, 9999-12-31T23:30-01:00),
   * since it is written back in UTC and Stream reads only RFC 3339.
   */
  public static Long parseMicros(String text) {
    Long micros = parseMicrosAnyYear(text);
    return micros == null || micros < MIN_MICROS || micros > MAX_MICROS ? null : micros;
  }

  /**
   * As {@link #parseMicros}, with any year java.time reads: to tell a bad text from an instant out
   * of range.
   */
  public static Long parseMicrosAnyYear(String text) {
    if (text == null) {
      return null;
    }
    long fast = parseCommon(text);
    return fast != NOT_COMMON ? Long.valueOf(fast) : parseByJavaTime(text);
  }

  private static final long NOT_COMMON = Long.MIN_VALUE;

  /** {@code yyyy-MM-dd(T|t| )HH:mm:ss[.f{1,9}](Z|z|±HH:MM)}, or {@link #NOT_COMMON}. */
  private static long parseCommon(String s) {
    int n = s.length();
    if (n < 20
        || s.charAt(4) != '-'
        || s.charAt(7) != '-'
        || s.charAt(13) != ':'
        || s.charAt(16) != ':') {
      return NOT_COMMON;
    }
    char t = s.charAt(10);
    if (t != 'T' && t != 't' && t != ' ') {
      return NOT_COMMON;
    }
    int year = digits(s, 0, 4);
    int month = digits(s, 5, 2);
    int day = digits(s, 8, 2);
    int hour = digits(s, 11, 2);
    int minute = digits(s, 14, 2);
    int second = digits(s, 17, 2);
    if ((year | month | day | hour | minute | second) < 0
        || hour > 23
        || minute > 59
        || second > 59) {
      return NOT_COMMON;
    }
    int i = 19;
    long micros = 0;
    if (s.charAt(i) == '.') {
      int start = ++i;
      while (i < n && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
        if (i - start < 6) {
          micros = micros * 10 + (s.charAt(i) - '0');
        }
        i++;
      }
      int count = i - start;
      if (count == 0 || count > 9) {
        return NOT_COMMON;
      }
      for (int k = count; k < 6; k++) {
        micros *= 10;
      }
    }
    if (i >= n) {
      return NOT_COMMON;
    }
    int offsetSeconds;
    char z = s.charAt(i);
    if ((z == 'Z' || z == 'z') && i + 1 == n) {
      offsetSeconds = 0;
    } else if ((z == '+' || z == '-') && i + 6 == n && s.charAt(i + 3) == ':') {
      int oh = digits(s, i + 1, 2);
      int om = digits(s, i + 4, 2);
      if ((oh | om) < 0 || oh > 18 || om > 59 || (oh == 18 && om > 0)) {
        return NOT_COMMON;
      }
      offsetSeconds = (z == '-' ? -1 : 1) * (oh * 3600 + om * 60);
    } else {
      return NOT_COMMON;
    }
    long epochDay;
    try {
      epochDay = LocalDate.of(year, month, day).toEpochDay();
    } catch (DateTimeException e) {
      return NOT_COMMON;
    }
    long seconds = epochDay * 86_400L + hour * 3600L + minute * 60L + second - offsetSeconds;
    return seconds * 1_000_000L + micros;
  }

  /** The value of {@code count} ASCII digits at {@code from}, or -1. */
  private static int digits(String s, int from, int count) {
    int v = 0;
    for (int k = from; k < from + count; k++) {
      char c = s.charAt(k);
      if (c < '0' || c > '9') {
        return -1;
      }
      v = v * 10 + (c - '0');
    }
    return v;
  }

  private static Long parseByJavaTime(String text) {
    try {
      Instant instant =
          OffsetDateTime.parse(
                  text.trim().toUpperCase(Locale.ROOT).replace(' ', 'T'),
                  DateTimeFormatter.ISO_OFFSET_DATE_TIME)
              .toInstant();
      return Math.addExact(
          Math.multiplyExact(instant.getEpochSecond(), 1_000_000L), instant.getNano() / 1_000L);
    } catch (DateTimeParseException | ArithmeticException e) {
      return null;
    }
  }

  /** UTC, whole seconds when there is no fraction, else exactly six fraction digits. */
  public static String format(long micros) {
    long epochDay = Math.floorDiv(micros, MICROS_PER_DAY);
    long ofDay = Math.floorMod(micros, MICROS_PER_DAY);
    LocalDate date = LocalDate.ofEpochDay(epochDay);
    if (date.getYear() < 0 || date.getYear() > 9999) {
      return formatByJavaTime(micros);
    }
    int fraction = (int) (ofDay % 1_000_000L);
    int second = (int) (ofDay / 1_000_000L);
    char[] c = new char[fraction == 0 ? 20 : 27];
    put(c, 0, date.getYear(), 4);
    c[4] = '-';
    put(c, 5, date.getMonthValue(), 2);
    c[7] = '-';
    put(c, 8, date.getDayOfMonth(), 2);
    c[10] = 'T';
    put(c, 11, second / 3600, 2);
    c[13] = ':';
    put(c, 14, second / 60 % 60, 2);
    c[16] = ':';
    put(c, 17, second % 60, 2);
    if (fraction != 0) {
      c[19] = '.';
      put(c, 20, fraction, 6);
    }
    c[c.length - 1] = 'Z';
    return new String(c);
  }

  private static void put(char[] c, int at, int value, int width) {
    for (int k = at + width - 1; k >= at; k--) {
      c[k] = (char) ('0' + value % 10);
      value /= 10;
    }
  }

  private static String formatByJavaTime(long micros) {
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
