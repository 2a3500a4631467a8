package io.chatkitmigrate.schemas;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;

/**
 * What becomes of a JSON number where it is held as a 64-bit float, as Stream (and most JSON
 * readers) hold custom numbers: it fits, it is rounded, or it turns into an infinity or a zero.
 */
public final class Numbers {
  private Numbers() {}

  /** False when the float would be infinite, or zero for a number that is not. */
  public static boolean fitsDouble(JsonNode number) {
    if (number.isIntegralNumber() && number.canConvertToLong()) {
      return true;
    }
    if (!finite(number)) {
      return false;
    }
    BigDecimal exact = number.decimalValue();
    double d = exact.doubleValue();
    return !Double.isInfinite(d) && (d != 0 || exact.signum() == 0);
  }

  /**
   * True when the float reads back as the number written (0.1 does; 2^53 + 1 and
   * 0.1000000000000000001 do not).
   */
  public static boolean exactInDouble(JsonNode number) {
    if (number.isIntegralNumber() && number.canConvertToLong()) {
      long v = number.longValue();
      return Math.abs(v) <= 1L << 53;
    }
    if (!finite(number)) {
      return false;
    }
    BigDecimal exact = number.decimalValue();
    double d = exact.doubleValue();
    return !Double.isInfinite(d) && BigDecimal.valueOf(d).compareTo(exact) == 0;
  }

  /**
   * Jackson reads 1e400 into a double node, infinite, even where it keeps other floats as decimals.
   */
  private static boolean finite(JsonNode number) {
    return !(number.isDouble() || number.isFloat()) || Double.isFinite(number.doubleValue());
  }
}
