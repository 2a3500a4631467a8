package io.chatkitmigrate.transforms.slice;

import io.chatkitmigrate.schemas.chatkit.ChatkitCursor;
import io.chatkitmigrate.schemas.chatkit.ChatkitMessage;
import io.chatkitmigrate.schemas.chatkit.ChatkitRoom;
import io.chatkitmigrate.schemas.chatkit.ChatkitUser;
import io.chatkitmigrate.schemas.chatkit.ChatkitUserRole;
import io.chatkitmigrate.transforms.convert.References;
import io.chatkitmigrate.transforms.read.ReadExport;
import java.util.HashSet;
import java.util.Set;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.transforms.View;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.PCollectionView;

/**
 * A slice of the export that stands on its own: the chosen rooms, their messages, cursors and room
 * roles, and every user they name (senders, creators, members, cursor owners) with that user's
 * global roles; role definitions and the reading's findings pass whole. What is left out is counted
 * per entity ({@code slice:outside_<entity>}), so the books can say what the slice is of.
 */
public final class SliceExport extends PTransform<PCollectionTuple, PCollectionTuple> {
  public static final String NAMESPACE = "slice";
  private final RoomChoice choice;

  public SliceExport(RoomChoice choice) {
    this.choice = choice;
  }

  @Override
  public PCollectionTuple expand(PCollectionTuple export) {
    PCollection<ChatkitRoom> rooms =
        export
            .get(ReadExport.ROOMS)
            .apply(
                "SliceRooms", ParDo.of(new ByRoom<ChatkitRoom>(choice, "rooms", ChatkitRoom::id)));
    PCollection<ChatkitMessage> messages =
        export
            .get(ReadExport.MESSAGES)
            .apply(
                "SliceMessages",
                ParDo.of(new ByRoom<ChatkitMessage>(choice, "messages", ChatkitMessage::roomId)));
    PCollection<ChatkitCursor> cursors =
        export
            .get(ReadExport.CURSORS)
            .apply(
                "SliceCursors",
                ParDo.of(new ByRoom<ChatkitCursor>(choice, "cursors", ChatkitCursor::roomId)));
    PCollectionView<Iterable<String>> named =
        References.of(
                PCollectionTuple.of(ReadExport.ROOMS, rooms)
                    .and(ReadExport.MESSAGES, messages)
                    .and(ReadExport.CURSORS, cursors))
            .apply("SliceUsersView", View.asIterable());
    PCollection<ChatkitUser> users =
        export
            .get(ReadExport.USERS)
            .apply(
                "SliceUsers",
                ParDo.of(new ByUser<ChatkitUser>(named, null, "users", ChatkitUser::id, u -> null))
                    .withSideInputs(named));
    PCollection<ChatkitUserRole> userRoles =
        export
            .get(ReadExport.USER_ROLES)
            .apply(
                "SliceUserRoles",
                ParDo.of(
                        new ByUser<ChatkitUserRole>(
                            named,
                            choice,
                            "user_roles",
                            ChatkitUserRole::userId,
                            ChatkitUserRole::roomId))
                    .withSideInputs(named));
    return PCollectionTuple.of(ReadExport.USERS, users)
        .and(ReadExport.ROOMS, rooms)
        .and(ReadExport.MESSAGES, messages)
        .and(ReadExport.CURSORS, cursors)
        .and(ReadExport.ROLES, export.get(ReadExport.ROLES))
        .and(ReadExport.USER_ROLES, userRoles)
        .and(ReadExport.REJECTED, export.get(ReadExport.REJECTED))
        .and(ReadExport.WARNINGS, export.get(ReadExport.WARNINGS));
  }

  static Counter outside(String entity) {
    return Metrics.counter(NAMESPACE, "outside_" + entity);
  }

  /** Keeps the records of the chosen rooms. */
  static final class ByRoom<T> extends DoFn<T, T> {
    private final RoomChoice choice;
    private final String entity;
    private final SerializableFunction<T, String> room;
    private final Counter outside;

    ByRoom(RoomChoice choice, String entity, SerializableFunction<T, String> room) {
      this.choice = choice;
      this.entity = entity;
      this.room = room;
      this.outside = outside(entity);
    }

    @ProcessElement
    public void process(@Element T record, OutputReceiver<T> out) {
      if (choice.keeps(room.apply(record))) {
        out.output(record);
      } else {
        outside.inc();
      }
    }
  }

  /** Keeps the records of the users the slice names; a record tied to a room goes with its room. */
  static final class ByUser<T> extends DoFn<T, T> {
    private final PCollectionView<Iterable<String>> named;
    private final RoomChoice choice;
    private final SerializableFunction<T, String> user;
    private final SerializableFunction<T, String> room;
    private final Counter outside;
    private transient Set<String> users;

    ByUser(
        PCollectionView<Iterable<String>> named,
        RoomChoice choice,
        String entity,
        SerializableFunction<T, String> user,
        SerializableFunction<T, String> room) {
      this.named = named;
      this.choice = choice;
      this.user = user;
      this.room = room;
      this.outside = outside(entity);
    }

    @ProcessElement
    public void process(ProcessContext c) {
      if (users == null) {
        // One batch job, one global window: the side input is the same for every element.
        users = new HashSet<>();
        c.sideInput(named).forEach(users::add);
      }
      T record = c.element();
      String roomId = room.apply(record);
      boolean keep =
          roomId != null && choice != null
              ? choice.keeps(roomId)
              : users.contains(user.apply(record));
      if (keep) {
        c.output(record);
      } else {
        outside.inc();
      }
    }
  }
}
