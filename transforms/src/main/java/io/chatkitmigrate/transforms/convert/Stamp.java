package io.chatkitmigrate.transforms.convert;

import org.apache.beam.sdk.coders.DefaultCoder;

/**
 * What read state needs of one written message: its id, its final {@code created_at} and its sender.
 * The room stage keeps these as primitive arrays, never as message objects.
 */
@DefaultCoder(StageCoders.StampCoder.class)
public record Stamp(long id, long micros, String sender) {}
