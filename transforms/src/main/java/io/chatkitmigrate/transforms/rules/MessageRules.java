package io.chatkitmigrate.transforms.rules;

import io.chatkitmigrate.schemas.Finding;
import io.chatkitmigrate.schemas.Timestamps;
import io.chatkitmigrate.schemas.chatkit.ChatkitMessage;
import io.chatkitmigrate.schemas.chatkit.MessagePart;
import io.chatkitmigrate.schemas.stream.StreamAttachment;
import io.chatkitmigrate.schemas.stream.StreamFields;
import io.chatkitmigrate.schemas.stream.StreamMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** A merged Chatkit message to a Stream {@code message} item (docs/conversion.md §10-§13, §15). */
public final class MessageRules {
  static final Set<String> ATTACHMENT_TAKEN =
      CustomFields.union(StreamFields.ATTACHMENT_BUILT_IN, StreamFields.ATTACHMENT_RESERVED);
  static final String ENTITY = "messages";

  private MessageRules() {}

  public static Converted<StreamMessage> convert(
      ChatkitMessage m,
      String channelType,
      String channelId,
      long createdAtMicros,
      ConversionSettings o) {
    return convert(m, channelType, channelId, createdAtMicros, o, Map.of());
  }

  /**
   * @param rehosted attachment URLs this run copied into Cloud Storage, to their new URLs; the
   *     customer's own {@code attachmentUrlMap} comes first
   */
  public static Converted<StreamMessage> convert(
      ChatkitMessage m,
      String channelType,
      String channelId,
      long createdAtMicros,
      ConversionSettings o,
      Map<String, String> rehosted) {
    List<Finding> warnings = new ArrayList<>();
    List<String> texts = new ArrayList<>();
    List<StreamAttachment> attachments = new ArrayList<>();
    for (MessagePart part : m.parts()) {
      if (part.kind() == MessagePart.Kind.INLINE) {
        if (part.mimeType() == null
            || part.mimeType().toLowerCase(Locale.ROOT).startsWith("text/")) {
          texts.add(part.content());
        } else {
          attachments.add(
              new StreamAttachment(
                  "chatkit_inline",
                  null,
                  null,
                  null,
                  null,
                  null,
                  null,
                  part.content(),
                  null,
                  part.mimeType(),
                  null,
                  Map.of()));
        }
      } else {
        attachments.add(attachment(m, part, o, rehosted, warnings));
      }
    }
    String text = String.join("\n", texts);
    if (m.parts().isEmpty() && text.isEmpty()) {
      return Converted.rejected(
          Finding.of(
              "empty_message",
              ENTITY,
              m.source(),
              "message " + m.id() + " in room " + m.roomId() + " has no parts and no text"));
    }
    int codePoints = text.codePointCount(0, text.length());
    if (codePoints > o.maxMessageLength()) {
      text = text.substring(0, text.offsetByCodePoints(0, o.maxMessageLength()));
      warnings.add(
          Finding.of(
              "text_truncated",
              ENTITY,
              m.source(),
              "text of "
                  + codePoints
                  + " code points cut to "
                  + o.maxMessageLength()
                  + "; the whole original is this record"));
    }
    boolean deleted = m.deletedAt() != null;
    StreamMessage message =
        new StreamMessage(
            IdMapper.messageId(channelId, m.id()),
            channelType,
            channelId,
            IdMapper.userId(m.senderId()),
            deleted ? "deleted" : "regular",
            text.isEmpty() ? null : text,
            attachments.isEmpty() ? null : attachments,
            Timestamps.format(createdAtMicros),
            deleted ? Timestamps.format(m.deletedAt()) : null,
            Map.of());
    return Converted.ok(message, warnings);
  }

  private static StreamAttachment attachment(
      ChatkitMessage m,
      MessagePart part,
      ConversionSettings o,
      Map<String, String> rehosted,
      List<Finding> warnings) {
    String url =
        o.attachmentUrlMap()
            .getOrDefault(part.url(), rehosted.getOrDefault(part.url(), part.url()));
    String type = streamType(part);
    boolean secure = url != null && url.regionMatches(true, 0, "https://", 0, 8);
    String imageUrl = null;
    String assetUrl = null;
    String titleLink = null;
    if (secure) {
      if (type.equals("image")) {
        imageUrl = url;
      } else {
        assetUrl = url;
      }
    } else {
      titleLink = url;
      warnings.add(
          Finding.of(
              "insecure_url",
              ENTITY,
              m.source(),
              "attachment URL "
                  + url
                  + " is not https: kept as title_link and og_scrape_url, not as a file Stream"
                  + " serves"));
    }
    boolean uploaded = part.kind() == MessagePart.Kind.ATTACHMENT;
    Map<String, Object> custom = Map.of();
    if (uploaded && part.customData() != null) {
      CustomFields.Result flat = CustomFields.flatten(part.customData(), ATTACHMENT_TAKEN);
      if (flat.tooLarge()) {
        warnings.add(
            Finding.of(
                "custom_data_too_large",
                ENTITY,
                m.source(),
                "attachment custom_data is "
                    + flat.bytes()
                    + " bytes, over Stream's "
                    + StreamFields.MAX_CUSTOM_DATA_BYTES
                    + ": left out"));
      } else {
        custom = flat.fields();
        if (flat.precisionWarning(ENTITY, m.source()) != null) {
          warnings.add(flat.precisionWarning(ENTITY, m.source()));
        }
      }
    }
    return new StreamAttachment(
        type,
        assetUrl,
        imageUrl,
        imageUrl,
        uploaded ? part.name() : null,
        titleLink,
        titleLink,
        null,
        uploaded ? part.size() : null,
        uploaded ? part.mimeType() : null,
        o.migrateResources() && secure ? Boolean.TRUE : null,
        custom);
  }

  /**
   * {@code image/*}, {@code video/*}, {@code audio/*} by MIME type (or legacy v2 type); else {@code
   * file}.
   */
  static String streamType(MessagePart part) {
    String kind = part.legacyType() != null ? part.legacyType() + "/" : part.mimeType();
    String lower = kind == null ? "" : kind.toLowerCase(Locale.ROOT);
    for (String t : List.of("image", "video", "audio")) {
      if (lower.startsWith(t + "/")) {
        return t;
      }
    }
    return "file";
  }
}
