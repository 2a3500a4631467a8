package io.chatkitmigrate.transforms.convert;

import io.chatkitmigrate.schemas.Timestamps;
import io.chatkitmigrate.schemas.chatkit.ChatkitMessage;
import io.chatkitmigrate.schemas.coders.CompactCoder;
import io.chatkitmigrate.schemas.stream.validate.KeyHash;
import io.chatkitmigrate.transforms.join.Groups;
import io.chatkitmigrate.transforms.rules.SecondsApart;
import it.unimi.dsi.fastutil.ints.IntArrayList;
import it.unimi.dsi.fastutil.longs.LongArrayList;
import java.io.IOException;
import java.util.function.Consumer;
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
 * as about 18 bytes (a hash of its room and id, its room's hash, its second), a bundle's batched
 * per bucket of hashes, so that a valid export pays one small shuffle and finds nothing.
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
        .setCoder(KvCoder.of(VarIntCoder.of(), new Keys.Coder()))
        .apply("ByHash", GroupByKey.create())
        .apply("SecondsApart", ParDo.of(new FindFn()))
        .setCoder(KvCoder.of(VarIntCoder.of(), VarLongCoder.of()));
  }

  /** One bucket's batch of records' keys, as columns. */
  record Keys(long[] hashes, int[] rooms, long[] seconds) {
    /** The hash as eight bytes, the room's hash and the second as numbers of their size. */
    static final class Coder extends CompactCoder<Keys> {
      @Override
      public void write(Keys k, Out out) {
        out.longs(k.hashes);
        for (int i = 0; i < k.hashes.length; i++) {
          out.varLong(k.rooms[i]);
          out.varLong(k.seconds[i]);
        }
      }

      @Override
      public Keys read(In in) throws IOException {
        long[] hashes = in.longs();
        int[] rooms = new int[hashes.length];
        long[] seconds = new long[hashes.length];
        for (int i = 0; i < hashes.length; i++) {
          rooms[i] = in.varInt();
          seconds[i] = in.varLong();
        }
        return new Keys(hashes, rooms, seconds);
      }
    }
  }

  /** Keys gathered one record or one batch at a time. */
  static final class Columns {
    private final LongArrayList hashes = new LongArrayList();
    private final IntArrayList rooms = new IntArrayList();
    private final LongArrayList seconds = new LongArrayList();

    void add(long hash, int room, long second) {
      hashes.add(hash);
      rooms.add(room);
      seconds.add(second);
    }

    void addAll(Keys keys) {
      hashes.addElements(hashes.size(), keys.hashes());
      rooms.addElements(rooms.size(), keys.rooms());
      seconds.addElements(seconds.size(), keys.seconds());
    }

    Keys keys() {
      return new Keys(hashes.toLongArray(), rooms.toIntArray(), seconds.toLongArray());
    }
  }

  static final class HashFn extends DoFn<ChatkitMessage, KV<Integer, Keys>> {
    private final int groups;
    private final int flushAt;
    private transient Columns[] batches;
    private transient int held;

    HashFn(int groups, int flushAt) {
      this.groups = groups;
      this.flushAt = flushAt;
    }

    @StartBundle
    public void start() {
      batches = new Columns[groups];
      held = 0;
    }

    @ProcessElement
    public void process(@Element ChatkitMessage m, OutputReceiver<KV<Integer, Keys>> out) {
      long hash = KeyHash.of(m.roomId(), Long.toString(m.id()));
      int bucket = Groups.ofHash(Long.hashCode(hash), groups);
      Columns batch = batches[bucket];
      if (batch == null) {
        batch = batches[bucket] = new Columns();
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

    private void sendAll(Consumer<KV<Integer, Keys>> send) {
      for (int bucket = 0; bucket < groups; bucket++) {
        if (batches[bucket] != null) {
          send.accept(KV.of(bucket, batches[bucket].keys()));
          batches[bucket] = null;
        }
      }
      held = 0;
    }
  }

  static final class FindFn extends DoFn<KV<Integer, Iterable<Keys>>, KV<Integer, Long>> {
    @ProcessElement
    public void process(
        @Element KV<Integer, Iterable<Keys>> bucket, OutputReceiver<KV<Integer, Long>> out) {
      Columns all = new Columns();
      for (Keys batch : bucket.getValue()) {
        all.addAll(batch);
      }
      Keys keys = all.keys();
      for (SecondsApart.RoomSecond found :
          SecondsApart.find(keys.hashes(), keys.rooms(), keys.seconds())) {
        out.output(KV.of(found.room(), found.second()));
      }
    }
  }
}
