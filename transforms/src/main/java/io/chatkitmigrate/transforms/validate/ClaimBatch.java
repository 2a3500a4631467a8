package io.chatkitmigrate.transforms.validate;

import io.chatkitmigrate.schemas.stream.ImportItem;
import io.chatkitmigrate.schemas.stream.validate.ItemRules;
import io.chatkitmigrate.transforms.validate.Claims.Claimed;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.coders.CustomCoder;
import org.apache.beam.sdk.util.VarInt;

/** The claims of a block of one part's lines that fall in one bucket of ids. */
record ClaimBatch(String file, List<Claimed> claims) {

  /**
   * Writes the part's name once and each claim's fields in turn, positions as growing varints and
   * the type as its rank: claims are most of what the validator shuffles. A batch goes as one
   * length-prefixed block, as the runner's streams cost a call per byte.
   */
  static final class Coder extends CustomCoder<ClaimBatch> {
    private static final ItemRules.Claim[] CLAIMS = ItemRules.Claim.values();
    private static final int NAMED_TYPE = 255;
    private static final int NO_TYPE = 254;

    @Override
    public void encode(ClaimBatch batch, OutputStream os) throws IOException {
      ByteArrayOutputStream block = new ByteArrayOutputStream(32 + 48 * batch.claims().size());
      DataOutputStream out = new DataOutputStream(block);
      out.writeUTF(batch.file());
      VarInt.encode(batch.claims().size(), out);
      long previous = 0;
      for (Claimed c : batch.claims()) {
        VarInt.encode(c.line() - previous, out);
        previous = c.line();
        VarInt.encode(c.seq(), out);
        int rank = c.type() == null ? -1 : ImportItem.TYPE_ORDER.indexOf(c.type());
        if (c.type() == null) {
          out.writeByte(NO_TYPE);
        } else if (rank >= 0 && rank < NO_TYPE) {
          out.writeByte(rank);
        } else {
          out.writeByte(NAMED_TYPE);
          writeString(out, c.type());
        }
        out.writeByte(c.claim().ordinal());
        out.writeByte(c.key().size());
        for (String part : c.key()) {
          writeString(out, part);
        }
      }
      out.flush();
      VarInt.encode(block.size(), os);
      block.writeTo(os);
    }

    @Override
    public ClaimBatch decode(InputStream is) throws IOException {
      byte[] block = block(is, "a batch of claims");
      DataInputStream in = new DataInputStream(new ByteArrayInputStream(block));
      String file = in.readUTF();
      int n = VarInt.decodeInt(in);
      List<Claimed> claims = new ArrayList<>(n);
      long line = 0;
      for (int i = 0; i < n; i++) {
        line += VarInt.decodeLong(in);
        int seq = VarInt.decodeInt(in);
        int rank = in.readUnsignedByte();
        String type =
            switch (rank) {
              case NO_TYPE -> null;
              case NAMED_TYPE -> readString(in);
              default -> ImportItem.TYPE_ORDER.get(rank);
            };
        ItemRules.Claim claim = CLAIMS[in.readByte()];
        String[] key = new String[in.readByte()];
        for (int k = 0; k < key.length; k++) {
          key[k] = readString(in);
        }
        claims.add(new Claimed(file, line, seq, type, claim, List.of(key)));
      }
      return new ClaimBatch(file, claims);
    }

    // writeUTF stops at 65,535 bytes; a message id may be longer before its rule rejects it.
    private static void writeString(DataOutputStream out, String s) throws IOException {
      byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
      VarInt.encode(bytes.length, out);
      out.write(bytes);
    }

    private static String readString(DataInputStream in) throws IOException {
      byte[] bytes = new byte[VarInt.decodeInt(in)];
      in.readFully(bytes);
      return new String(bytes, StandardCharsets.UTF_8);
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
