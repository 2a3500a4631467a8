package io.chatkitmigrate.schemas.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.chatkitmigrate.schemas.Json;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Every item the records serialise is valid by our own JSON Schema of its type, and broken ones are
 * not.
 */
class StreamSchemasTest {
  static JsonSchema schema(String type) throws Exception {
    try (InputStream in =
        StreamSchemasTest.class.getResourceAsStream("/stream-schemas/" + type + ".schema.json")) {
      return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in);
    }
  }

  static Set<ValidationMessage> errors(ImportItem item) throws Exception {
    JsonNode line = Json.tree(item.toJsonLine());
    return schema(line.get("type").asText()).validate(line.get("data"));
  }

  static Set<ValidationMessage> errors(String type, String data) throws Exception {
    return schema(type).validate(Json.tree(data));
  }

  static StreamAttachment attachment(String type, String url) {
    return new StreamAttachment(
        type,
        type.equals("image") ? null : url,
        type.equals("image") ? url : null,
        type.equals("image") ? url : null,
        "f",
        null,
        null,
        null,
        3L,
        "x/y",
        null,
        Map.of("foo", "bar"));
  }

  @Test
  void itemsTheRecordsMakeAreValid() throws Exception {
    List<ImportItem> items =
        List.of(
            ImportItem.of(
                new StreamUser(
                    "alice",
                    "user",
                    "Alice",
                    "https://x/a.png",
                    "2020-03-25T10:52:07Z",
                    null,
                    Map.of("foo", "bar", "chatkit_role", "x"))),
            ImportItem.of(
                new StreamChannel(
                    "alice_x_bob",
                    "messaging",
                    "alice",
                    "A & B",
                    null,
                    "2020-03-25T10:52:59Z",
                    Map.of("push_notification_title_override", "Acme"))),
            ImportItem.of(
                new StreamMember(
                    "messaging",
                    "alice_x_bob",
                    "bob",
                    "channel_member",
                    "2020-03-25T10:52:59Z",
                    "2020-03-25T12:52:59.000001Z",
                    Map.of())),
            ImportItem.of(
                new StreamMessage(
                    "alice_x_bob-42",
                    "messaging",
                    "alice_x_bob",
                    "alice",
                    "regular",
                    "Hello",
                    List.of(
                        attachment("image", "https://x/i.png"),
                        attachment("video", "https://x/v.mp4"),
                        attachment("audio", "https://x/a.mp3"),
                        attachment("file", "https://x/f.pdf"),
                        new StreamAttachment(
                            "chatkit_inline",
                            null,
                            null,
                            null,
                            null,
                            "http://x",
                            "http://x",
                            "{}",
                            null,
                            "application/json",
                            null,
                            Map.of())),
                    "2020-03-25T12:52:59Z",
                    null,
                    Map.of())),
            ImportItem.of(
                new StreamMessage(
                    "c-1",
                    "livestream",
                    "c",
                    "bob",
                    "deleted",
                    null,
                    null,
                    "2020-03-25T12:52:59Z",
                    "2020-03-26T00:00:00Z",
                    Map.of())),
            ImportItem.of(
                new StreamReaction("c-1", "like", "bob", "2020-03-25T12:52:59Z", Map.of())));
    for (ImportItem item : items) {
      assertEquals(Set.of(), errors(item), item.toJsonLine());
    }
  }

  @Test
  void brokenItemsAreNot() throws Exception {
    assertFalse(errors("user", "{\"name\":\"no id\"}").isEmpty());
    assertFalse(errors("user", "{\"id\":\"a:b\"}").isEmpty());
    assertFalse(errors("user", "{\"id\":\"a\",\"online\":true}").isEmpty());
    assertFalse(
        errors(
                "channel",
                """
                {"id":"c","type":"messaging","created_by":"a",\
                "updated_at":"2020-01-01T00:00:00Z"}\
                """)
            .isEmpty());
    assertFalse(
        errors(
                "message",
                "{\"id\":\"m\",\"channel_type\":\"messaging\",\"channel_id\":\"c\",\"user\":\"a\","
                    + "\"attachments\":[{\"type\":\"image\",\"image_url\":\"http://x\"}]}")
            .isEmpty());
    assertFalse(
        errors(
                "message",
                """
                {"id":"m","channel_type":"messaging","channel_id":"c","user":"a",\
                "type":"deleted"}\
                """)
            .isEmpty());
    List<String> many = new ArrayList<>();
    for (int i = 0; i < 31; i++) {
      many.add("{\"type\":\"file\"}");
    }
    assertFalse(
        errors(
                "message",
                "{\"id\":\"m\",\"channel_type\":\"messaging\",\"channel_id\":\"c\",\"user\":\"a\","
                    + "\"attachments\":["
                    + String.join(",", many)
                    + "]}")
            .isEmpty());
    assertFalse(
        errors(
                "reaction",
                "{\"message_id\":\"m\",\"type\":\"a"
                    + " b\",\"user_id\":\"a\",\"created_at\":\"2020-01-01T00:00:00Z\"}")
            .isEmpty());
    ObjectNode member =
        (ObjectNode) Json.tree("{\"channel_type\":\"messaging\",\"channel_id\":\"c\"}");
    assertFalse(schema("member").validate(member).isEmpty());
  }
}
