package io.chatkitmigrate.schemas.stream;

import java.util.Set;

/**
 * Field names Stream gives a meaning to, per item type: built-in fields, and reserved names that
 * may not be used as custom fields. A Chatkit custom key that lands on either must be renamed.
 */
public final class StreamFields {
  private StreamFields() {}

  public static final Set<String> USER_BUILT_IN =
      Set.of(
          "id",
          "role",
          "teams",
          "teams_role",
          "language",
          "invisible",
          "created_at",
          "updated_at",
          "deactivated_at",
          "deleted_at",
          "blocked_user_ids",
          "channel_mutes",
          "user_mutes",
          "push_preferences",
          "privacy_settings",
          "name",
          "image",
          "chatkit_placeholder");
  public static final Set<String> USER_RESERVED =
      Set.of("app_pk", "online", "pk", "user_pk", "last_active");

  public static final Set<String> CHANNEL_BUILT_IN =
      Set.of(
          "id",
          "type",
          "created_by",
          "team",
          "disabled",
          "frozen",
          "banned_users",
          "truncated_at",
          "created_at",
          "updated_at",
          "member_ids",
          "name",
          "image",
          "push_notification_title_override",
          "chatkit_placeholder");
  public static final Set<String> CHANNEL_RESERVED =
      Set.of("last_message_at", "cid", "created_by_pk", "members", "config", "app_pk", "pk");

  public static final Set<String> MEMBER_BUILT_IN =
      Set.of(
          "channel_type",
          "channel_id",
          "user_id",
          "channel_role",
          "invited",
          "invite_accepted_at",
          "invite_rejected_at",
          "hide_channel",
          "hide_messages_before",
          "last_read",
          "archived_at",
          "created_at");

  public static final Set<String> MESSAGE_BUILT_IN =
      Set.of(
          "id",
          "channel_type",
          "channel_id",
          "user",
          "type",
          "text",
          "html",
          "attachments",
          "parent_id",
          "show_in_channel",
          "quoted_message_id",
          "mentioned_users_ids",
          "created_at",
          "updated_at",
          "deleted_at",
          "pinned_at",
          "pinned_by_id",
          "pin_expires");
  public static final Set<String> MESSAGE_RESERVED =
      Set.of(
          "tmp_id",
          "app_pk",
          "latest_reactions",
          "own_reactions",
          "reactions_count",
          "reply_count",
          "command",
          "pk",
          "quoted_message",
          "pinned_by");

  public static final Set<String> ATTACHMENT_BUILT_IN =
      Set.of(
          "type",
          "asset_url",
          "image_url",
          "thumb_url",
          "title",
          "title_link",
          "text",
          "file_size",
          "mime_type",
          "og_scrape_url",
          "fallback",
          "original_width",
          "original_height",
          "migrate_resources");
  public static final Set<String> ATTACHMENT_RESERVED = Set.of("actions", "fields");

  public static final Set<String> REACTION_BUILT_IN =
      Set.of("message_id", "type", "user_id", "created_at", "score");

  /** Stream's limit on one object's custom data, in bytes of its JSON. */
  public static final int MAX_CUSTOM_DATA_BYTES = 5 * 1024;
}
