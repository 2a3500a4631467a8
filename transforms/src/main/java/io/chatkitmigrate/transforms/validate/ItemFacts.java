package io.chatkitmigrate.transforms.validate;

import io.chatkitmigrate.schemas.stream.validate.ItemRules;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * One line of a part after its own rules: where it is, its type and rank (-1 when it is no item),
 * and its errors and claims in the order the rules found them.
 */
public record ItemFacts(String file, long line, String type, int typeIndex, List<Entry> entries)
    implements Serializable {

  /** An error found on the item alone ({@code claim} null), or a claim the grouping decides. */
  public record Entry(String kind, String message, ItemRules.Claim claim, List<String> key)
      implements Serializable {
    static Entry error(String kind, String message) {
      return new Entry(kind, message, null, null);
    }

    static Entry claim(ItemRules.Claim claim, String... key) {
      return new Entry(claim.kind(), null, claim, List.of(key));
    }
  }

  /** Whether the line is an item (and so is counted and takes part in the order). */
  public boolean parsed() {
    return typeIndex >= 0;
  }

  /** The rules of the line at {@code line} of {@code file}, on its bytes. */
  public static ItemFacts of(ItemRules rules, String file, long line, byte[] bytes) {
    ItemRules.Parsed parsed = ItemRules.parse(0, bytes, 0, bytes.length);
    List<Entry> entries = new ArrayList<>();
    if (parsed.problem() != null) {
      entries.add(Entry.error("parse", parsed.problem()));
      return new ItemFacts(file, line, parsed.type(), -1, List.copyOf(entries));
    }
    rules.check(
        parsed.type(),
        parsed.data(),
        new ItemRules.Sink() {
          @Override
          public void error(String kind, String message) {
            entries.add(Entry.error(kind, message));
          }

          @Override
          public void claim(ItemRules.Claim claim, String... key) {
            entries.add(Entry.claim(claim, key));
          }
        });
    return new ItemFacts(file, line, parsed.type(), parsed.typeIndex(), List.copyOf(entries));
  }
}
