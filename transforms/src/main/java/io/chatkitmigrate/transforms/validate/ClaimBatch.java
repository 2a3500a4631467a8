package io.chatkitmigrate.transforms.validate;

import io.chatkitmigrate.schemas.coders.CompactCoder;
import io.chatkitmigrate.schemas.stream.ImportItem;
import io.chatkitmigrate.schemas.stream.validate.ItemRules;
import io.chatkitmigrate.transforms.validate.Claims.Claimed;
import io.chatkitmigrate.transforms.validate.Claims.Referrers;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** Claims of one range of a part's lines that fall in one bucket of ids. */
record ClaimBatch(String file, List<Claimed> claims) {

  /**
   * Writes the part's name once and each claim's fields in turn, positions as varints of their
   * differences and the type as its rank, and after a reference the later items it stands for:
   * claims are most of what the validator shuffles.
   */
  static final class Coder extends CompactCoder<ClaimBatch> {
    private static final ItemRules.Claim[] CLAIMS = ItemRules.Claim.values();
    private static final int NAMED_TYPE = 255;
    private static final int NO_TYPE = 254;

    @Override
    public void write(ClaimBatch batch, Out out) {
      out.string(batch.file());
      out.varLong(batch.claims().size());
      long previous = 0;
      for (Claimed c : batch.claims()) {
        // Held references follow the range's other claims, so a line may go back.
        out.varLong(c.line() - previous);
        previous = c.line();
        out.varLong(c.seq());
        writeType(out, c.type());
        out.small(c.claim().ordinal());
        out.strings(c.key());
        Referrers later = c.later();
        out.varLong(later.size());
        if (later.size() > 0) {
          // Most later items are like the first but for their line: then only the lines go.
          boolean alike = later.all(c.seq(), c.type());
          out.flag(alike);
          long line = c.line();
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
      int n = in.varInt();
      List<Claimed> claims = new ArrayList<>(n);
      long line = 0;
      for (int i = 0; i < n; i++) {
        line += in.varLong();
        int seq = in.varInt();
        String type = readType(in);
        ItemRules.Claim claim = CLAIMS[in.small()];
        List<String> key = in.strings();
        int referrers = in.varInt();
        Referrers later = Referrers.NONE;
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
          later = new Referrers(lines, seqs, types);
        }
        claims.add(new Claimed(file, line, seq, type, claim, key, later));
      }
      return new ClaimBatch(file, claims);
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
