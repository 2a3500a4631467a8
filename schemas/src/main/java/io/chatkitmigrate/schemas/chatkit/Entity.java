package io.chatkitmigrate.schemas.chatkit;

import java.util.Locale;
import java.util.Optional;

/** The kinds of record a Chatkit export holds, recognised from a file name's leading word. */
public enum Entity {
  // user_roles before users: the longest word that fits wins.
  USER_ROLES("user_roles"),
  USERS("users"),
  ROOMS("rooms"),
  MESSAGES("messages"),
  CURSORS("cursors"),
  ROLES("roles");

  private final String word;

  Entity(String word) {
    this.word = word;
  }

  /** The name used in file names, reports and metrics. */
  public String word() {
    return word;
  }

  /**
   * The entity a file holds, from the leading word of its name: {@code
   * messages-00003-of-00128.ndjson.gz}, {@code rooms_2.json} and {@code Users.NDJSON} are
   * recognised; {@code user.json} (a schema) and {@code usersettings.json} are not.
   */
  public static Optional<Entity> fromFileName(String fileName) {
    String name = fileName.toLowerCase(Locale.ROOT);
    for (Entity entity : values()) {
      if (name.startsWith(entity.word)) {
        if (name.length() == entity.word.length()) {
          return Optional.of(entity);
        }
        char next = name.charAt(entity.word.length());
        if (!Character.isLetter(next)) {
          return Optional.of(entity);
        }
      }
    }
    return Optional.empty();
  }
}
