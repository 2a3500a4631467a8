package io.chatkitmigrate.schemas.stream.validate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chatkitmigrate.schemas.Json;
import io.chatkitmigrate.schemas.Timestamps;
import io.chatkitmigrate.schemas.Utf8;
import io.chatkitmigrate.schemas.stream.ImportItem;
import io.chatkitmigrate.schemas.stream.StreamFields;
import java.io.Serializable;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The rules of one line of an import on its own (stream-import.md §1): whether it parses as an
 * item, and its field rules. The rules between items (references, duplicates) are not decided here:
 * each is handed to the {@link Sink} as a {@link Claim} on a key, in the place among the item's
 * errors where its error would come, so a sequential pass and a parallel one that groups on the
 * keys report the same errors in the same order. Order between items is left to the caller, from
 * {@link Parsed#typeIndex()}.
 */
public final class ItemRules implements Serializable {
  private static final long serialVersionUID = 1L;

  private static final Chars USER_ID = new Chars("[@\\w-]*");
  private static final Chars CHANNEL_ID = new Chars("[\\w-]*");
  private static final Chars REACTION_TYPE = new Chars("[\\w\\-+:.]*");
  private static final Set<String> MESSAGE_TYPES = Set.of("regular", "reply", "deleted", "system");
  private static final Set<String> URL_FIELDS = Set.of("asset_url", "image_url", "thumb_url");
  // Built-in fields that hold a string or a boolean, by item type (ids, timestamps and enums have
  // their own checks).
  private static final Set<String> NONE = Set.of();
  private static final Set<String> USER_STRINGS = Set.of("role");
  private static final Set<String> USER_BOOLEANS = Set.of("invisible");
  private static final Set<String> CHANNEL_BOOLEANS = Set.of("disabled", "frozen");
  private static final Set<String> MEMBER_STRINGS = Set.of("channel_role");
  private static final Set<String> MEMBER_BOOLEANS = Set.of("invited", "hide_channel");
  private static final Set<String> MESSAGE_STRINGS = Set.of("text", "parent_id", "pinned_by_id");
  private static final Set<String> ATTACHMENT_STRINGS =
      Set.of("title", "title_link", "text", "og_scrape_url", "mime_type");
  private static final Set<String> ATTACHMENT_BOOLEANS = Set.of("migrate_resources");
  private static final ObjectReader READER = Json.MAPPER.reader();

  /** The sets of ids the rules between items look up or fill. */
  public enum Space {
    USER,
    CHANNEL,
    MEMBER,
    MESSAGE,
    REACTION
  }

  /**
   * A rule between items on one key: either the key must belong to an item earlier in the sequence
   * (a reference), or no earlier item may hold it (an id, which then belongs to this item).
   */
  public enum Claim {
    USER_ID(Space.USER, true),
    CHANNEL_ID(Space.CHANNEL, true),
    MEMBER_ID(Space.MEMBER, true),
    MESSAGE_ID(Space.MESSAGE, true),
    REACTION_ID(Space.REACTION, true),
    CREATED_BY(Space.USER, false),
    USER(Space.USER, false),
    CHANNEL(Space.CHANNEL, false),
    PARENT_ID(Space.MESSAGE, false),
    QUOTED_MESSAGE_ID(Space.MESSAGE, false),
    REACTED_MESSAGE(Space.MESSAGE, false);

    private final Space space;
    private final boolean defines;

    Claim(Space space, boolean defines) {
      this.space = space;
      this.defines = defines;
    }

    public Space space() {
      return space;
    }

    /** True for an item's own id, false for a reference to another item. */
    public boolean defines() {
      return defines;
    }

    /** The error kind when the claim fails. */
    public String kind() {
      return defines ? "duplicate" : "reference";
    }

    /** The error's message when the claim on these key parts fails. */
    public String message(String... key) {
      return switch (this) {
        case USER_ID -> "duplicate user id " + key[0];
        case CHANNEL_ID -> "duplicate channel " + key[0] + ":" + key[1];
        case MEMBER_ID -> "duplicate member " + key[2] + " of " + key[0] + ":" + key[1];
        case MESSAGE_ID -> "duplicate message id " + key[0];
        case REACTION_ID -> "duplicate reaction " + key[1] + " of " + key[2] + " on " + key[0];
        case CREATED_BY -> "created_by " + key[0] + " is not a user of the import";
        case USER -> "user " + key[0] + " is not a user of the import";
        case CHANNEL -> "channel " + key[0] + ":" + key[1] + " is not a channel of the import";
        case PARENT_ID -> "parent_id " + key[0] + " is not an earlier message of the import";
        case QUOTED_MESSAGE_ID ->
            "quoted_message_id " + key[0] + " is not an earlier message of the import";
        case REACTED_MESSAGE -> "message " + key[0] + " is not a message of the import";
      };
    }
  }

  /** Where an item's errors and claims go, in the order the rules find them. */
  public interface Sink {
    void error(String kind, String message);

    void claim(Claim claim, String... key);
  }

  /**
   * A line as parsed: an item's type, its rank in {@link ImportItem#TYPE_ORDER} and data, or, in
   * {@code problem}, why the line is not an item (then {@code node} is what the error shows, if
   * anything).
   */
  public record Parsed(
      int line, String type, int typeIndex, JsonNode node, JsonNode data, String problem) {}

  private final int maxMessageLength;

  public ItemRules(int maxMessageLength) {
    this.maxMessageLength = maxMessageLength;
  }

  /** A line's bytes as an item, or the reason it is none. */
  public static Parsed parse(int line, byte[] bytes, int offset, int length) {
    JsonNode node;
    try {
      // Parsed from text, as the reader parses the export: in a migration that code is compiled
      // already.
      String text = Utf8.strict(bytes, offset, length);
      node = READER.readTree(text);
      String lone = Utf8.loneSurrogateEscape(text);
      if (lone != null) {
        return new Parsed(
            line,
            null,
            -1,
            null,
            null,
            "not UTF-8 once read: " + lone + " is half a surrogate pair");
      }
    } catch (CharacterCodingException e) {
      return new Parsed(line, null, -1, null, null, "not UTF-8: " + e);
    } catch (JsonProcessingException e) {
      return new Parsed(line, null, -1, null, null, "invalid JSON: " + e.getOriginalMessage());
    }
    if (node == null || !node.isObject()) {
      return new Parsed(line, null, -1, null, null, "a line must be a JSON object");
    }
    String type = node.path("type").asText(null);
    int index = type == null ? -1 : ImportItem.TYPE_ORDER.indexOf(type);
    if (index < 0) {
      return new Parsed(line, type, -1, node, null, "unknown item type " + node.get("type"));
    }
    JsonNode data = node.get("data");
    if (data == null || !data.isObject()) {
      return new Parsed(line, type, index, node, null, "item has no data object");
    }
    return new Parsed(line, type, index, node, data, null);
  }

  /** True when the bytes hold only spaces, tabs and carriage returns: such lines are skipped. */
  public static boolean blank(byte[] bytes, int from, int to) {
    for (int i = from; i < to; i++) {
      byte b = bytes[i];
      if (b != ' ' && b != '\t' && b != '\r') {
        return false;
      }
    }
    return true;
  }

  /** Applies the rules of an item of a known type to its data. */
  public void check(String type, JsonNode data, Sink sink) {
    Check check = new Check(type, data, sink);
    switch (type) {
      case "user" -> user(check);
      case "channel" -> channel(check);
      case "member" -> member(check);
      case "message" -> message(check);
      case "reaction" -> reaction(check);
      default -> {}
    }
  }

  private static void user(Check c) {
    String id = c.requiredId("id", USER_ID, 255);
    c.custom(StreamFields.USER_BUILT_IN, StreamFields.USER_RESERVED);
    c.timestamps("created_at", "deactivated_at", "deleted_at");
    c.typed(c.data, "user", USER_STRINGS, USER_BOOLEANS);
    JsonNode teams = c.data.get("teams");
    if (teams != null && !(teams.isArray() && allText(teams))) {
      c.fail("validation", "teams must be a list of strings, not " + teams);
    }
    if (id != null) {
      c.sink.claim(Claim.USER_ID, id);
    }
  }

  private static void channel(Check c) {
    String type = c.requiredId("type", CHANNEL_ID, 64);
    String id = c.requiredId("id", CHANNEL_ID, 64);
    String creator = c.requiredId("created_by", USER_ID, 255);
    if (creator != null) {
      c.sink.claim(Claim.CREATED_BY, creator);
    }
    c.custom(StreamFields.CHANNEL_BUILT_IN, StreamFields.CHANNEL_RESERVED);
    c.timestamps("created_at", "truncated_at");
    c.typed(c.data, "channel", NONE, CHANNEL_BOOLEANS);
    if (c.data.has("updated_at")) {
      c.fail("validation", "channels may not carry updated_at");
    }
    if (type != null && id != null) {
      c.sink.claim(Claim.CHANNEL_ID, type, id);
    }
  }

  private static void member(Check c) {
    String type = c.requiredId("channel_type", CHANNEL_ID, 64);
    String id = c.requiredId("channel_id", CHANNEL_ID, 64);
    String user = c.requiredId("user_id", USER_ID, 255);
    if (type != null && id != null) {
      c.sink.claim(Claim.CHANNEL, type, id);
    }
    if (user != null) {
      c.sink.claim(Claim.USER, user);
    }
    c.custom(StreamFields.MEMBER_BUILT_IN, Set.of());
    c.timestamps(
        "created_at",
        "last_read",
        "invite_accepted_at",
        "invite_rejected_at",
        "archived_at",
        "hide_messages_before");
    c.typed(c.data, "member", MEMBER_STRINGS, MEMBER_BOOLEANS);
    if (type != null && id != null && user != null) {
      c.sink.claim(Claim.MEMBER_ID, type, id, user);
    }
  }

  private void message(Check c) {
    String id = c.string("id");
    if (id == null
        || id.isEmpty()
        || id.length() > 255 && id.codePointCount(0, id.length()) > 255
        || id.indexOf(',') >= 0
        || id.indexOf('%') >= 0) {
      c.fail(
          "validation",
          "message id must be 1-255 characters without ',' or '%', not " + c.data.get("id"));
      id = null;
    }
    String type = c.requiredId("channel_type", CHANNEL_ID, 64);
    String channel = c.requiredId("channel_id", CHANNEL_ID, 64);
    if (type != null && channel != null) {
      c.sink.claim(Claim.CHANNEL, type, channel);
    }
    String user = null;
    if (!c.data.has("user") && c.data.has("user_id")) {
      c.fail("validation", "user is required (the sender's id; the key is user, not user_id)");
    } else {
      user = c.requiredId("user", USER_ID, 255);
    }
    if (user != null) {
      c.sink.claim(Claim.USER, user);
    }
    JsonNode typeNode = c.data.get("type");
    String messageType =
        typeNode == null
            ? "regular"
            : typeNode.isTextual() ? typeNode.asText() : typeNode.toString();
    if (!MESSAGE_TYPES.contains(messageType)) {
      c.fail("validation", "message type must be one of " + MESSAGE_TYPES + ", not " + typeNode);
    }
    if (c.data.has("deleted_at") != messageType.equals("deleted")) {
      c.fail("validation", "deleted_at must be present exactly when type is deleted");
    }
    if (messageType.equals("reply") && !c.data.has("parent_id")) {
      c.fail("validation", "a reply needs parent_id");
    }
    String parent = c.string("parent_id");
    if (parent != null) {
      c.sink.claim(Claim.PARENT_ID, parent);
    }
    String quoted = c.string("quoted_message_id");
    if (quoted != null) {
      c.sink.claim(Claim.QUOTED_MESSAGE_ID, quoted);
    }
    if (c.data.has("pinned_at") != c.data.has("pinned_by_id")) {
      c.fail("validation", "pinned_at and pinned_by_id come together or not at all");
    }
    String text = c.string("text");
    // A code point is one or two chars: only a text longer in chars can be too long.
    if (text != null
        && text.length() > maxMessageLength
        && text.codePointCount(0, text.length()) > maxMessageLength) {
      c.fail("validation", "text is longer than " + maxMessageLength + " characters");
    }
    JsonNode attachments = c.data.get("attachments");
    if (attachments != null) {
      if (!attachments.isArray()) {
        c.fail("validation", "attachments must be an array");
      } else {
        if (attachments.size() > 30) {
          c.fail(
              "validation", "a message has at most 30 attachments, this has " + attachments.size());
        }
        for (JsonNode a : attachments) {
          attachment(c, a);
        }
      }
    }
    c.custom(StreamFields.MESSAGE_BUILT_IN, StreamFields.MESSAGE_RESERVED);
    c.timestamps("created_at", "deleted_at", "pinned_at", "pin_expires");
    c.typed(c.data, "message", MESSAGE_STRINGS, NONE);
    if (id != null) {
      c.sink.claim(Claim.MESSAGE_ID, id);
    }
  }

  private static void attachment(Check c, JsonNode a) {
    if (!a.isObject() || !a.path("type").isTextual() || a.path("type").asText().isEmpty()) {
      c.fail("validation", "an attachment needs a type");
      return;
    }
    for (String field : URL_FIELDS) {
      JsonNode url = a.get(field);
      if (url != null
          && !(url.isTextual() && url.asText().regionMatches(true, 0, "https://", 0, 8))) {
        c.fail("validation", "attachment " + field + " must be an https:// URL, not " + url);
      }
    }
    for (String reserved : StreamFields.ATTACHMENT_RESERVED) {
      if (a.has(reserved)) {
        c.fail("validation", "attachment field " + reserved + " is reserved");
      }
    }
    c.typed(a, "attachment", ATTACHMENT_STRINGS, ATTACHMENT_BOOLEANS);
    JsonNode size = a.get("file_size");
    if (size != null
        && !(size.isNumber() && size.canConvertToExactIntegral() && size.asLong() >= 0)) {
      c.fail("validation", "attachment file_size must be a whole number of bytes, not " + size);
    }
    c.customSize(a, StreamFields.ATTACHMENT_BUILT_IN, "attachment");
  }

  private static boolean allText(JsonNode array) {
    for (JsonNode e : array) {
      if (!e.isTextual()) {
        return false;
      }
    }
    return true;
  }

  private static void reaction(Check c) {
    String message = c.string("message_id");
    if (message == null || message.isEmpty()) {
      c.fail("validation", "message_id is required");
      message = null;
    }
    String type = c.requiredId("type", REACTION_TYPE, 30);
    String user = c.requiredId("user_id", USER_ID, 255);
    if (!c.data.has("created_at")) {
      c.fail("validation", "created_at is required");
    }
    if (message != null) {
      c.sink.claim(Claim.REACTED_MESSAGE, message);
    }
    if (user != null) {
      c.sink.claim(Claim.USER, user);
    }
    c.custom(StreamFields.REACTION_BUILT_IN, Set.of());
    c.timestamps("created_at");
    if (message != null && type != null && user != null) {
      c.sink.claim(Claim.REACTION_ID, message, type, user);
    }
  }

  /** The rules of one item, reporting into its sink. */
  private static final class Check {
    final String type;
    final JsonNode data;
    final Sink sink;

    Check(String type, JsonNode data, Sink sink) {
      this.type = type;
      this.data = data;
      this.sink = sink;
    }

    void fail(String kind, String message) {
      sink.error(kind, message);
    }

    String string(String field) {
      JsonNode v = data.get(field);
      return v != null && v.isTextual() ? v.asText() : null;
    }

    String requiredId(String field, Chars allowed, int max) {
      String value = string(field);
      if (value == null || value.isEmpty()) {
        fail("validation", field + " is required");
        return null;
      }
      if (value.length() > max || !allowed.allows(value)) {
        fail(
            "validation",
            field
                + " "
                + value
                + " must match "
                + allowed
                + " and be at most "
                + max
                + " characters");
        return null;
      }
      return value;
    }

    /** Built-in fields of an object that hold a string or a boolean when present. */
    void typed(JsonNode object, String what, Set<String> strings, Set<String> booleans) {
      for (String field : strings) {
        JsonNode v = object.get(field);
        if (v != null && !v.isTextual()) {
          fail("validation", what + " " + field + " must be a string, not " + v);
        }
      }
      for (String field : booleans) {
        JsonNode v = object.get(field);
        if (v != null && !v.isBoolean()) {
          fail("validation", what + " " + field + " must be true or false, not " + v);
        }
      }
    }

    void timestamps(String... fields) {
      for (String field : fields) {
        JsonNode v = data.get(field);
        if (v != null && (!v.isTextual() || Timestamps.parseMicros(v.asText()) == null)) {
          fail("validation", field + " must be an RFC 3339 timestamp, not " + v);
        }
      }
    }

    void custom(Set<String> builtIn, Set<String> reserved) {
      for (String name : reserved) {
        if (data.has(name)) {
          fail("validation", name + " is reserved and may not be set");
        }
      }
      customSize(data, builtIn, type);
    }

    void customSize(JsonNode object, Set<String> builtIn, String what) {
      ObjectNode custom = null;
      for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        if (!builtIn.contains(e.getKey())) {
          if (custom == null) {
            custom = Json.MAPPER.createObjectNode();
          }
          custom.set(e.getKey(), e.getValue());
        }
      }
      if (custom != null) {
        int bytes = Json.write(custom).getBytes(StandardCharsets.UTF_8).length;
        if (bytes > StreamFields.MAX_CUSTOM_DATA_BYTES) {
          fail(
              "validation",
              what
                  + " custom data is "
                  + bytes
                  + " bytes, over "
                  + StreamFields.MAX_CUSTOM_DATA_BYTES);
        }
      }
    }
  }

  /**
   * The characters a field may hold, as Stream's rule writes them (a regex, which the errors
   * quote), checked a character at a time against a table the regex fills for ASCII: the regex per
   * id was ~6 % of the validator's profile. A character outside ASCII is left to the regex itself.
   */
  private static final class Chars {
    private final Pattern pattern;
    private final boolean[] ascii = new boolean[128];

    Chars(String regex) {
      pattern = Pattern.compile(regex);
      for (char ch = 0; ch < ascii.length; ch++) {
        ascii[ch] = pattern.matcher(String.valueOf(ch)).matches();
      }
    }

    boolean allows(String text) {
      for (int i = 0; i < text.length(); i++) {
        char ch = text.charAt(i);
        if (ch >= ascii.length) {
          return pattern.matcher(text).matches();
        }
        if (!ascii[ch]) {
          return false;
        }
      }
      return true;
    }

    @Override
    public String toString() {
      return pattern.toString();
    }
  }
}
