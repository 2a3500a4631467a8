package io.chatkitmigrate.transforms.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chatkitmigrate.schemas.Finding;
import io.chatkitmigrate.schemas.Source;
import io.chatkitmigrate.schemas.Timestamps;
import io.chatkitmigrate.schemas.chatkit.ChatkitMessage;
import io.chatkitmigrate.schemas.chatkit.MessagePart;
import io.chatkitmigrate.schemas.stream.ImportItem;
import io.chatkitmigrate.schemas.stream.StreamAttachment;
import io.chatkitmigrate.schemas.stream.StreamMessage;
import io.chatkitmigrate.transforms.testing.PusherSampleItems;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** docs/conversion.md §10-§13, §15. */
class MessageRulesTest {
  static final long T = Timestamps.parseMicros("2020-03-25T12:52:59Z");
  static final ConversionSettings DEFAULTS = ConversionSettings.defaults();

  static ChatkitMessage message(List<MessagePart> parts) {
    return message(parts, null);
  }

  static ChatkitMessage message(List<MessagePart> parts, Long deletedAt) {
    return new ChatkitMessage(
        42,
        "alice_x_bob",
        "alice",
        parts,
        T,
        T,
        deletedAt,
        null,
        null,
        ChatkitMessage.Shape.EXPORT,
        new Source("messages.ndjson", 3, -1, 120, 9));
  }

  static Converted<StreamMessage> convert(ChatkitMessage m, ConversionSettings o) {
    return MessageRules.convert(m, "messaging", "alice_x_bob", T, o);
  }

  static ConversionSettings with(int maxLength, boolean migrate, Map<String, String> urls) {
    return new ConversionSettings(
        "messaging",
        "livestream",
        Map.of(),
        Map.of(),
        ConversionSettings.DeletedRooms.SKIP,
        ConversionSettings.MissingCursor.UNREAD,
        ConversionSettings.ReadState.CHATKIT,
        maxLength,
        migrate,
        urls);
  }

  @Test
  void pushersSampleMessageBecomesThisExactItem() {
    Converted<StreamMessage> c =
        convert(
            message(
                List.of(
                    MessagePart.inline("text/plain", "Hello Bob!"),
                    MessagePart.url("image/png", "https://example.com/hello_world.png"),
                    MessagePart.attachment(
                        "video/mp4",
                        "hello.mp4",
                        42L,
                        "https://example.com/hello.mp4",
                        "{\"foo\":\"bar\"}"))),
            DEFAULTS);
    assertEquals(PusherSampleItems.HELLO_BOB, ImportItem.of(c.item()).toJsonLine());
    assertEquals(List.of(), c.warnings());
  }

  @Test
  void textPartsJoinWithNewlinesAndOtherInlinePartsBecomeInlineAttachments() {
    StreamMessage m =
        convert(
                message(
                    List.of(
                        MessagePart.inline("text/plain", "a"),
                        MessagePart.inline("application/json", "{\"k\":1}"),
                        MessagePart.inline("text/markdown", "*b*"))),
                DEFAULTS)
            .item();
    assertEquals("a\n*b*", m.text());
    StreamAttachment inline = m.attachments().get(0);
    assertEquals("chatkit_inline", inline.type());
    assertEquals("application/json", inline.mimeType());
    assertEquals("{\"k\":1}", inline.text());
  }

  @Test
  void attachmentsAreTypedByMime() {
    List<StreamAttachment> a =
        convert(
                message(
                    List.of(
                        MessagePart.url("audio/mpeg", "https://x/a.mp3"),
                        MessagePart.url("application/pdf", "https://x/f.pdf"),
                        MessagePart.url(null, "https://x/unknown"))),
                DEFAULTS)
            .item()
            .attachments();
    assertEquals(List.of("audio", "file", "file"), a.stream().map(StreamAttachment::type).toList());
    assertEquals("https://x/a.mp3", a.get(0).assetUrl());
  }

  @Test
  void anHttpUrlGoesToTitleLinkAndOgScrapeUrlWithAWarning() {
    Converted<StreamMessage> c =
        convert(message(List.of(MessagePart.url("image/png", "http://x/p.png"))), DEFAULTS);
    StreamAttachment a = c.item().attachments().get(0);
    assertNull(a.imageUrl());
    assertNull(a.thumbUrl());
    assertEquals("http://x/p.png", a.titleLink());
    assertEquals("http://x/p.png", a.ogScrapeUrl());
    assertEquals("insecure_url", c.warnings().get(0).reason());
  }

  @Test
  void textOfMoreThanTheMaximumIsCutToFitWithoutSplittingACharacter() {
    String text = "x".repeat(4999) + "😀" + "y";
    Converted<StreamMessage> c =
        convert(message(List.of(MessagePart.inline("text/plain", text))), DEFAULTS);
    assertEquals("x".repeat(4999) + "😀", c.item().text());
    assertEquals(5000, c.item().text().codePointCount(0, c.item().text().length()));
    assertEquals("text_truncated", c.warnings().get(0).reason());
    assertEquals(
        new Finding(
            "text_truncated",
            "messages",
            "messages.ndjson",
            3L,
            null,
            c.warnings().get(0).detail(),
            null,
            120L),
        c.warnings().get(0),
        "where to find the original record again");
    assertEquals(
        List.of(),
        convert(message(List.of(MessagePart.inline("text/plain", "x".repeat(5000)))), DEFAULTS)
            .warnings());
  }

  @Test
  void attachmentCustomDataOverFiveKilobytesIsLeftOutAndWarned() {
    Converted<StreamMessage> c =
        convert(
            message(
                List.of(
                    MessagePart.attachment(
                        "image/png",
                        "p.png",
                        1L,
                        "https://x/p.png",
                        "{\"blob\":\"" + "x".repeat(6 * 1024) + "\"}"))),
            DEFAULTS);
    assertEquals(Map.of(), c.item().attachments().get(0).custom());
    assertEquals("custom_data_too_large", c.warnings().get(0).reason());
  }

  @Test
  void aLegacyV2AttachmentIsTypedByItsLegacyType() {
    StreamMessage m =
        convert(
                message(
                    List.of(
                        MessagePart.inline("text/plain", "old"),
                        MessagePart.legacyAttachment("video", "https://x/v"))),
                DEFAULTS)
            .item();
    assertEquals("old", m.text());
    assertEquals("video", m.attachments().get(0).type());
    assertEquals("https://x/v", m.attachments().get(0).assetUrl());
  }

  @Test
  void deletedMessagesKeepTheirDeletionTime() {
    long deleted = Timestamps.parseMicros("2020-04-01T00:00:00Z");
    StreamMessage m =
        convert(message(List.of(MessagePart.inline("text/plain", "gone")), deleted), DEFAULTS)
            .item();
    assertEquals("deleted", m.type());
    assertEquals("2020-04-01T00:00:00Z", m.deletedAt());
  }

  @Test
  void aMessageWithNoPartsIsRejected() {
    Converted<StreamMessage> c = convert(message(List.of()), DEFAULTS);
    assertTrue(c.isRejected());
    assertEquals("empty_message", c.rejection().reason());
  }

  @Test
  void urlMapRewritesFirstAndMigrateResourcesMarksHttpsAttachments() {
    Converted<StreamMessage> c =
        convert(
            message(List.of(MessagePart.url("image/png", "http://old/p.png"))),
            with(5000, true, Map.of("http://old/p.png", "https://cdn.example.com/p.png")));
    StreamAttachment a = c.item().attachments().get(0);
    assertEquals("https://cdn.example.com/p.png", a.imageUrl());
    assertEquals(Boolean.TRUE, a.migrateResources());
    assertEquals(List.of(), c.warnings());
  }

  @Test
  void aRehostedUrlReplacesTheLinkButTheCustomersMapComesFirst() {
    ChatkitMessage m =
        message(
            List.of(
                MessagePart.attachment(
                    "application/pdf", "a.pdf", 10L, "http://dead.example.com/a.pdf", null),
                MessagePart.url("image/png", "https://dead.example.com/b.png")));
    Map<String, String> rehosted =
        Map.of(
            "http://dead.example.com/a.pdf", "https://storage.googleapis.com/media/x.pdf",
            "https://dead.example.com/b.png", "https://storage.googleapis.com/media/y.png");
    Converted<StreamMessage> c =
        MessageRules.convert(
            m,
            "messaging",
            "alice_x_bob",
            T,
            with(
                5000,
                false,
                Map.of("https://dead.example.com/b.png", "https://cdn.example.com/b.png")),
            rehosted);
    assertEquals(
        "https://storage.googleapis.com/media/x.pdf", c.item().attachments().get(0).assetUrl());
    assertEquals("https://cdn.example.com/b.png", c.item().attachments().get(1).imageUrl());
    assertEquals(
        List.of(), c.warnings(), "the http link was re-hosted to https: no insecure_url warning");
  }

  @Test
  void createdAtIsTheGivenInstantAndIdsAreChannelScoped() {
    StreamMessage m =
        MessageRules.convert(
                message(List.of(MessagePart.inline("text/plain", "x"))),
                "livestream",
                "general",
                T + 3,
                DEFAULTS)
            .item();
    assertEquals("2020-03-25T12:52:59.000003Z", m.createdAt());
    assertEquals("general-42", m.id());
    assertEquals("alice", m.user());
  }
}
