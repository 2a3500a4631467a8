package io.chatkitmigrate.transforms.read;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import io.chatkitmigrate.schemas.Finding;
import io.chatkitmigrate.schemas.Json;
import io.chatkitmigrate.schemas.Source;
import io.chatkitmigrate.schemas.Utf8;
import io.chatkitmigrate.schemas.chatkit.ChatkitCursor;
import io.chatkitmigrate.schemas.chatkit.ChatkitMessage;
import io.chatkitmigrate.schemas.chatkit.ChatkitRole;
import io.chatkitmigrate.schemas.chatkit.ChatkitRoom;
import io.chatkitmigrate.schemas.chatkit.ChatkitUser;
import io.chatkitmigrate.schemas.chatkit.ChatkitUserRole;
import io.chatkitmigrate.schemas.chatkit.Entity;
import io.chatkitmigrate.schemas.chatkit.MessagePart;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One record's bytes to a Chatkit record, whatever shape the export used, or to a rejection with a
 * reason code: {@code malformed_json} (not JSON, truncated, invalid UTF-8), {@code unknown_shape}
 * (JSON that is not an object, or a part of no known kind), {@code missing_field}, {@code
 * wrong_type}, {@code duplicate_key} (a key twice in one object: which one was meant is
 * unknowable), {@code timestamp_out_of_range}, {@code number_out_of_range} (see {@link
 * Fields#objectJson}) and {@code record_too_large}.
 */
public final class ChatkitRecordParser {
  private static final ObjectReader READER =
      Json.MAPPER
          .reader()
          .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          // Checked as the tree is built, at no measurable cost (the parser's own check cost 18 %).
          .with(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY);
  private static final Pattern DUPLICATE =
      Pattern.compile("^Duplicate field '(.*)' for `ObjectNode`", Pattern.DOTALL);

  /** The most parts a whole message (not a fragment) may have. */
  static final int MAX_PARTS = 10;

  /**
   * The default of option maxRecordBytes: far above Chatkit's 5 KB messages, far below Jackson's
   * string limit.
   */
  public static final long DEFAULT_MAX_RECORD_BYTES = 16L << 20;

  /** How much of a record over the maximum its finding keeps. */
  public static final int EXCERPT_BYTES = 1000;

  private ChatkitRecordParser() {}

  /** Either a record or the rejection of the input. */
  public record Result(Object record, Finding rejection) {}

  /**
   * @param offset where the record's line starts in an NDJSON file, -1 inside a JSON array
   */
  public static Result parse(
      Entity entity, byte[] bytes, String file, long line, long index, long offset) {
    return parse(entity, bytes, file, line, index, offset, DEFAULT_MAX_RECORD_BYTES);
  }

  /**
   * As above, refusing a record of more than {@code maxRecordBytes} bytes with an excerpt of it.
   */
  public static Result parse(
      Entity entity,
      byte[] bytes,
      String file,
      long line,
      long index,
      long offset,
      long maxRecordBytes) {
    Source source = new Source(file, line, index, offset, bytes.length);
    if (bytes.length > maxRecordBytes) {
      return new Result(
          null,
          Finding.of(
                  "record_too_large",
                  entity.word(),
                  source,
                  "the record is "
                      + bytes.length
                      + " bytes, over the maximum record size of "
                      + maxRecordBytes
                      + " bytes (option --maxRecordBytes); record holds its first bytes only")
              .withRecord(Utf8.excerpt(bytes, EXCERPT_BYTES)));
    }
    String text;
    try {
      text = Utf8.strict(bytes, 0, bytes.length);
    } catch (CharacterCodingException e) {
      String lossy = new String(bytes, StandardCharsets.UTF_8);
      return new Result(
          null,
          Finding.of("malformed_json", entity.word(), source, "invalid UTF-8").withRecord(lossy));
    }
    return parse(entity, text, source);
  }

  public static Result parse(Entity entity, String text, Source source) {
    if (entity == Entity.MESSAGES) {
      ChatkitMessage plain = MessageTokenReader.read(text, source);
      if (plain != null) {
        return new Result(plain, null);
      }
    }
    return parseTree(entity, text, source);
  }

  /** Every record through a tree: every shape, every rejection with its reason. */
  static Result parseTree(Entity entity, String text, Source source) {
    JsonNode node;
    try {
      node = READER.readTree(text);
    } catch (JsonProcessingException e) {
      String message = e.getOriginalMessage();
      Matcher duplicate = DUPLICATE.matcher(message == null ? "" : message);
      if (duplicate.find()) {
        return reject(
            "duplicate_key",
            entity,
            source,
            text,
            "key '"
                + duplicate.group(1)
                + "' appears twice in one object: which value was meant is unknowable");
      }
      return reject("malformed_json", entity, source, text, message);
    }
    String lone = Utf8.loneSurrogateEscape(text);
    if (lone != null) {
      return reject(
          "malformed_json",
          entity,
          source,
          text,
          lone
              + " is half of a UTF-16 surrogate pair without its other half: not Unicode text,"
              + " as the same character in UTF-8 or UTF-16 bytes is not");
    }
    if (node == null || !node.isObject()) {
      String what = node == null ? "nothing" : Fields.describe(node);
      return reject(
          "unknown_shape", entity, source, text, "a record must be a JSON object, not " + what);
    }
    try {
      Fields f = new Fields(node);
      Object record =
          switch (entity) {
            case USERS -> user(f, source);
            case ROOMS -> room(f, source);
            case MESSAGES -> message(f, source);
            case CURSORS -> cursor(f, source);
            case ROLES -> role(f, source);
            case USER_ROLES -> userRole(f, source);
          };
      return new Result(record, null);
    } catch (BadRecord e) {
      return reject(e.reason, entity, source, text, e.getMessage());
    }
  }

  /** Rejected while its text is at hand: the finding carries it from the start. */
  private static Result reject(
      String reason, Entity entity, Source source, String text, String detail) {
    return new Result(null, Finding.of(reason, entity.word(), source, detail).withRecord(text));
  }

  private static ChatkitUser user(Fields f, Source source) throws BadRecord {
    String id = f.requiredString("id");
    Long created = f.timestamp("created_at");
    Long updated = f.timestamp("updated_at");
    long createdAt = created != null ? created : updated != null ? updated : 0L;
    return new ChatkitUser(
        id,
        f.string("name"),
        f.string("avatar_url"),
        f.objectJson("custom_data"),
        createdAt,
        updated != null ? updated : createdAt,
        source);
  }

  private static ChatkitRoom room(Fields f, Source source) throws BadRecord {
    String id = f.requiredId("id");
    List<String> members = f.ids("member_ids");
    if (members == null) {
      members = f.ids("member_user_ids");
    }
    long createdAt = f.requiredTimestamp("created_at");
    Long updated = f.timestamp("updated_at");
    Boolean isPrivate = f.bool("private");
    return new ChatkitRoom(
        id,
        f.requiredString("created_by_id"),
        f.string("name"),
        isPrivate != null && isPrivate,
        members == null ? List.of() : members,
        f.string("push_notification_title_override"),
        f.objectJson("custom_data"),
        f.timestamp("last_message_at"),
        createdAt,
        updated != null ? updated : createdAt,
        f.timestamp("deleted_at"),
        source);
  }

  private static ChatkitMessage message(Fields f, Source source) throws BadRecord {
    long id = f.requiredInteger("id");
    String roomId = f.requiredId("room_id");
    long createdAt = f.requiredTimestamp("created_at");
    Long updated = f.timestamp("updated_at");
    Long deletedAt = f.timestamp("deleted_at");
    Integer partIndex = f.smallInteger("part_index");
    Integer partCount = f.smallInteger("part_count");
    if ((partIndex == null) != (partCount == null)) {
      throw BadRecord.missing(partIndex == null ? "part_index" : "part_count");
    }

    ChatkitMessage.Shape shape;
    String sender;
    List<MessagePart> parts;
    JsonNode partsNode = f.get("parts");
    if (partsNode != null) {
      if (!partsNode.isArray()) {
        throw BadRecord.wrongType("parts", "an array", Fields.describe(partsNode));
      }
      boolean exportShape = f.has("sender_id") || hasPartType(partsNode);
      shape = exportShape ? ChatkitMessage.Shape.EXPORT : ChatkitMessage.Shape.API;
      sender = exportShape ? f.requiredString("sender_id") : f.requiredString("user_id");
      parts = new ArrayList<>(partsNode.size());
      for (JsonNode part : partsNode) {
        if (!part.isObject()) {
          throw new BadRecord(
              "unknown_shape", "a part must be an object, not " + Fields.describe(part));
        }
        parts.add(exportShape ? exportPart(new Fields(part)) : apiPart(new Fields(part)));
      }
    } else if (f.has("text") || f.has("attachment")) {
      shape = ChatkitMessage.Shape.LEGACY_V2;
      sender = f.has("user_id") ? f.requiredString("user_id") : f.requiredString("sender_id");
      parts = legacyParts(f);
    } else {
      // No content at all: kept, so that the conversion rejects it as an empty message.
      shape = f.has("sender_id") ? ChatkitMessage.Shape.EXPORT : ChatkitMessage.Shape.API;
      sender = f.has("sender_id") ? f.requiredString("sender_id") : f.requiredString("user_id");
      parts = List.of();
    }
    if (parts.size() > MAX_PARTS && partCount == null) {
      throw new BadRecord(
          "unknown_shape",
          "a message has at most " + MAX_PARTS + " parts, this has " + parts.size());
    }
    return new ChatkitMessage(
        id,
        roomId,
        sender,
        List.copyOf(parts),
        createdAt,
        updated != null ? updated : createdAt,
        deletedAt,
        partIndex,
        partCount,
        shape,
        source);
  }

  private static boolean hasPartType(JsonNode parts) {
    for (JsonNode part : parts) {
      if (part.has("part_type") || part.has("payload")) {
        return true;
      }
    }
    return false;
  }

  private static MessagePart exportPart(Fields part) throws BadRecord {
    String kind = part.requiredString("part_type");
    Fields payload = part.object("payload");
    if (payload == null) {
      throw BadRecord.missing("parts[].payload");
    }
    return switch (kind) {
      case "inline" ->
          MessagePart.inline(payload.string("type"), payload.requiredString("content"));
      case "url" -> MessagePart.url(payload.string("type"), payload.requiredString("url"));
      case "attachment" ->
          MessagePart.attachment(
              payload.string("type"),
              payload.string("name"),
              payload.integer("size"),
              payload.requiredString("download_url"),
              payload.objectJson("custom_data"));
      default -> throw new BadRecord("unknown_shape", "unknown part_type \"" + kind + "\"");
    };
  }

  private static MessagePart apiPart(Fields part) throws BadRecord {
    String type = part.string("type");
    if (part.has("content")) {
      return MessagePart.inline(type, part.requiredString("content"));
    }
    if (part.has("url")) {
      return MessagePart.url(type, part.requiredString("url"));
    }
    Fields attachment = part.object("attachment");
    if (attachment != null) {
      return MessagePart.attachment(
          type,
          attachment.string("name"),
          attachment.integer("size"),
          attachment.requiredString("download_url"),
          attachment.objectJson("custom_data"));
    }
    throw new BadRecord("unknown_shape", "a part has none of content, url or attachment");
  }

  private static List<MessagePart> legacyParts(Fields f) throws BadRecord {
    List<MessagePart> parts = new ArrayList<>(2);
    String text = f.string("text");
    if (text != null) {
      parts.add(MessagePart.inline("text/plain", text));
    }
    Fields attachment = f.object("attachment");
    if (attachment != null) {
      parts.add(
          MessagePart.legacyAttachment(
              attachment.string("type"), attachment.requiredString("resource_link")));
    }
    return parts;
  }

  private static ChatkitCursor cursor(Fields f, Source source) throws BadRecord {
    Long type = f.integer("cursor_type");
    return new ChatkitCursor(
        type == null ? 0 : type.intValue(),
        f.requiredId("room_id"),
        f.requiredString("user_id"),
        f.requiredInteger("position"),
        f.timestamp("updated_at"),
        source);
  }

  private static ChatkitRole role(Fields f, Source source) throws BadRecord {
    List<String> permissions = f.ids("permissions");
    String scope = f.string("scope");
    return new ChatkitRole(
        f.requiredString("name"),
        scope == null ? "global" : scope,
        permissions == null ? List.of() : permissions,
        source);
  }

  private static ChatkitUserRole userRole(Fields f, Source source) throws BadRecord {
    String roleName = f.string("role_name");
    if (roleName == null) {
      roleName = f.string("name");
    }
    if (roleName == null) {
      throw BadRecord.missing("role_name");
    }
    String roomId = f.has("room_id") ? f.requiredId("room_id") : null;
    String scope = f.string("scope");
    if (scope == null) {
      scope = roomId == null ? "global" : "room";
    }
    if ("room".equals(scope) && roomId == null) {
      throw BadRecord.missing("room_id");
    }
    return new ChatkitUserRole(f.requiredString("user_id"), roleName, scope, roomId, source);
  }
}
