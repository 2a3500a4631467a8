package io.chatkitmigrate.transforms.rules;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * Chatkit ids to Stream ids (mapping.md §1). Deterministic and per id, so no step needs a join to
 * translate a reference: a sender, a member or a cursor maps to the same Stream id wherever it is met.
 */
public final class IdMapper {
  private static final Pattern USER_ID = Pattern.compile("[@\\w-]{1,255}");
  private static final Pattern CHANNEL_ID = Pattern.compile("[\\w-]{1,64}");
  private static final int USER_KEEP = 244;
  private static final int CHANNEL_KEEP = 53;
  private static final int HASH_CHARS = 10;

  private IdMapper() {}

  public static String userId(String chatkitId) {
    return map(chatkitId, USER_ID, USER_KEEP, true);
  }

  public static String channelId(String roomId) {
    return map(roomId, CHANNEL_ID, CHANNEL_KEEP, false);
  }

  /** Message ids are unique per room only in Chatkit, so the channel id makes them unique in Stream. */
  public static String messageId(String channelId, long messageId) {
    return channelId + "-" + messageId;
  }

  private static String map(String id, Pattern keep, int cut, boolean allowAt) {
    if (keep.matcher(id).matches()) {
      return id;
    }
    StringBuilder out = new StringBuilder(Math.min(id.length(), cut) + 1 + HASH_CHARS);
    id.codePoints()
        .limit(cut)
        .forEach(cp -> out.append(isKept(cp, allowAt) ? (char) cp : '_'));
    if (out.length() > cut) {
      out.setLength(cut);
    }
    return out.append('-').append(hashPrefix(id)).toString();
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
