package io.chatkitmigrate.schemas.stream.validate;

import com.fasterxml.jackson.databind.JsonNode;
import io.chatkitmigrate.schemas.stream.ImportItem;
import io.chatkitmigrate.schemas.stream.validate.ItemRules.Parsed;
import it.unimi.dsi.fastutil.longs.LongOpenHashSet;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.commons.lang3.concurrent.BasicThreadFactory;

/**
 * Checks a sequence of Stream import parts against every rule of Stream's import (stream-import.md
 * §1): parse errors, field rules, references to items earlier in the sequence, duplicates, item
 * order and part size. It streams: memory grows with the number of ids (users and channels as
 * strings; members, messages and reactions as 64-bit hashes, 8 bytes each), never with message
 * texts.
 */
public final class ImportValidator {
  /** One part to read: its name (for errors), its size, and how to open it. */
  public record Part(String name, long bytes, Opener opener) {}

  /** Opens a part's bytes. */
  public interface Opener {
    InputStream open() throws IOException;
  }

  private final ItemRules rules;
  private final long maxPartBytes;
  private final ValidationReport report;

  private final Set<String> users = new HashSet<>();
  private final Set<String> channels = new HashSet<>();
  private final LongOpenHashSet members = new LongOpenHashSet();
  private final LongOpenHashSet messages = new LongOpenHashSet();
  private final LongOpenHashSet reactions = new LongOpenHashSet();
  private int lastTypeIndex = -1;
  private String lastType;

  public ImportValidator(int maxMessageLength, long maxPartBytes, int maxErrorsKept) {
    this.rules = new ItemRules(maxMessageLength);
    this.maxPartBytes = maxPartBytes;
    this.report = new ValidationReport(maxErrorsKept);
  }

  public static ImportValidator withDefaults() {
    return new ImportValidator(5000, 300_000_000L, 1000);
  }

  /** Validates the parts in the order given, as Stream would import them. */
  public ValidationReport validate(List<Part> parts) throws IOException {
    // Cutting lines, parsing them and each item's own rules need no order, so they run on every
    // core, a block of bytes at a time, while the item is still in the core's cache; only what
    // follows the order of the items (order, references, duplicates) stays on this thread, which
    // replays each item's findings exactly as a sequential pass would make them.
    int threads = Math.max(1, Runtime.getRuntime().availableProcessors());
    ExecutorService parsers =
        Executors.newFixedThreadPool(
            threads,
            new BasicThreadFactory.Builder()
                .namingPattern("validate-parse-%d")
                .daemon(true)
                .build());
    try {
      for (Part part : parts) {
        if (part.bytes() > maxPartBytes) {
          report.error(
              "part_too_large",
              "file is " + part.bytes() + " bytes, over the " + maxPartBytes + " a part may hold",
              null,
              null,
              part.name(),
              0);
        }
        try (InputStream in = part.opener().open()) {
          validatePart(part.name(), in, parsers, 2 * threads);
        }
      }
    } finally {
      parsers.shutdownNow();
    }
    return report;
  }

  /**
   * The errors of one item's own field rules, as messages: none of the rules between items
   * (references, duplicates, order) take part. This is what Stream's JSON Schema of the item type
   * can also say.
   */
  static List<String> ownRuleErrors(String itemType, JsonNode data) {
    ImportValidator alone = withDefaults();
    Parsed parsed =
        new Parsed(1, itemType, ImportItem.TYPE_ORDER.indexOf(itemType), null, data, null);
    alone.item("", 1, alone.checked(parsed, new Findings()));
    List<String> errors = new ArrayList<>();
    for (JsonNode e : alone.report.errors()) {
      if (e.get("kind").asText().equals("validation")) {
        errors.add(e.get("error").asText());
      }
    }
    return errors;
  }

  /**
   * Bytes handed to a parsing thread at once, cut after a line end (a longer line makes its block
   * longer).
   */
  private int blockBytes = 1 << 20;

  /** Smaller blocks, so that tests cross block boundaries with a few lines. */
  ImportValidator withBlockBytes(int bytes) {
    this.blockBytes = bytes;
    return this;
  }

  private void validatePart(String name, InputStream in, ExecutorService parsers, int inFlight)
      throws IOException {
    ArrayDeque<Future<Block>> pending = new ArrayDeque<>();
    long linesBefore = 0;
    byte[] buf = new byte[blockBytes];
    int filled = 0;
    while (true) {
      filled += in.readNBytes(buf, filled, buf.length - filled);
      boolean end = filled < buf.length;
      int cut = end ? filled : lastLineEnd(buf, filled) + 1;
      if (cut == 0 && !end) {
        buf = Arrays.copyOf(buf, buf.length * 2);
        continue;
      }
      if (cut > 0) {
        int rest = filled - cut;
        byte[] next = new byte[rest + blockBytes];
        System.arraycopy(buf, cut, next, 0, rest);
        pending.add(parsers.submit(parse(buf, cut)));
        buf = next;
        filled = rest;
        while (pending.size() >= inFlight) {
          linesBefore += check(name, linesBefore, pending.poll());
        }
      }
      if (end) {
        break;
      }
    }
    while (!pending.isEmpty()) {
      linesBefore += check(name, linesBefore, pending.poll());
    }
  }

  private static int lastLineEnd(byte[] bytes, int length) {
    for (int i = length - 1; i >= 0; i--) {
      if (bytes[i] == '\n') {
        return i;
      }
    }
    return -1;
  }

  /**
   * A block's items with what their own rules found, its line count and its items by type in the
   * order the types first appear.
   */
  private record Block(List<Checked> items, int lines, long[] counts, int[] typesInOrder) {}

  /**
   * An item as parsed, and its own rules' errors and claims in the order found (none if unparsed).
   */
  private record Checked(Parsed parsed, List<Finding> findings) {}

  /**
   * An error of the item's own rules ({@code claim} null), or a claim with its key as the set of
   * its space holds it: text for users and channels, a 64-bit {@code hash} for the others (for
   * text, the string's own hash, which the string then keeps).
   */
  private record Finding(
      String kind, String message, ItemRules.Claim claim, String[] key, String text, long hash) {}

  /**
   * Collects an item's findings on a parsing thread, with each claim's key made and hashed there: a
   * string caches its hash, so the ordered thread does no more than look the key up.
   */
  private static final class Findings implements ItemRules.Sink {
    private List<Finding> found = new ArrayList<>(4);

    @Override
    public void error(String kind, String message) {
      found.add(new Finding(kind, message, null, null, null, 0));
    }

    @Override
    public void claim(ItemRules.Claim claim, String... key) {
      String text =
          switch (claim.space()) {
            case USER -> key[0];
            case CHANNEL -> key[0] + ":" + key[1];
            case MEMBER, MESSAGE, REACTION -> null;
          };
      long hash = text == null ? KeyHash.of(key) : text.hashCode();
      found.add(new Finding(claim.kind(), null, claim, key, text, hash));
    }

    List<Finding> take() {
      List<Finding> taken = found;
      found = new ArrayList<>(4);
      return taken;
    }
  }

  private Callable<Block> parse(byte[] bytes, int length) {
    return () -> {
      List<Checked> items = new ArrayList<>();
      Findings findings = new Findings();
      long[] counts = new long[ImportItem.TYPE_ORDER.size()];
      int[] seen = new int[counts.length];
      int distinct = 0;
      int line = 0;
      int start = 0;
      while (start < length) {
        int end = start;
        while (end < length && bytes[end] != '\n') {
          end++;
        }
        line++;
        if (!ItemRules.blank(bytes, start, end)) {
          Parsed p = ItemRules.parse(line, bytes, start, end - start);
          if (p.problem() == null) {
            if (counts[p.typeIndex()]++ == 0) {
              seen[distinct++] = p.typeIndex();
            }
          }
          items.add(checked(p, findings));
        }
        start = end + 1;
      }
      return new Block(items, line, counts, Arrays.copyOf(seen, distinct));
    };
  }

  /** An item with what its own rules found; a line that is no item has nothing found. */
  private Checked checked(Parsed parsed, Findings findings) {
    if (parsed.problem() != null) {
      return new Checked(parsed, List.of());
    }
    rules.check(parsed.type(), parsed.data(), findings);
    return new Checked(parsed, findings.take());
  }

  /** Reports a block's items in order; returns its number of lines. */
  private int check(String file, long linesBefore, Future<Block> pending) throws IOException {
    Block block;
    try {
      block = pending.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("validation interrupted");
    } catch (ExecutionException e) {
      throw new IOException("parsing a part failed", e.getCause());
    }
    for (int type : block.typesInOrder()) {
      report.count(file, ImportItem.TYPE_ORDER.get(type), block.counts()[type]);
    }
    for (Checked c : block.items()) {
      item(file, linesBefore + c.parsed().line(), c);
    }
    return block.lines();
  }

  private void item(String file, long line, Checked checked) {
    Parsed parsed = checked.parsed();
    if (parsed.problem() != null) {
      report.error("parse", parsed.problem(), parsed.type(), parsed.node(), file, line);
      return;
    }
    String type = parsed.type();
    int index = parsed.typeIndex();
    JsonNode data = parsed.data();
    if (index < lastTypeIndex) {
      report.error(
          "order",
          type + " after " + lastType + ": items must come in the order " + ImportItem.TYPE_ORDER,
          type,
          data,
          file,
          line);
    } else {
      lastTypeIndex = index;
      lastType = type;
    }
    for (Finding f : checked.findings()) {
      if (f.claim() == null) {
        report.error(f.kind(), f.message(), type, data, file, line);
      } else if (!holds(f)) {
        report.error(f.kind(), f.claim().message(f.key()), type, data, file, line);
      }
    }
  }

  /** Decides a claim against the ids seen so far, taking the id when the claim defines it. */
  private boolean holds(Finding f) {
    ItemRules.Claim claim = f.claim();
    return switch (claim.space()) {
      case USER -> claim.defines() ? users.add(f.text()) : users.contains(f.text());
      case CHANNEL -> claim.defines() ? channels.add(f.text()) : channels.contains(f.text());
      case MEMBER -> claim.defines() ? members.add(f.hash()) : members.contains(f.hash());
      case MESSAGE -> claim.defines() ? messages.add(f.hash()) : messages.contains(f.hash());
      case REACTION -> claim.defines() ? reactions.add(f.hash()) : reactions.contains(f.hash());
    };
  }
}
