package io.chatkitmigrate.transforms.read;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.chatkitmigrate.schemas.Json;
import io.chatkitmigrate.schemas.Source;
import io.chatkitmigrate.schemas.Timestamps;
import io.chatkitmigrate.schemas.Utf8;
import io.chatkitmigrate.schemas.chatkit.ChatkitMessage;
import io.chatkitmigrate.schemas.chatkit.MessagePart;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a message of Pusher's export shape straight from the parser's tokens, without a tree: the
 * tree was most of the reader's work on the bulk of an export. It knows only that one plain shape
 * (inline and url parts, no fragment fields, no nulls, no lone surrogates) and answers null for
 * anything else, which the tree-building path then reads, rejects or reports; so the records it
 * does give are the ones that path gives (MessageTokenReaderTest holds the two to that).
 */
final class MessageTokenReader {
  private static final int ID = 1;
  private static final int ROOM = 2;
  private static final int SENDER = 4;
  private static final int PARTS = 8;
  private static final int CREATED = 16;
  private static final int UPDATED = 32;
  private static final int DELETED = 64;
  private static final int REQUIRED = ID | ROOM | SENDER | PARTS | CREATED;
  private static final int MAX_PARTS = 10;

  private MessageTokenReader() {}

  /** The message, or null when the text is not a plain export-shaped one. */
  static ChatkitMessage read(String text, Source source) {
    try (JsonParser p = Json.MAPPER.getFactory().createParser(text)) {
      ChatkitMessage message = message(p, source);
      return message != null && p.nextToken() == null && Utf8.loneSurrogateEscape(text) == null
          ? message
          : null;
    } catch (IOException e) {
      return null;
    }
  }

  private static ChatkitMessage message(JsonParser p, Source source) throws IOException {
    if (p.nextToken() != JsonToken.START_OBJECT) {
      return null;
    }
    int seen = 0;
    long id = 0;
    String room = null;
    String sender = null;
    List<MessagePart> parts = null;
    long created = 0;
    long updated = 0;
    Long deleted = null;
    for (JsonToken t = p.nextToken(); t != JsonToken.END_OBJECT; t = p.nextToken()) {
      int field = field(p.currentName());
      if (field == 0 || (seen & field) != 0) {
        return null;
      }
      seen |= field;
      JsonToken value = p.nextToken();
      if (field == ID) {
        if (value != JsonToken.VALUE_NUMBER_INT
            || p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
          return null;
        }
        id = p.getLongValue();
      } else if (field == PARTS) {
        parts = parts(p, value);
        if (parts == null) {
          return null;
        }
      } else {
        if (value != JsonToken.VALUE_STRING) {
          return null;
        }
        String s = p.getText();
        if (field == ROOM) {
          room = s;
        } else if (field == SENDER) {
          sender = s;
        } else {
          Long micros = Timestamps.parseMicros(s);
          if (micros == null) {
            return null;
          }
          if (field == CREATED) {
            created = micros;
          } else if (field == UPDATED) {
            updated = micros;
          } else {
            deleted = micros;
          }
        }
      }
    }
    if ((seen & REQUIRED) != REQUIRED) {
      return null;
    }
    return new ChatkitMessage(
        id,
        room,
        sender,
        parts,
        created,
        (seen & UPDATED) != 0 ? updated : created,
        deleted,
        null,
        null,
        ChatkitMessage.Shape.EXPORT,
        source);
  }

  private static int field(String name) {
    return switch (name) {
      case "id" -> ID;
      case "room_id" -> ROOM;
      case "sender_id" -> SENDER;
      case "parts" -> PARTS;
      case "created_at" -> CREATED;
      case "updated_at" -> UPDATED;
      case "deleted_at" -> DELETED;
      default -> 0;
    };
  }

  /** Parts of {@code {"part_type": "inline"|"url", "payload": {...}}} only. */
  private static List<MessagePart> parts(JsonParser p, JsonToken start) throws IOException {
    if (start != JsonToken.START_ARRAY) {
      return null;
    }
    List<MessagePart> parts = new ArrayList<>(2);
    for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
      if (t != JsonToken.START_OBJECT || parts.size() == MAX_PARTS) {
        return null;
      }
      MessagePart part = part(p);
      if (part == null) {
        return null;
      }
      parts.add(part);
    }
    return List.copyOf(parts);
  }

  private static MessagePart part(JsonParser p) throws IOException {
    String kind = null;
    String[] payload = null;
    for (JsonToken t = p.nextToken(); t != JsonToken.END_OBJECT; t = p.nextToken()) {
      String name = p.currentName();
      JsonToken value = p.nextToken();
      if (name.equals("part_type") && kind == null && value == JsonToken.VALUE_STRING) {
        kind = p.getText();
      } else if (name.equals("payload") && payload == null && value == JsonToken.START_OBJECT) {
        payload = payload(p);
        if (payload == null) {
          return null;
        }
      } else {
        return null;
      }
    }
    if (kind == null || payload == null) {
      return null;
    }
    // payload: type, content, url, each once at most.
    return switch (kind) {
      case "inline" ->
          payload[1] != null && payload[2] == null
              ? MessagePart.inline(payload[0], payload[1])
              : null;
      case "url" ->
          payload[2] != null && payload[1] == null ? MessagePart.url(payload[0], payload[2]) : null;
      default -> null;
    };
  }

  /** A payload's {@code type}, {@code content} and {@code url}, all strings; null otherwise. */
  private static String[] payload(JsonParser p) throws IOException {
    String[] values = new String[3];
    for (JsonToken t = p.nextToken(); t != JsonToken.END_OBJECT; t = p.nextToken()) {
      int slot =
          switch (p.currentName()) {
            case "type" -> 0;
            case "content" -> 1;
            case "url" -> 2;
            default -> -1;
          };
      if (slot < 0 || values[slot] != null || p.nextToken() != JsonToken.VALUE_STRING) {
        return null;
      }
      values[slot] = p.getText();
    }
    return values;
  }
}
