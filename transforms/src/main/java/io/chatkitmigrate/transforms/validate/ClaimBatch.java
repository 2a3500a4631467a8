package io.chatkitmigrate.transforms.validate;

import io.chatkitmigrate.schemas.coders.CompactCoder;
import io.chatkitmigrate.schemas.stream.ImportItem;
import io.chatkitmigrate.schemas.stream.validate.ItemRules;
import io.chatkitmigrate.transforms.validate.Claims.Claimed;
import io.chatkitmigrate.transforms.validate.Claims.Referrers;
import java.io.IOException;
import java.util.AbstractList;
import java.util.Arrays;
import java.util.List;

/**
 * Claims of one range of a part's lines that fall in one bucket of ids, held as columns: a bucket
 * gathers millions of them, so the grouping sorts their hashes rather than holding an object and a
 * map entry for each ({@link Claims#decide}). A claim becomes a {@link Claimed} only when it is
 * decided with others on its key, or alone as a reference.
 */
final class ClaimBatch {
  private static final ItemRules.Claim[] CLAIMS = ItemRules.Claim.values();

  private final String file;
  private final int size;
  private final long[] hashes;
  private final long[] lines;
  private final int[] seqs;
  private final byte[] claims;
  private final String[] types;
  // The key's parts in unhashed spaces, else null; the later items a reference stands for, or null.
  private final List<String>[] keys;
  private final Referrers[] later;

  @SuppressWarnings("unchecked")
  private ClaimBatch(String file, int size) {
    this.file = file;
    this.size = size;
    this.hashes = new long[size];
    this.lines = new long[size];
    this.seqs = new int[size];
    this.claims = new byte[size];
    this.types = new String[size];
    this.keys = new List[size];
    this.later = new Referrers[size];
  }

  ClaimBatch(String file, List<Claimed> claimed) {
    this(file, claimed.size());
    for (int i = 0; i < size; i++) {
      Claimed c = claimed.get(i);
      hashes[i] = c.hash();
      lines[i] = c.line();
      seqs[i] = c.seq();
      claims[i] = (byte) c.claim().ordinal();
      types[i] = c.type();
      keys[i] = c.key();
      later[i] = c.later().size() == 0 ? null : c.later();
    }
  }

  /** A batch's claims as they come, in columns that grow. */
  static final class Builder {
    private final String file;
    private int size;
    private long[] hashes = new long[16];
    private long[] lines = new long[16];
    private int[] seqs = new int[16];
    private byte[] claims = new byte[16];
    private String[] types = new String[16];
    private List<String>[] keys = newKeys(16);
    private Referrers[] later = new Referrers[16];

    Builder(String file) {
      this.file = file;
    }

    @SuppressWarnings("unchecked")
    private static List<String>[] newKeys(int n) {
      return new List[n];
    }

    int size() {
      return size;
    }

    /** A claim; {@code key} null in a hashed space, {@code referrers} null for none. */
    void add(
        long hash,
        long line,
        int seq,
        String type,
        ItemRules.Claim claim,
        List<String> key,
        Referrers referrers) {
      if (size == hashes.length) {
        int n = 2 * size;
        hashes = Arrays.copyOf(hashes, n);
        lines = Arrays.copyOf(lines, n);
        seqs = Arrays.copyOf(seqs, n);
        claims = Arrays.copyOf(claims, n);
        types = Arrays.copyOf(types, n);
        keys = Arrays.copyOf(keys, n);
        later = Arrays.copyOf(later, n);
      }
      hashes[size] = hash;
      lines[size] = line;
      seqs[size] = seq;
      claims[size] = (byte) claim.ordinal();
      types[size] = type;
      keys[size] = key;
      later[size++] = referrers;
    }

    /** The claims added since the last build, and a fresh start. */
    ClaimBatch build() {
      ClaimBatch batch = new ClaimBatch(file, size);
      System.arraycopy(hashes, 0, batch.hashes, 0, size);
      System.arraycopy(lines, 0, batch.lines, 0, size);
      System.arraycopy(seqs, 0, batch.seqs, 0, size);
      System.arraycopy(claims, 0, batch.claims, 0, size);
      System.arraycopy(types, 0, batch.types, 0, size);
      System.arraycopy(keys, 0, batch.keys, 0, size);
      System.arraycopy(later, 0, batch.later, 0, size);
      Arrays.fill(types, 0, size, null);
      Arrays.fill(keys, 0, size, null);
      Arrays.fill(later, 0, size, null);
      size = 0;
      return batch;
    }
  }

  String file() {
    return file;
  }

  int size() {
    return size;
  }

  long hash(int i) {
    return hashes[i];
  }

  ItemRules.Claim claim(int i) {
    return CLAIMS[claims[i]];
  }

  List<String> key(int i) {
    return keys[i];
  }

  /** The {@code i}-th claim as an object of its own. */
  Claimed claimed(int i) {
    return new Claimed(
        file,
        lines[i],
        seqs[i],
        types[i],
        claim(i),
        hashes[i],
        keys[i],
        later[i] == null ? Referrers.NONE : later[i]);
  }

  /** Every claim as an object of its own. */
  List<Claimed> claims() {
    return new AbstractList<>() {
      @Override
      public Claimed get(int i) {
        return claimed(i);
      }

      @Override
      public int size() {
        return size;
      }
    };
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ClaimBatch b && file.equals(b.file) && claims().equals(b.claims());
  }

  @Override
  public int hashCode() {
    return file.hashCode() * 31 + Arrays.hashCode(hashes);
  }

  @Override
  public String toString() {
    return "ClaimBatch[" + file + ", " + claims() + "]";
  }

  /**
   * Writes the part's name once and each claim's fields in turn, positions as varints of their
   * differences and the type as its rank, a hashed key as its 8 bytes, and after a reference the
   * later items it stands for: claims are most of what the validator shuffles.
   */
  static final class Coder extends CompactCoder<ClaimBatch> {
    private static final int NAMED_TYPE = 255;
    private static final int NO_TYPE = 254;

    @Override
    public void write(ClaimBatch batch, Out out) {
      out.string(batch.file);
      out.varLong(batch.size);
      long previous = 0;
      for (int c = 0; c < batch.size; c++) {
        // Held references follow the range's other claims, so a line may go back.
        out.varLong(batch.lines[c] - previous);
        previous = batch.lines[c];
        out.varLong(batch.seqs[c]);
        writeType(out, batch.types[c]);
        out.small(batch.claims[c]);
        if (batch.keys[c] == null) {
          out.fixedLong(batch.hashes[c]);
        } else {
          out.strings(batch.keys[c]);
        }
        Referrers later = batch.later[c];
        out.varLong(later == null ? 0 : later.size());
        if (later != null) {
          // Most later items are like the first but for their line: then only the lines go.
          boolean alike = later.all(batch.seqs[c], batch.types[c]);
          out.flag(alike);
          long line = batch.lines[c];
          for (int i = 0; i < later.size(); i++) {
            out.varLong(later.lines()[i] - line);
            line = later.lines()[i];
            if (!alike) {
              out.varLong(later.seqs()[i]);
              writeType(out, later.types()[i]);
            }
          }
        }
      }
    }

    private static void writeType(Out out, String type) {
      int rank = type == null ? -1 : ImportItem.TYPE_ORDER.indexOf(type);
      if (type == null) {
        out.small(NO_TYPE);
      } else if (rank >= 0 && rank < NO_TYPE) {
        out.small(rank);
      } else {
        out.small(NAMED_TYPE);
        out.string(type);
      }
    }

    @Override
    public ClaimBatch read(In in) throws IOException {
      String file = in.string();
      ClaimBatch batch = new ClaimBatch(file, in.varInt());
      long line = 0;
      for (int c = 0; c < batch.size; c++) {
        line += in.varLong();
        batch.lines[c] = line;
        int seq = in.varInt();
        batch.seqs[c] = seq;
        String type = readType(in);
        batch.types[c] = type;
        int claim = in.small();
        if (claim >= CLAIMS.length) {
          throw new IOException("no claim of rank " + claim);
        }
        batch.claims[c] = (byte) claim;
        if (CLAIMS[claim].space().hashed()) {
          batch.hashes[c] = in.fixedLong();
        } else {
          List<String> key = in.strings();
          batch.keys[c] = key;
          batch.hashes[c] = ItemRules.hash(key.toArray(String[]::new));
        }
        int referrers = in.varInt();
        if (referrers > 0) {
          long[] lines = new long[referrers];
          int[] seqs = new int[referrers];
          String[] types = new String[referrers];
          boolean alike = in.flag();
          long at = line;
          for (int r = 0; r < referrers; r++) {
            at += in.varLong();
            lines[r] = at;
            seqs[r] = alike ? seq : in.varInt();
            types[r] = alike ? type : readType(in);
          }
          batch.later[c] = new Referrers(lines, seqs, types);
        }
      }
      return batch;
    }

    private static String readType(In in) throws IOException {
      int rank = in.small();
      return switch (rank) {
        case NO_TYPE -> null;
        case NAMED_TYPE -> in.string();
        default -> ImportItem.TYPE_ORDER.get(rank);
      };
    }
  }
}
