package io.chatkitmigrate.transforms.convert;

import io.chatkitmigrate.schemas.chatkit.ChatkitCursor;
import io.chatkitmigrate.schemas.chatkit.ChatkitMessage;
import io.chatkitmigrate.schemas.chatkit.ChatkitRoom;
import io.chatkitmigrate.transforms.read.ReadExport;
import java.util.HashSet;
import java.util.Set;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.transforms.windowing.GlobalWindow;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PCollectionTuple;

/**
 * Every Chatkit user id that something in the export names (senders, room creators, members, cursor
 * owners), so that the user stage can make placeholders for those no users file holds. Each bundle
 * names a user once: a million messages from a thousand senders shuffle a thousand ids, not a
 * million.
 */
public final class References {
  private References() {}

  public static PCollection<String> of(PCollectionTuple export) {
    PCollection<String> senders =
        export
            .get(ReadExport.MESSAGES)
            .apply(
                "Senders",
                ParDo.of(new DistinctInBundle<ChatkitMessage>(m -> Set.of(m.senderId()))));
    PCollection<String> roomUsers =
        export
            .get(ReadExport.ROOMS)
            .apply(
                "CreatorsAndMembers",
                ParDo.of(
                    new DistinctInBundle<ChatkitRoom>(
                        r -> {
                          Set<String> ids = new HashSet<>(r.memberIds());
                          ids.add(r.createdById());
                          return ids;
                        })));
    PCollection<String> cursorUsers =
        export
            .get(ReadExport.CURSORS)
            .apply(
                "CursorOwners",
                ParDo.of(new DistinctInBundle<ChatkitCursor>(c -> Set.of(c.userId()))));
    return PCollectionList.of(senders)
        .and(roomUsers)
        .and(cursorUsers)
        .apply("AllReferencedUsers", Flatten.pCollections());
  }

  /** Emits each id once per bundle, at the bundle's end. */
  static final class DistinctInBundle<T> extends DoFn<T, String> {
    private final SerializableFunction<T, Set<String>> ids;
    private transient Set<String> seen;

    DistinctInBundle(SerializableFunction<T, Set<String>> ids) {
      this.ids = ids;
    }

    @StartBundle
    public void start() {
      seen = new HashSet<>();
    }

    @ProcessElement
    public void process(@Element T record) {
      seen.addAll(ids.apply(record));
    }

    @FinishBundle
    public void finish(FinishBundleContext context) {
      for (String id : seen) {
        context.output(id, BoundedWindow.TIMESTAMP_MIN_VALUE, GlobalWindow.INSTANCE);
      }
      seen = null;
    }
  }
}
