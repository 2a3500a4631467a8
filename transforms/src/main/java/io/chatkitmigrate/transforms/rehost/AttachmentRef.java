package io.chatkitmigrate.transforms.rehost;

import io.chatkitmigrate.schemas.Source;
import io.chatkitmigrate.schemas.coders.SmileCoder;
import org.apache.beam.sdk.coders.DefaultCoder;

/**
 * An attachment URL as a message holds it, with the message it came from (for a warning, if it
 * fails).
 */
@DefaultCoder(SmileCoder.class)
public record AttachmentRef(String url, String mimeType, Source source) {}
