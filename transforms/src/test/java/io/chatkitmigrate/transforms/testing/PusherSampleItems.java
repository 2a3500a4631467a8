package io.chatkitmigrate.transforms.testing;

/**
 * Stream import lines that Pusher's sample export ({@link Fixtures#pusherSample()}) must convert
 * to, whether one rule converts the record or the whole migration does.
 */
public final class PusherSampleItems {
  private PusherSampleItems() {}

  /** The user alice, with her custom data flat in the item. */
  public static final String ALICE =
      """
      {"type":"user","data":{"id":"alice","role":"user","name":"Alice",\
      "image":"https://example.com/alice.png","created_at":"2020-03-25T10:52:07Z",\
      "foo":"bar"}}\
      """;

  /** The private room alice_x_bob, a messaging channel. */
  public static final String ALICE_AND_BOB =
      """
      {"type":"channel","data":{"id":"alice_x_bob","type":"messaging","created_by":"alice",\
      "name":"Alice & Bob","created_at":"2020-03-25T10:52:59Z","foo":"bar",\
      "push_notification_title_override":"Acme Inc. Mobile"}}\
      """;

  /** Message 42 of alice_x_bob: its text, an image and a video. */
  public static final String HELLO_BOB =
      """
      {"type":"message","data":{"id":"alice_x_bob-42","channel_type":"messaging",\
      "channel_id":"alice_x_bob","user":"alice","type":"regular","text":"Hello Bob!",\
      "attachments":[{"type":"image","image_url":"https://example.com/hello_world.png",\
      "thumb_url":"https://example.com/hello_world.png"},{"type":"video",\
      "asset_url":"https://example.com/hello.mp4","title":"hello.mp4","file_size":42,\
      "mime_type":"video/mp4","foo":"bar"}],"created_at":"2020-03-25T12:52:59Z"}}\
      """;
}
