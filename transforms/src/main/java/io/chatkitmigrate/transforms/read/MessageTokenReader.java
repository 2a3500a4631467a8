package io.chatkitmigrate.transforms.read;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.chatkitmigrate.schemas.Json;
import io.chatkitmigrate.schemas.Source;
import io.chatkitmigrate.schemas.Timestamps;
import io.chatkitmigrate.schemas.Utf8;
import io.chatkitmigrate.schemas.chatkit.ChatkitMessage;
import io.chatkitmigrate.schemas.chatkit.ChatkitMessage.Shape;
import io.chatkitmigrate.schemas.chatkit.MessagePart;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a plain message straight from the parser's tokens, without a tree: the tree was most of the
 * reader's work on the bulk of an export. Plain is each of the three shapes in its simplest form:
 * the export's ({@code sender_id}, parts of {@code part_type} inline or url), the API's ({@code
 * user_id}, parts of {@code type} and content or url) and the legacy one ({@code user_id} and
 * {@code text}), fragments included; no attachments, no nulls, no keys beyond these, no lone
 * surrogates. For anything else it answers null and the tree-building path reads, rejects or
 * reports the text; so the records it gives are the ones that path gives (MessageTokenReaderTest
 * holds the two to that).
 */
final class MessageTokenReader {
  private static final int ID = 1;
  private static final int ROOM = 1 << 1;
  private static final int SENDER = 1 << 2;
  private static final int USER = 1 << 3;
  private static final int PARTS = 1 << 4;
  private static final int TEXT = 1 << 5;
  private static final int CREATED = 1 << 6;
  private static final int UPDATED = 1 << 7;
  private static final int DELETED = 1 << 8;
  private static final int PART_INDEX = 1 << 9;
  private static final int PART_COUNT = 1 << 10;

  private MessageTokenReader() {}

  /** The message, or null when the text is not a plain one. */
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

  /** A part as read: export-style (kind and payload) or API-style (the part's own fields). */
  private record Part(String kind, String type, String content, String url) {}

  private static ChatkitMessage message(JsonParser p, Source source) throws IOException {
    if (p.nextToken() != JsonToken.START_OBJECT) {
      return null;
    }
    int seen = 0;
    long id = 0;
    String room = null;
    String sender = null;
    String user = null;
    String text = null;
    List<Part> parts = null;
    long created = 0;
    long updated = 0;
    Long deleted = null;
    Integer partIndex = null;
    Integer partCount = null;
    for (JsonToken t = p.nextToken(); t != JsonToken.END_OBJECT; t = p.nextToken()) {
      int field = field(p.currentName());
      if (field == 0 || (seen & field) != 0) {
        return null;
      }
      seen |= field;
      JsonToken value = p.nextToken();
      if (field == PARTS) {
        parts = parts(p, value);
        if (parts == null) {
          return null;
        }
      } else if (field == ID || field == PART_INDEX || field == PART_COUNT) {
        if (value != JsonToken.VALUE_NUMBER_INT
            || p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
          return null;
        }
        long n = p.getLongValue();
        if (field == ID) {
          id = n;
        } else if (n < 0 || n > Integer.MAX_VALUE) {
          return null;
        } else if (field == PART_INDEX) {
          partIndex = (int) n;
        } else {
          partCount = (int) n;
        }
      } else if (value != JsonToken.VALUE_STRING) {
        return null;
      } else if (field >= CREATED && field <= DELETED) {
        Long micros = Timestamps.parseMicros(p.getText());
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
      } else if (field == ROOM) {
        room = p.getText();
      } else if (field == SENDER) {
        sender = p.getText();
      } else if (field == USER) {
        user = p.getText();
      } else {
        text = p.getText();
      }
    }
    if ((seen & (ID | ROOM | CREATED)) != (ID | ROOM | CREATED)
        || (partIndex == null) != (partCount == null)
        || (parts == null) == (text == null)) {
      return null;
    }
    Shape shape;
    String from;
    List<MessagePart> made = new ArrayList<>(parts == null ? 1 : parts.size());
    if (text != null) {
      // The legacy shape: user_id goes before sender_id, as the tree path has it.
      shape = Shape.LEGACY_V2;
      from = user != null ? user : sender;
      made.add(MessagePart.inline("text/plain", text));
    } else {
      boolean export = sender != null || !parts.isEmpty() && parts.get(0).kind() != null;
      shape = export ? Shape.EXPORT : Shape.API;
      from = export ? sender : user;
      for (Part part : parts) {
        if ((part.kind() != null) != export) {
          return null;
        }
        MessagePart one = export ? exportPart(part) : apiPart(part);
        if (one == null) {
          return null;
        }
        made.add(one);
      }
    }
    if (from == null) {
      return null;
    }
    return new ChatkitMessage(
        id,
        room,
        from,
        List.copyOf(made),
        created,
        (seen & UPDATED) != 0 ? updated : created,
        deleted,
        partIndex,
        partCount,
        shape,
        source);
  }

  private static int field(String name) {
    return switch (name) {
      case "id" -> ID;
      case "room_id" -> ROOM;
      case "sender_id" -> SENDER;
      case "user_id" -> USER;
      case "parts" -> PARTS;
      case "text" -> TEXT;
      case "created_at" -> CREATED;
      case "updated_at" -> UPDATED;
      case "deleted_at" -> DELETED;
      case "part_index" -> PART_INDEX;
      case "part_count" -> PART_COUNT;
      default -> 0;
    };
  }

  private static MessagePart exportPart(Part part) {
    return switch (part.kind()) {
      case "inline" ->
          part.content() != null && part.url() == null
              ? MessagePart.inline(part.type(), part.content())
              : null;
      case "url" ->
          part.url() != null && part.content() == null
              ? MessagePart.url(part.type(), part.url())
              : null;
      default -> null;
    };
  }

  private static MessagePart apiPart(Part part) {
    if (part.content() != null && part.url() == null) {
      return MessagePart.inline(part.type(), part.content());
    }
    if (part.url() != null && part.content() == null) {
      return MessagePart.url(part.type(), part.url());
    }
    return null;
  }

  private static List<Part> parts(JsonParser p, JsonToken start) throws IOException {
    if (start != JsonToken.START_ARRAY) {
      return null;
    }
    List<Part> parts = new ArrayList<>(2);
    for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
      if (t != JsonToken.START_OBJECT || parts.size() == ChatkitRecordParser.MAX_PARTS) {
        return null;
      }
      Part part = part(p);
      if (part == null) {
        return null;
      }
      parts.add(part);
    }
    return parts;
  }

  /**
   * {@code {"part_type": ..., "payload": {type, content|url}}} or {@code {type, content|url}}, all
   * strings, each key once.
   */
  private static Part part(JsonParser p) throws IOException {
    String kind = null;
    String[] fields = null;
    String[] own = new String[3];
    boolean any = false;
    for (JsonToken t = p.nextToken(); t != JsonToken.END_OBJECT; t = p.nextToken()) {
      String name = p.currentName();
      JsonToken value = p.nextToken();
      if (name.equals("part_type") && kind == null && value == JsonToken.VALUE_STRING) {
        kind = p.getText();
      } else if (name.equals("payload") && fields == null && value == JsonToken.START_OBJECT) {
        fields = new String[3];
        for (JsonToken f = p.nextToken(); f != JsonToken.END_OBJECT; f = p.nextToken()) {
          String field = p.currentName();
          if (!put(fields, field, p.nextToken(), p)) {
            return null;
          }
        }
      } else if (put(own, name, value, p)) {
        any = true;
      } else {
        return null;
      }
    }
    if (kind != null && fields != null && !any) {
      return new Part(kind, fields[0], fields[1], fields[2]);
    }
    return kind == null && fields == null && any ? new Part(null, own[0], own[1], own[2]) : null;
  }

  /**
   * A string field among type, content and url into its slot; false for any other field, a repeated
   * one or another kind of value.
   */
  private static boolean put(String[] fields, String name, JsonToken value, JsonParser p)
      throws IOException {
    int slot = slot(name);
    if (slot < 0 || fields[slot] != null || value != JsonToken.VALUE_STRING) {
      return false;
    }
    fields[slot] = p.getText();
    return true;
  }

  private static int slot(String name) {
    return switch (name) {
      case "type" -> 0;
      case "content" -> 1;
      case "url" -> 2;
      default -> -1;
    };
  }
}
