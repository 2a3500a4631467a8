package io.chatkitmigrate.transforms.convert;

import io.chatkitmigrate.schemas.Timestamps;
import io.chatkitmigrate.schemas.chatkit.ChatkitMessage;
import io.chatkitmigrate.schemas.stream.validate.KeyHash;
import io.chatkitmigrate.transforms.join.Groups;
import io.chatkitmigrate.transforms.rules.SecondsApart;
import it.unimi.dsi.fastutil.ints.IntArrayList;
import it.unimi.dsi.fastutil.longs.LongArrayList;
import java.nio.ByteBuffer;
import java.util.function.Consumer;
import org.apache.beam.sdk.coders.ByteArrayCoder;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.GroupByKey;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.transforms.windowing.GlobalWindow;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;

/**
 * The (room, second) pairs that hold a record of a message whose records fall in more than one
 * second ({@link SecondsApart}), as (room id's {@code hashCode}, epoch second). Each record travels
 * as 20 bytes (a hash of its room and id, its room's hash, its second), a bundle's batched per
 * bucket of hashes, so that a valid export pays one small shuffle and finds nothing.
 */
final class FindSplitMessages
    extends PTransform<PCollection<ChatkitMessage>, PCollection<KV<Integer, Long>>> {
  /**
   * A bundle's batches are sent once it holds this many records (2.5 MB): a bundle on Flink may
   * hold millions.
   */
  static final int FLUSH_AT = 1 << 17;

  private final int groups;
  private final int flushAt;

  FindSplitMessages(int groups) {
    this(groups, FLUSH_AT);
  }

  FindSplitMessages(int groups, int flushAt) {
    this.groups = groups;
    this.flushAt = flushAt;
  }

  @Override
  public PCollection<KV<Integer, Long>> expand(PCollection<ChatkitMessage> messages) {
    return messages
        .apply("HashInBundles", ParDo.of(new HashFn(groups, flushAt)))
        .setCoder(KvCoder.of(VarIntCoder.of(), ByteArrayCoder.of()))
        .apply("ByHash", GroupByKey.create())
        .apply("SecondsApart", ParDo.of(new FindFn()))
        .setCoder(KvCoder.of(VarIntCoder.of(), VarLongCoder.of()));
  }

  /** Records' keys as columns; sent as bytes, 20 a record. */
  static final class Keys {
    private static final int BYTES = Long.BYTES + Integer.BYTES + Long.BYTES;

    final LongArrayList hashes = new LongArrayList();
    final IntArrayList rooms = new IntArrayList();
    final LongArrayList seconds = new LongArrayList();

    void add(long hash, int room, long second) {
      hashes.add(hash);
      rooms.add(room);
      seconds.add(second);
    }

    int size() {
      return hashes.size();
    }

    byte[] encode() {
      ByteBuffer out = ByteBuffer.allocate(size() * BYTES);
      for (int i = 0; i < size(); i++) {
        out.putLong(hashes.getLong(i)).putInt(rooms.getInt(i)).putLong(seconds.getLong(i));
      }
      return out.array();
    }

    void addEncoded(byte[] bytes) {
      ByteBuffer in = ByteBuffer.wrap(bytes);
      while (in.hasRemaining()) {
        add(in.getLong(), in.getInt(), in.getLong());
      }
    }
  }

  static final class HashFn extends DoFn<ChatkitMessage, KV<Integer, byte[]>> {
    private final int groups;
    private final int flushAt;
    private transient Keys[] batches;
    private transient int held;

    HashFn(int groups, int flushAt) {
      this.groups = groups;
      this.flushAt = flushAt;
    }

    @StartBundle
    public void start() {
      batches = new Keys[groups];
      held = 0;
    }

    @ProcessElement
    public void process(@Element ChatkitMessage m, OutputReceiver<KV<Integer, byte[]>> out) {
      long hash = KeyHash.of(m.roomId(), Long.toString(m.id()));
      int bucket = Groups.ofHash(Long.hashCode(hash), groups);
      Keys batch = batches[bucket];
      if (batch == null) {
        batch = batches[bucket] = new Keys();
      }
      batch.add(hash, m.roomId().hashCode(), Timestamps.epochSecond(m.createdAt()));
      if (++held >= flushAt) {
        sendAll(out::output);
      }
    }

    @FinishBundle
    public void finish(FinishBundleContext context) {
      sendAll(
          batch -> context.output(batch, BoundedWindow.TIMESTAMP_MIN_VALUE, GlobalWindow.INSTANCE));
    }

    private void sendAll(Consumer<KV<Integer, byte[]>> send) {
      for (int bucket = 0; bucket < groups; bucket++) {
        if (batches[bucket] != null) {
          send.accept(KV.of(bucket, batches[bucket].encode()));
          batches[bucket] = null;
        }
      }
      held = 0;
    }
  }

  static final class FindFn extends DoFn<KV<Integer, Iterable<byte[]>>, KV<Integer, Long>> {
    @ProcessElement
    public void process(
        @Element KV<Integer, Iterable<byte[]>> bucket, OutputReceiver<KV<Integer, Long>> out) {
      Keys keys = new Keys();
      for (byte[] batch : bucket.getValue()) {
        keys.addEncoded(batch);
      }
      for (SecondsApart.RoomSecond found :
          SecondsApart.find(
              keys.hashes.toLongArray(), keys.rooms.toIntArray(), keys.seconds.toLongArray())) {
        out.output(KV.of(found.room(), found.second()));
      }
    }
  }
}
