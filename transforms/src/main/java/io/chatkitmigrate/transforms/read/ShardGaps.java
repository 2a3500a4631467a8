package io.chatkitmigrate.transforms.read;

import io.chatkitmigrate.schemas.chatkit.Entity;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The shards a file listing promises but lacks: {@code messages-00003-of-00004.ndjson} promises
 * four files named {@code messages-NNNNN-of-00004}, in any folder and with any compression.
 * Numbering from 0 is assumed unless a shard numbered as high as the count is present (then it is
 * from 1).
 */
public final class ShardGaps {
  private static final Pattern SHARD =
      Pattern.compile(
          "(?<prefix>.+?)-(?<index>\\d+)-of-(?<total>\\d+)(?<ext>\\..*)?",
          Pattern.CASE_INSENSITIVE);

  /** Counts above this are not believed to be shard counts (a timestamp, an id). */
  private static final long MAX_SHARDS = 100_000;

  private ShardGaps() {}

  /**
   * One missing shard.
   *
   * @param path the name it would have, in the folder and with the extension of a sibling
   * @param present how many of its siblings are there
   */
  public record Missing(String path, int index, int total, int present) {
    public String describe() {
      return "shard "
          + index
          + " of "
          + total
          + " is missing: "
          + present
          + " of its "
          + total
          + " files are in the input, and none is named like "
          + path.substring(path.lastIndexOf('/') + 1);
    }
  }

  private record Shard(
      String path,
      String folder,
      String prefix,
      String indexText,
      long index,
      String totalText,
      String ext) {}

  public static List<Missing> find(Collection<String> paths) {
    Map<String, Map<Long, Shard>> groups = new TreeMap<>();
    for (String path : paths) {
      int slash = path.lastIndexOf('/');
      String name = path.substring(slash + 1);
      Matcher m = SHARD.matcher(name);
      if (Entity.fromFileName(name).isEmpty() || !m.matches()) {
        continue;
      }
      long total = parse(m.group("total"));
      long index = parse(m.group("index"));
      if (total <= 0 || total > MAX_SHARDS || index > total) {
        continue;
      }
      Shard shard =
          new Shard(
              path,
              path.substring(0, slash + 1),
              m.group("prefix"),
              m.group("index"),
              index,
              m.group("total"),
              m.group("ext") == null ? "" : m.group("ext"));
      String key = m.group("prefix").toLowerCase(Locale.ROOT) + "-of-" + total;
      groups.computeIfAbsent(key, k -> new TreeMap<>()).putIfAbsent(index, shard);
    }
    List<Missing> missing = new ArrayList<>();
    for (Map<Long, Shard> group : groups.values()) {
      Shard any = group.values().iterator().next();
      long total = parse(any.totalText());
      long first = group.containsKey(total) && !group.containsKey(0L) ? 1 : 0;
      for (long i = first; i < first + total; i++) {
        if (group.containsKey(i)) {
          continue;
        }
        Map.Entry<Long, Shard> near = ((TreeMap<Long, Shard>) group).floorEntry(i);
        Shard sibling = near != null ? near.getValue() : group.values().iterator().next();
        String index = String.format("%0" + sibling.indexText().length() + "d", i);
        String path =
            sibling.folder()
                + sibling.prefix()
                + "-"
                + index
                + "-of-"
                + sibling.totalText()
                + sibling.ext();
        missing.add(new Missing(path, (int) (i - first + 1), (int) total, group.size()));
      }
    }
    return missing;
  }

  private static long parse(String digits) {
    return digits.length() > 9 ? -1 : Long.parseLong(digits);
  }
}
