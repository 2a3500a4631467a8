package io.chatkitmigrate.transforms.convert;

import io.chatkitmigrate.schemas.coders.CompactCoder;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.coders.CoderProvider;
import org.apache.beam.sdk.coders.CoderProviders;
import org.apache.beam.sdk.values.TypeDescriptor;

/**
 * Ids and times as differences from the message before (a group's messages come in id order); the
 * deleted flag rides in the lowest bit of the sender's index.
 */
public final class StampsCoder extends CompactCoder<Stamps> {
  public static final StampsCoder INSTANCE = new StampsCoder();

  public static CoderProvider getCoderProvider() {
    return CoderProviders.forCoder(TypeDescriptor.of(Stamps.class), INSTANCE);
  }

  @Override
  public void write(Stamps s, Out out) {
    out.varLong(s.senders().size());
    for (String sender : s.senders()) {
      out.nullableString(sender);
    }
    out.varLong(s.size());
    long id = 0;
    long micros = 0;
    for (int i = 0; i < s.size(); i++) {
      out.varLong(s.id(i) - id);
      out.varLong(s.micros(i) - micros);
      out.varLong(((long) s.senderIndex(i) << 1) | (s.deleted(i) ? 1 : 0));
      id = s.id(i);
      micros = s.micros(i);
    }
  }

  @Override
  public Stamps read(In in) throws IOException {
    int senderCount = in.varInt();
    List<String> senders = new ArrayList<>(senderCount);
    for (int i = 0; i < senderCount; i++) {
      senders.add(in.nullableString());
    }
    int n = in.varInt();
    long[] ids = new long[n];
    long[] micros = new long[n];
    int[] senderOf = new int[n];
    boolean[] deleted = new boolean[n];
    long id = 0;
    long at = 0;
    for (int i = 0; i < n; i++) {
      id += in.varLong();
      at += in.varLong();
      ids[i] = id;
      micros[i] = at;
      long senderAndDeleted = in.varLong();
      deleted[i] = (senderAndDeleted & 1) != 0;
      long sender = senderAndDeleted >>> 1;
      if (sender >= senderCount) {
        throw new IOException("a stamp names sender " + sender + " of " + senderCount);
      }
      senderOf[i] = (int) sender;
    }
    return new Stamps(ids, micros, senderOf, senders, deleted);
  }
}
