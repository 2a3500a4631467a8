package io.chatkitmigrate.schemas.chatkit;

/**
 * One part of a Chatkit message, the same model whatever shape the export used.
 *
 * @param kind inline content, a URL, or an uploaded attachment
 * @param mimeType the MIME type; null for a legacy v2 attachment, which has {@code legacyType}
 *     instead
 * @param content inline content
 * @param url the URL of a url part, the {@code download_url} of an attachment, the {@code
 *     resource_link} of a legacy v2 attachment
 * @param name an attachment's file name
 * @param size an attachment's size in bytes
 * @param customData an attachment's {@code custom_data} as JSON text
 * @param legacyType {@code image|video|audio|file} of a legacy v2 attachment
 */
public record MessagePart(
    Kind kind,
    String mimeType,
    String content,
    String url,
    String name,
    Long size,
    String customData,
    String legacyType) {

  public enum Kind {
    INLINE,
    URL,
    ATTACHMENT
  }

  public static MessagePart inline(String mimeType, String content) {
    return new MessagePart(Kind.INLINE, mimeType, content, null, null, null, null, null);
  }

  public static MessagePart url(String mimeType, String url) {
    return new MessagePart(Kind.URL, mimeType, null, url, null, null, null, null);
  }

  public static MessagePart attachment(
      String mimeType, String name, Long size, String downloadUrl, String customData) {
    return new MessagePart(
        Kind.ATTACHMENT, mimeType, null, downloadUrl, name, size, customData, null);
  }

  public static MessagePart legacyAttachment(String legacyType, String resourceLink) {
    return new MessagePart(Kind.ATTACHMENT, null, null, resourceLink, null, null, null, legacyType);
  }
}
