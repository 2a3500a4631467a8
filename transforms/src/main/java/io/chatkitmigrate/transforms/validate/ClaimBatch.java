package io.chatkitmigrate.transforms.validate;

import io.chatkitmigrate.schemas.stream.ImportItem;
import io.chatkitmigrate.schemas.stream.validate.ItemRules;
import io.chatkitmigrate.transforms.validate.Claims.Claimed;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.coders.CustomCoder;
import org.apache.beam.sdk.util.VarInt;

/** The claims of a block of one part's lines that fall in one bucket of ids. */
record ClaimBatch(String file, List<Claimed> claims) {

  /**
   * Writes the part's name once and each claim's fields in turn, positions as varints of their
   * differences and the type as its rank: claims are most of what the validator shuffles. A batch
   * goes as one length-prefixed block, as the runner's streams cost a call per byte.
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
        out.writeVarLong(c.line() - previous);
        previous = c.line();
        out.writeVarLong(c.seq());
        writeType(out, c.type());
        out.writeByte(c.claim().ordinal());
        out.writeByte(c.key().size());
        for (String part : c.key()) {
          out.writeString(part);
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
        line += in.readVarLong();
        int seq = in.readVarInt();
        String type = readType(in);
        ItemRules.Claim claim = CLAIMS[in.readUnsignedByte()];
        String[] key = new String[in.readUnsignedByte()];
        for (int k = 0; k < key.length; k++) {
          key[k] = in.readString();
        }
        claims.add(new Claimed(file, line, seq, type, claim, List.of(key)));
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
