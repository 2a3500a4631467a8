package io.chatkitmigrate.transforms.validate;

import io.chatkitmigrate.schemas.stream.ImportItem;
import io.chatkitmigrate.schemas.stream.validate.ItemRules;
import io.chatkitmigrate.transforms.validate.Claims.Claimed;
import io.chatkitmigrate.transforms.validate.Claims.Referrers;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.coders.CustomCoder;
import org.apache.beam.sdk.util.VarInt;

/** Claims of one range of a part's lines that fall in one bucket of ids. */
record ClaimBatch(String file, List<Claimed> claims) {

  /**
   * Writes the part's name once and each claim's fields in turn, positions as varints of their
   * differences and the type as its rank, and after a reference the later items it stands for:
   * claims are most of what the validator shuffles. A batch goes as one length-prefixed block, as
   * the runner's streams cost a call per byte.
   */
  static final class Coder extends CustomCoder<ClaimBatch> {
    private static final ItemRules.Claim[] CLAIMS = ItemRules.Claim.values();
    private static final int NAMED_TYPE = 255;
    private static final int NO_TYPE = 254;
    private static final String WHAT = "a batch of claims";

    @Override
    public void encode(ClaimBatch batch, OutputStream os) throws IOException {
      Bytes.Writer out = new Bytes.Writer(32 + 24 * batch.claims().size());
      out.writeString(batch.file());
      out.writeVarLong(batch.claims().size());
      long previous = 0;
      for (Claimed c : batch.claims()) {
        // Held references follow the range's other claims, so a line may go back.
        out.writeSignedVarLong(c.line() - previous);
        previous = c.line();
        out.writeVarLong(c.seq());
        writeType(out, c.type());
        out.writeByte(c.claim().ordinal());
        out.writeByte(c.key().size());
        for (String part : c.key()) {
          out.writeString(part);
        }
        Referrers later = c.later();
        out.writeVarLong(later.size());
        if (later.size() > 0) {
          // Most later items are like the first but for their line: then only the lines go.
          boolean alike = later.all(c.seq(), c.type());
          out.writeByte(alike ? 1 : 0);
          long line = c.line();
          for (int i = 0; i < later.size(); i++) {
            out.writeVarLong(later.lines()[i] - line);
            line = later.lines()[i];
            if (!alike) {
              out.writeVarLong(later.seqs()[i]);
              writeType(out, later.types()[i]);
            }
          }
        }
      }
      out.writeTo(os);
    }

    private static void writeType(Bytes.Writer out, String type) {
      int rank = type == null ? -1 : ImportItem.TYPE_ORDER.indexOf(type);
      if (type == null) {
        out.writeByte(NO_TYPE);
      } else if (rank >= 0 && rank < NO_TYPE) {
        out.writeByte(rank);
      } else {
        out.writeByte(NAMED_TYPE);
        out.writeString(type);
      }
    }

    @Override
    public ClaimBatch decode(InputStream is) throws IOException {
      Bytes.Reader in = new Bytes.Reader(block(is, WHAT), WHAT);
      String file = in.readString();
      int n = in.readVarInt();
      List<Claimed> claims = new ArrayList<>(n);
      long line = 0;
      for (int i = 0; i < n; i++) {
        line += in.readSignedVarLong();
        int seq = in.readVarInt();
        String type = readType(in);
        ItemRules.Claim claim = CLAIMS[in.readUnsignedByte()];
        String[] key = new String[in.readUnsignedByte()];
        for (int k = 0; k < key.length; k++) {
          key[k] = in.readString();
        }
        int referrers = in.readVarInt();
        Referrers later = Referrers.NONE;
        if (referrers > 0) {
          long[] lines = new long[referrers];
          int[] seqs = new int[referrers];
          String[] types = new String[referrers];
          boolean alike = in.readUnsignedByte() == 1;
          long at = line;
          for (int r = 0; r < referrers; r++) {
            at += in.readVarLong();
            lines[r] = at;
            seqs[r] = alike ? seq : in.readVarInt();
            types[r] = alike ? type : readType(in);
          }
          later = new Referrers(lines, seqs, types);
        }
        claims.add(new Claimed(file, line, seq, type, claim, List.of(key), later));
      }
      in.end();
      return new ClaimBatch(file, claims);
    }

    private static String readType(Bytes.Reader in) throws IOException {
      int rank = in.readUnsignedByte();
      return switch (rank) {
        case NO_TYPE -> null;
        case NAMED_TYPE -> in.readString();
        default -> ImportItem.TYPE_ORDER.get(rank);
      };
    }
  }

  /**
   * One length-prefixed block, as these coders write them: a block is read whole, then decoded from
   * memory, as Flink's streams cost a call per byte.
   */
  static byte[] block(InputStream is, String what) throws IOException {
    int size = VarInt.decodeInt(is);
    byte[] block = is.readNBytes(size);
    if (block.length < size) {
      throw new EOFException(what + " cut short");
    }
    return block;
  }
}
