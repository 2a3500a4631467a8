package io.chatkitmigrate.transforms.validate;

import io.chatkitmigrate.schemas.stream.validate.ItemRules;
import io.chatkitmigrate.transforms.validate.Claims.Claimed;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.coders.CustomCoder;

/** The claims of a block of one part's lines that fall in one bucket of ids. */
record ClaimBatch(String file, List<Claimed> claims) {

  /**
   * Writes the part's name once and each claim's fields in turn: claims are most of what the
   * validator shuffles.
   */
  static final class Coder extends CustomCoder<ClaimBatch> {
    private static final ItemRules.Claim[] CLAIMS = ItemRules.Claim.values();

    @Override
    public void encode(ClaimBatch batch, OutputStream os) throws IOException {
      DataOutputStream out = new DataOutputStream(os);
      out.writeUTF(batch.file());
      out.writeInt(batch.claims().size());
      for (Claimed c : batch.claims()) {
        out.writeLong(c.line());
        out.writeInt(c.seq());
        out.writeUTF(c.type());
        out.writeByte(c.claim().ordinal());
        out.writeByte(c.key().size());
        for (String part : c.key()) {
          writeString(out, part);
        }
      }
      out.flush();
    }

    @Override
    public ClaimBatch decode(InputStream is) throws IOException {
      DataInputStream in = new DataInputStream(is);
      String file = in.readUTF();
      int n = in.readInt();
      List<Claimed> claims = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        long line = in.readLong();
        int seq = in.readInt();
        String type = in.readUTF();
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
      byte[] bytes = s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
      out.writeInt(bytes.length);
      out.write(bytes);
    }

    private static String readString(DataInputStream in) throws IOException {
      byte[] bytes = new byte[in.readInt()];
      in.readFully(bytes);
      return new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
    }
  }
}
