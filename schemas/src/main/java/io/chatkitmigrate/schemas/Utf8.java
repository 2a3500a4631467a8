package io.chatkitmigrate.schemas;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** Strict UTF-8 decoding at the speed of Java's lenient one. */
public final class Utf8 {
  private Utf8() {}

  /**
   * The bytes as text, or an exception when they are not UTF-8. Java's own decoding replaces every
   * malformed sequence with U+FFFD and is several times faster than a reporting decoder (it was an
   * eighth of the reading's CPU), so a text without U+FFFD after it was valid; only one with it,
   * rare, is decoded again strictly to tell a real U+FFFD from damage.
   */
  public static String strict(byte[] bytes, int offset, int length)
      throws CharacterCodingException {
    String text = new String(bytes, offset, length, StandardCharsets.UTF_8);
    if (text.indexOf('\uFFFD') < 0) {
      return text;
    }
    return StandardCharsets.UTF_8
        .newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT)
        .decode(ByteBuffer.wrap(bytes, offset, length))
        .toString();
  }

  /** At most {@code max} bytes from the start, cut before a character they would split. */
  public static String excerpt(byte[] bytes, int max) {
    int end = Math.min(bytes.length, max);
    // Step back over continuation bytes so the cut never splits a character.
    if (end < bytes.length) {
      while (end > 0 && (bytes[end] & 0xC0) == 0x80) {
        end--;
      }
    }
    return new String(bytes, 0, end, StandardCharsets.UTF_8);
  }

  /**
   * The first backslash-u escape in a parsed JSON text that is a surrogate without its pair, or
   * null: Jackson decodes it to a lone char, which no UTF-8 file can hold. Escapes occur only
   * inside strings; a "\\u" after an even run of backslashes is an escaped backslash and a 'u'.
   * Most records hold no "\\u" and cost one search.
   */
  public static String loneSurrogateEscape(String text) {
    int n = text.length();
    for (int i = text.indexOf("\\u"); i >= 0 && i + 6 <= n; i = text.indexOf("\\u", i + 1)) {
      if (!escapes(text, i)) {
        continue;
      }
      char unit = (char) Integer.parseInt(text, i + 2, i + 6, 16);
      if (Character.isHighSurrogate(unit)
          && i + 12 <= n
          && text.startsWith("\\u", i + 6)
          && Character.isLowSurrogate((char) Integer.parseInt(text, i + 8, i + 12, 16))) {
        i += 11;
      } else if (Character.isSurrogate(unit)) {
        return text.substring(i, i + 6);
      }
    }
    return null;
  }

  /** Whether the backslash at {@code i} starts an escape: it ends an odd run of backslashes. */
  private static boolean escapes(String text, int i) {
    int run = 0;
    for (int k = i; k >= 0 && text.charAt(k) == '\\'; k--) {
      run++;
    }
    return run % 2 == 1;
  }
}
