package io.chatkitmigrate.transforms.convert;

import io.chatkitmigrate.schemas.coders.CompactCoder;
import java.io.IOException;
import org.apache.beam.sdk.coders.CoderProvider;
import org.apache.beam.sdk.coders.CoderProviders;
import org.apache.beam.sdk.coders.DefaultCoder;
import org.apache.beam.sdk.values.TypeDescriptor;

/** What the message stage must know of a room: its channel type, and whether it may be imported. */
@DefaultCoder(RoomFacts.Coder.class)
public record RoomFacts(String id, boolean isPrivate, boolean deleted, boolean colliding) {

  public static final class Coder extends CompactCoder<RoomFacts> {
    public static final Coder INSTANCE = new Coder();

    public static CoderProvider getCoderProvider() {
      return CoderProviders.forCoder(TypeDescriptor.of(RoomFacts.class), INSTANCE);
    }

    @Override
    public void write(RoomFacts r, Out out) {
      out.string(r.id());
      out.flag(r.isPrivate());
      out.flag(r.deleted());
      out.flag(r.colliding());
    }

    @Override
    public RoomFacts read(In in) throws IOException {
      return new RoomFacts(in.string(), in.flag(), in.flag(), in.flag());
    }
  }
}
