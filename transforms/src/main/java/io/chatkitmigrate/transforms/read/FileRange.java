package io.chatkitmigrate.transforms.read;

import io.chatkitmigrate.schemas.chatkit.Entity;
import io.chatkitmigrate.schemas.coders.SmileCoder;
import org.apache.beam.sdk.coders.DefaultCoder;

/**
 * A byte range of one export file that one worker reads. An NDJSON file over the split size is cut
 * into several; a range owns the lines that start inside it.
 *
 * @param compression a {@link org.apache.beam.sdk.io.Compression} name
 * @param array true when the file is one top-level JSON array (read whole, streamed)
 * @param newlinesBefore line ends in the file before {@code start}, so lines keep their numbers
 */
@DefaultCoder(SmileCoder.class)
public record FileRange(
    String file,
    Entity entity,
    String compression,
    boolean array,
    long start,
    long end,
    int rangeIndex,
    int rangeCount,
    long newlinesBefore) {

  FileRange withNewlinesBefore(long count) {
    return new FileRange(
        file, entity, compression, array, start, end, rangeIndex, rangeCount, count);
  }
}
