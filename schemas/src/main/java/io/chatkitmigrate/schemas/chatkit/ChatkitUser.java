package io.chatkitmigrate.schemas.chatkit;

import io.chatkitmigrate.schemas.Source;
import io.chatkitmigrate.schemas.coders.ChatkitCoders;
import org.apache.beam.sdk.coders.DefaultCoder;

/**
 * A Chatkit user.
 *
 * @param customData the original {@code custom_data} object as JSON text, or null
 * @param createdAt microseconds since the epoch
 * @param updatedAt microseconds since the epoch; equal to createdAt when the export has none
 */
@DefaultCoder(ChatkitCoders.UserCoder.class)
public record ChatkitUser(
    String id,
    String name,
    String avatarUrl,
    String customData,
    long createdAt,
    long updatedAt,
    Source source) {}
