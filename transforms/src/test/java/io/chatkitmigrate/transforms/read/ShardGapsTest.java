package io.chatkitmigrate.transforms.read;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ShardGapsTest {
  @Test
  void aGapIsNamedInItsSiblingsFolderWithTheirExtension() {
    List<ShardGaps.Missing> gaps =
        ShardGaps.find(
            List.of(
                "/x/messages-00000-of-00004.ndjson", "/x/messages-00001-of-00004.ndjson",
                "/x/2020-03/messages-00002-of-00004.ndjson.gz", "/x/users.ndjson"));
    assertEquals(
        List.of("/x/2020-03/messages-00003-of-00004.ndjson.gz"),
        gaps.stream().map(ShardGaps.Missing::path).toList());
    assertEquals(4, gaps.get(0).index());
    assertEquals(3, gaps.get(0).present());
    assertTrue(gaps.get(0).describe().contains("messages-00003-of-00004"), gaps.get(0).describe());
  }

  @Test
  void completeSetsAnyNumberingAndNamesThatPromiseNothingHaveNoGaps() {
    assertEquals(
        List.of(),
        ShardGaps.find(
            List.of(
                "/x/messages-00000-of-00002.ndjson",
                "/y/messages-00001-of-00002.json.zst",
                "/x/rooms-1-of-2.json",
                "/x/rooms-2-of-2.json",
                "/x/users-00001.ndjson",
                "/x/notes-00000-of-00009.txt",
                "/x/rooms_2.json")));
  }

  @Test
  void eachSetIsCheckedOnItsOwnAndTheFirstShardCanBeTheMissingOne() {
    List<ShardGaps.Missing> gaps =
        ShardGaps.find(
            List.of(
                "/x/messages-00001-of-00003.ndjson", "/x/messages-00002-of-00003.ndjson",
                "/x/users-0-of-2.ndjson", "/x/Users-0-of-2.ndjson"));
    assertEquals(
        List.of("/x/messages-00000-of-00003.ndjson", "/x/users-1-of-2.ndjson"),
        gaps.stream().map(ShardGaps.Missing::path).sorted().toList());
  }
}
