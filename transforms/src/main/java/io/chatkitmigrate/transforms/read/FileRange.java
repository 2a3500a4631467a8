package io.chatkitmigrate.transforms.read;

import io.chatkitmigrate.schemas.chatkit.Entity;
import io.chatkitmigrate.schemas.coders.SmileCoder;
import org.apache.beam.sdk.coders.DefaultCoder;

/**
 * A byte range of one export file that one worker reads. An NDJSON file over the split size is cut
 * into several, a range owning the lines that start inside it; a JSON array is cut at element
 * starts found by a scan, a range owning the elements that start inside it.
 *
 * @param compression a {@link org.apache.beam.sdk.io.Compression} name
 * @param array true when the file is one top-level JSON array
 * @param newlinesBefore line ends in the file before {@code start}, so lines keep their numbers
 * @param elementsBefore of an array's range, the elements before {@code start}, so they keep their
 *     indexes
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
    long newlinesBefore,
    long elementsBefore) {

  FileRange withNewlinesBefore(long count) {
    return new FileRange(
        file,
        entity,
        compression,
        array,
        start,
        end,
        rangeIndex,
        rangeCount,
        count,
        elementsBefore);
  }
}
