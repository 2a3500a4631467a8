package io.chatkitmigrate.transforms.rules;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Chatkit ids to Stream ids (docs/conversion.md §3). Deterministic and per id, so no step needs a
 * join to translate a reference: a sender, a member or a cursor maps to the same Stream id wherever
 * it is met.
 */
public final class IdMapper {
  private static final int USER_MAX = 255;
  private static final int CHANNEL_MAX = 64;
  private static final int USER_KEEP = 244;
  private static final int CHANNEL_KEEP = 53;
  private static final int HASH_CHARS = 10;

  private IdMapper() {}

  public static String userId(String chatkitId) {
    return map(chatkitId, USER_MAX, USER_KEEP, true);
  }

  public static String channelId(String roomId) {
    return map(roomId, CHANNEL_MAX, CHANNEL_KEEP, false);
  }

  /**
   * Message ids are unique per room only in Chatkit, so the channel id makes them unique in Stream.
   */
  public static String messageId(String channelId, long messageId) {
    return channelId + "-" + messageId;
  }

  private static String map(String id, int max, int cut, boolean allowAt) {
    if (isValid(id, max, allowAt)) {
      return id;
    }
    StringBuilder out = new StringBuilder(Math.min(id.length(), cut) + 1 + HASH_CHARS);
    id.codePoints().limit(cut).forEach(cp -> out.append(isKept(cp, allowAt) ? (char) cp : '_'));
    if (out.length() > cut) {
      out.setLength(cut);
    }
    return out.append('-').append(hashPrefix(id)).toString();
  }

  /**
   * Stream's id pattern ({@code [@\w-]} or {@code [\w-]}, ASCII), checked by hand: every id of
   * every record passes here.
   */
  private static boolean isValid(String id, int max, boolean allowAt) {
    int n = id.length();
    if (n == 0 || n > max) {
      return false;
    }
    for (int i = 0; i < n; i++) {
      if (!isKept(id.charAt(i), allowAt)) {
        return false;
      }
    }
    return true;
  }

  private static boolean isKept(int cp, boolean allowAt) {
    return (cp >= 'a' && cp <= 'z')
        || (cp >= 'A' && cp <= 'Z')
        || (cp >= '0' && cp <= '9')
        || cp == '_'
        || cp == '-'
        || (allowAt && cp == '@');
  }

  private static String hashPrefix(String id) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(id.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest).substring(0, HASH_CHARS);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
