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
import it.unimi.dsi.fastutil.longs.LongOpenHashSet;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Pattern;

/**
 * Checks a sequence of Stream import parts against every rule of Stream's import (stream-import.md
 * §1): parse errors, field rules, references to items earlier in the sequence, duplicates, item
 * order and part size. It streams: memory grows with the number of ids (users and channels as
 * strings; members, messages and reactions as 64-bit hashes, 8 bytes each), never with message
 * texts.
 */
public final class ImportValidator {
  private static final Chars USER_ID = new Chars("[@\\w-]*");
  private static final Chars CHANNEL_ID = new Chars("[\\w-]*");
  private static final List<String> MESSAGE_REFERENCES = List.of("parent_id", "quoted_message_id");
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

  /** One part to read: its name (for errors), its size, and how to open it. */
  public record Part(String name, long bytes, Opener opener) {}

  /** Opens a part's bytes. */
  public interface Opener {
    InputStream open() throws IOException;
  }

  private final int maxMessageLength;
  private final long maxPartBytes;
  private final ValidationReport report;

  private final Set<String> users = new HashSet<>();
  private final Set<String> channels = new HashSet<>();
  private final LongOpenHashSet members = new LongOpenHashSet();
  private final LongOpenHashSet messages = new LongOpenHashSet();
  private final LongOpenHashSet reactions = new LongOpenHashSet();
  private int lastTypeIndex = -1;
  private String lastType;

  public ImportValidator(int maxMessageLength, long maxPartBytes, int maxErrorsKept) {
    this.maxMessageLength = maxMessageLength;
    this.maxPartBytes = maxPartBytes;
    this.report = new ValidationReport(maxErrorsKept);
  }

  public static ImportValidator withDefaults() {
    return new ImportValidator(5000, 300_000_000L, 1000);
  }

  /** Validates the parts in the order given, as Stream would import them. */
  public ValidationReport validate(List<Part> parts) throws IOException {
    // Cutting lines and parsing them is most of the work and needs no order, so it runs on every
    // core,
    // a block of bytes at a time; the checks, which follow the order of the items, stay on this
    // thread
    // and see the items exactly as a sequential pass would. (Running an item's own rules on the
    // parsing
    // threads too was measured: more CPU in all, no faster.)
    int threads = Math.max(1, Runtime.getRuntime().availableProcessors());
    ExecutorService parsers =
        Executors.newFixedThreadPool(
            threads,
            r -> {
              Thread t = new Thread(r, "validate-parse");
              t.setDaemon(true);
              return t;
            });
    try {
      for (Part part : parts) {
        if (part.bytes() > maxPartBytes) {
          report.error(
              "part_too_large",
              "file is " + part.bytes() + " bytes, over the " + maxPartBytes + " a part may hold",
              null,
              null,
              part.name(),
              0);
        }
        try (InputStream in = part.opener().open()) {
          validatePart(part.name(), in, parsers, 2 * threads);
        }
      }
    } finally {
      parsers.shutdownNow();
    }
    return report;
  }

  /**
   * The errors of one item's own field rules, as messages: none of the rules between items
   * (references, duplicates, order) take part. This is what Stream's JSON Schema of the item type
   * can also say.
   */
  static List<String> ownRuleErrors(String itemType, JsonNode data) {
    ImportValidator alone = withDefaults();
    alone.item(
        "", 1, new Parsed(1, itemType, ImportItem.TYPE_ORDER.indexOf(itemType), null, data, null));
    List<String> errors = new ArrayList<>();
    for (JsonNode e : alone.report.errors()) {
      if (e.get("kind").asText().equals("validation")) {
        errors.add(e.get("error").asText());
      }
    }
    return errors;
  }

  /**
   * Bytes handed to a parsing thread at once, cut after a line end (a longer line makes its block
   * longer).
   */
  private int blockBytes = 1 << 20;

  /** Smaller blocks, so that tests cross block boundaries with a few lines. */
  ImportValidator withBlockBytes(int bytes) {
    this.blockBytes = bytes;
    return this;
  }

  private void validatePart(String name, InputStream in, ExecutorService parsers, int inFlight)
      throws IOException {
    ArrayDeque<Future<Block>> pending = new ArrayDeque<>();
    long linesBefore = 0;
    byte[] buf = new byte[blockBytes];
    int filled = 0;
    while (true) {
      filled += in.readNBytes(buf, filled, buf.length - filled);
      boolean end = filled < buf.length;
      int cut = end ? filled : lastLineEnd(buf, filled) + 1;
      if (cut == 0 && !end) {
        buf = Arrays.copyOf(buf, buf.length * 2);
        continue;
      }
      if (cut > 0) {
        int rest = filled - cut;
        byte[] next = new byte[rest + blockBytes];
        System.arraycopy(buf, cut, next, 0, rest);
        pending.add(parsers.submit(parse(buf, cut)));
        buf = next;
        filled = rest;
        while (pending.size() >= inFlight) {
          linesBefore += check(name, linesBefore, pending.poll());
        }
      }
      if (end) {
        break;
      }
    }
    while (!pending.isEmpty()) {
      linesBefore += check(name, linesBefore, pending.poll());
    }
  }

  private static int lastLineEnd(byte[] bytes, int length) {
    for (int i = length - 1; i >= 0; i--) {
      if (bytes[i] == '\n') {
        return i;
      }
    }
    return -1;
  }

  /**
   * A line as parsed: an item's type and data, or, in {@code problem}, why the line is not an item.
   */
  private record Parsed(
      int line, String type, int typeIndex, JsonNode node, JsonNode data, String problem) {}

  /** A block's items, its line count and its items by type in the order the types first appear. */
  private record Block(List<Parsed> items, int lines, long[] counts, int[] typesInOrder) {}

  private static Callable<Block> parse(byte[] bytes, int length) {
    return () -> {
      List<Parsed> items = new ArrayList<>();
      long[] counts = new long[ImportItem.TYPE_ORDER.size()];
      int[] seen = new int[counts.length];
      int distinct = 0;
      int line = 0;
      int start = 0;
      while (start < length) {
        int end = start;
        while (end < length && bytes[end] != '\n') {
          end++;
        }
        line++;
        if (!blank(bytes, start, end)) {
          Parsed p = parseLine(line, bytes, start, end - start);
          items.add(p);
          if (p.problem() == null) {
            if (counts[p.typeIndex()]++ == 0) {
              seen[distinct++] = p.typeIndex();
            }
          }
        }
        start = end + 1;
      }
      return new Block(items, line, counts, Arrays.copyOf(seen, distinct));
    };
  }

  private static boolean blank(byte[] bytes, int from, int to) {
    for (int i = from; i < to; i++) {
      byte b = bytes[i];
      if (b != ' ' && b != '\t' && b != '\r') {
        return false;
      }
    }
    return true;
  }

  private static Parsed parseLine(int line, byte[] bytes, int offset, int length) {
    JsonNode node;
    try {
      // Parsed from text, as the reader parses the export: in a migration that code is compiled
      // already.
      node = READER.readTree(Utf8.strict(bytes, offset, length));
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

  /** Reports a block's items in order; returns its number of lines. */
  private int check(String file, long linesBefore, Future<Block> pending) throws IOException {
    Block block;
    try {
      block = pending.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("validation interrupted");
    } catch (ExecutionException e) {
      throw new IOException("parsing a part failed", e.getCause());
    }
    for (int type : block.typesInOrder()) {
      report.count(file, ImportItem.TYPE_ORDER.get(type), block.counts()[type]);
    }
    for (Parsed p : block.items()) {
      item(file, linesBefore + p.line(), p);
    }
    return block.lines();
  }

  private void item(String file, long line, Parsed parsed) {
    if (parsed.problem() != null) {
      report.error("parse", parsed.problem(), parsed.type(), parsed.node(), file, line);
      return;
    }
    String type = parsed.type();
    int index = parsed.typeIndex();
    if (index < lastTypeIndex) {
      report.error(
          "order",
          type + " after " + lastType + ": items must come in the order " + ImportItem.TYPE_ORDER,
          type,
          parsed.data(),
          file,
          line);
    } else {
      lastTypeIndex = index;
      lastType = type;
    }
    Check check = new Check(type, parsed.data(), file, line);
    switch (type) {
      case "user" -> user(check);
      case "channel" -> channel(check);
      case "member" -> member(check);
      case "message" -> message(check);
      case "reaction" -> reaction(check);
      default -> {}
    }
  }

  private void user(Check c) {
    String id = c.requiredId("id", USER_ID, 255);
    c.custom(StreamFields.USER_BUILT_IN, StreamFields.USER_RESERVED);
    c.timestamps("created_at", "deactivated_at", "deleted_at");
    c.typed(c.data, "user", USER_STRINGS, USER_BOOLEANS);
    JsonNode teams = c.data.get("teams");
    if (teams != null && !(teams.isArray() && allText(teams))) {
      c.fail("validation", "teams must be a list of strings, not " + teams);
    }
    if (id != null && !users.add(id)) {
      c.fail("duplicate", "duplicate user id " + id);
    }
  }

  private void channel(Check c) {
    String type = c.requiredId("type", CHANNEL_ID, 64);
    String id = c.requiredId("id", CHANNEL_ID, 64);
    String creator = c.requiredId("created_by", USER_ID, 255);
    if (creator != null && !users.contains(creator)) {
      c.fail("reference", "created_by " + creator + " is not a user of the import");
    }
    c.custom(StreamFields.CHANNEL_BUILT_IN, StreamFields.CHANNEL_RESERVED);
    c.timestamps("created_at", "truncated_at");
    c.typed(c.data, "channel", NONE, CHANNEL_BOOLEANS);
    if (c.data.has("updated_at")) {
      c.fail("validation", "channels may not carry updated_at");
    }
    if (type != null && id != null && !channels.add(type + ":" + id)) {
      c.fail("duplicate", "duplicate channel " + type + ":" + id);
    }
  }

  private void member(Check c) {
    String type = c.requiredId("channel_type", CHANNEL_ID, 64);
    String id = c.requiredId("channel_id", CHANNEL_ID, 64);
    String user = c.requiredId("user_id", USER_ID, 255);
    if (type != null && id != null && !channels.contains(type + ":" + id)) {
      c.fail("reference", "channel " + type + ":" + id + " is not a channel of the import");
    }
    if (user != null && !users.contains(user)) {
      c.fail("reference", "user " + user + " is not a user of the import");
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
    if (type != null && id != null && user != null && !members.add(hash(type, id, user))) {
      c.fail("duplicate", "duplicate member " + user + " of " + type + ":" + id);
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
    if (type != null && channel != null && !channels.contains(type + ":" + channel)) {
      c.fail("reference", "channel " + type + ":" + channel + " is not a channel of the import");
    }
    String user = null;
    if (!c.data.has("user") && c.data.has("user_id")) {
      c.fail("validation", "user is required (the sender's id; the key is user, not user_id)");
    } else {
      user = c.requiredId("user", USER_ID, 255);
    }
    if (user != null && !users.contains(user)) {
      c.fail("reference", "user " + user + " is not a user of the import");
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
    for (String ref : MESSAGE_REFERENCES) {
      String target = c.string(ref);
      if (target != null && !messages.contains(hash(target))) {
        c.fail("reference", ref + " " + target + " is not an earlier message of the import");
      }
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
    if (id != null && !messages.add(hash(id))) {
      c.fail("duplicate", "duplicate message id " + id);
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

  private void reaction(Check c) {
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
    if (message != null && !messages.contains(hash(message))) {
      c.fail("reference", "message " + message + " is not a message of the import");
    }
    if (user != null && !users.contains(user)) {
      c.fail("reference", "user " + user + " is not a user of the import");
    }
    c.custom(StreamFields.REACTION_BUILT_IN, Set.of());
    c.timestamps("created_at");
    if (message != null
        && type != null
        && user != null
        && !reactions.add(hash(message, type, user))) {
      c.fail("duplicate", "duplicate reaction " + type + " of " + user + " on " + message);
    }
  }

  /** The rules of one item, reporting into the shared report. */
  private final class Check {
    final String type;
    final JsonNode data;
    final String file;
    final long line;

    Check(String type, JsonNode data, String file, long line) {
      this.type = type;
      this.data = data;
      this.file = file;
      this.line = line;
    }

    void fail(String kind, String message) {
      report.error(kind, message, type, data, file, line);
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

  /**
   * A 64-bit hash of the parts (FNV-1a over their characters, each part preceded by its length so
   * that ("ab","c") and ("a","bc") differ, then MurmurHash3's finaliser). The ids are not
   * adversarial, so any two collide with odds near 2^-64; a SHA-256 digest per id was ~8 % of the
   * validator's profile.
   */
  static long hash(String... parts) {
    long h = 0xcbf29ce484222325L;
    for (String p : parts) {
      h = (h ^ p.length()) * 0x100000001b3L;
      for (int i = 0; i < p.length(); i++) {
        h = (h ^ p.charAt(i)) * 0x100000001b3L;
      }
    }
    h ^= h >>> 33;
    h *= 0xff51afd7ed558ccdL;
    h ^= h >>> 33;
    h *= 0xc4ceb9fe1a85ec53L;
    h ^= h >>> 33;
    return h;
  }
}
