package io.chatkitmigrate.transforms.convert;

import io.chatkitmigrate.schemas.Finding;
import io.chatkitmigrate.schemas.Timestamps;
import io.chatkitmigrate.schemas.chatkit.ChatkitMessage;
import io.chatkitmigrate.schemas.stream.ImportItem;
import io.chatkitmigrate.schemas.stream.StreamMessage;
import io.chatkitmigrate.transforms.join.Bucket;
import io.chatkitmigrate.transforms.join.Groups;
import io.chatkitmigrate.transforms.join.JoinById;
import io.chatkitmigrate.transforms.join.Tagged;
import io.chatkitmigrate.transforms.rules.ConversionSettings;
import io.chatkitmigrate.transforms.rules.Converted;
import io.chatkitmigrate.transforms.rules.IdMapper;
import io.chatkitmigrate.transforms.rules.MessageMerger;
import io.chatkitmigrate.transforms.rules.MessageRules;
import io.chatkitmigrate.transforms.rules.TieBreak;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.FlatMapElements;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;
import org.apache.beam.sdk.values.TypeDescriptor;

/**
 * Messages to Stream messages in one shuffle. Records meet in buckets of (room, second of
 * created_at): every record of one message shares its second, and the µs tie-break needs exactly
 * the messages of a room that share a timestamp, so one group holds all a record needs. A room's
 * seconds spread over a few buckets, so a hot room loads several workers; what the stage must know
 * of each room, and the users whose ids collide, join the messages in the same buckets.
 *
 * <p>An export may still hold copies of one message a few seconds apart (docs/conversion.md §9).
 * {@link FindSplitMessages} names the (room, second) pairs such copies fall in; the buckets set
 * those seconds of the room aside whole. Their records are gathered by message, sent on to the
 * (room, second) of each message's winning copy, and merged and converted there by the same
 * function, so the copies meet, the tie-break still sees whole seconds, and a hot room whose every
 * second is set aside still spreads over its buckets. Their lines come out as {@link
 * #REGROUPED_LINES}.
 */
public final class ConvertMessages extends PTransform<PCollectionTuple, PCollectionTuple> {
  public static final TupleTag<ChatkitMessage> MESSAGES = new TupleTag<>() {};

  /** The one room index of the export. */
  public static final TupleTag<RoomIndex> ROOMS = new TupleTag<>() {};

  /** Chatkit user ids whose Stream id collides: their messages are rejected. */
  public static final TupleTag<String> COLLIDED_USERS = new TupleTag<>() {};

  /** (room id, stamps) of every written message, deleted ones flagged, for the room stage. */
  public static final TupleTag<KV<String, Stamps>> STAMPS = new TupleTag<>() {};

  /**
   * The stamps of the messages converted after regrouping, apart from {@link #STAMPS} so that each
   * is routed to the room stage in the step that makes it.
   */
  public static final TupleTag<KV<String, Stamps>> REGROUPED_STAMPS = new TupleTag<>() {};

  /**
   * The lines of the messages converted after regrouping, apart from {@link Outputs#MESSAGE_LINES}:
   * almost always none, and kept apart so that the message lines are written in the step that makes
   * them (a step with two inputs cannot be chained to either on Flink).
   */
  public static final TupleTag<String> REGROUPED_LINES = new TupleTag<>() {};

  /**
   * (room id's hashCode, second) pairs holding a copy of a message with copies in other seconds.
   */
  private static final TupleTag<KV<Integer, Long>> SPLIT = new TupleTag<>() {};

  /** The records of those pairs, set aside to be regrouped. */
  private static final TupleTag<ChatkitMessage> SET_ASIDE = new TupleTag<>() {};

  /** A set-aside record with the second of its message's winning copy, where it is converted. */
  private static final TupleTag<KV<Long, ChatkitMessage>> REGROUPED = new TupleTag<>() {};

  /** What the message stage must know of each room, sent to every bucket of the room. */
  private static final TupleTag<RoomFacts> ROOM_FACTS = new TupleTag<>() {};

  static final String ENTITY = "messages";

  private final ConversionSettings options;
  private final int groups;
  private PCollectionView<Map<String, String>> rehosted;

  public ConvertMessages(ConversionSettings options, int groups) {
    this.options = options;
    this.groups = groups;
  }

  /** Attachment URLs copied into Cloud Storage this run, to their new URLs. */
  public ConvertMessages withRehosted(PCollectionView<Map<String, String>> urls) {
    this.rehosted = urls;
    return this;
  }

  @Override
  public PCollectionTuple expand(PCollectionTuple input) {
    PCollection<ChatkitMessage> messages = input.get(MESSAGES);
    PCollection<RoomFacts> facts =
        input
            .get(ROOMS)
            .apply(
                "RoomFacts",
                FlatMapElements.into(TypeDescriptor.of(RoomFacts.class))
                    .via(
                        (RoomIndex index) ->
                            index.rooms().keySet().stream().map(index::facts).toList()));
    // 1. The (room, second) pairs that hold copies of a message spread over several seconds.
    PCollection<KV<Integer, Long>> split =
        messages.apply("FindSplitMessages", new FindSplitMessages(groups));

    // 2. Messages by (room, second), converted there unless their second is one of those pairs.
    JoinById bySecond =
        withRoomsAndCollided(
                JoinById.inBuckets(groups)
                    .and(
                        MESSAGES,
                        ChatkitMessage::roomId,
                        (m, n) ->
                            new int[] {
                              Groups.ofRoomAndSecond(
                                  m.roomId(), Timestamps.epochSecond(m.createdAt()), n)
                            }))
            .and(
                SPLIT,
                notice -> "",
                (notice, n) ->
                    new int[] {Groups.ofRoomHashAndSecond(notice.getKey(), notice.getValue(), n)});
    PCollectionTuple first =
        PCollectionTuple.of(MESSAGES, messages)
            .and(ROOM_FACTS, facts)
            .and(COLLIDED_USERS, input.get(COLLIDED_USERS))
            .and(SPLIT, split)
            .apply("JoinByRoomAndSecond", bySecond)
            .apply(
                "MergeAndConvert",
                convert(bySecond, MESSAGES)
                    .withOutputTags(
                        Outputs.MESSAGE_LINES,
                        TupleTagList.of(STAMPS)
                            .and(Outputs.REJECTED)
                            .and(Outputs.WARNINGS)
                            .and(SET_ASIDE)));
    first.get(SET_ASIDE).setCoder(messages.getCoder());

    // 3. The seconds set aside: each message's records gathered, then sent to the second of its
    // winning copy, where the same function merges and converts whole seconds again.
    JoinById byMessage = JoinById.inBuckets(groups).and(SET_ASIDE, m -> m.roomId() + '\n' + m.id());
    PCollection<KV<Long, ChatkitMessage>> regrouped =
        PCollectionTuple.of(SET_ASIDE, first.get(SET_ASIDE))
            .apply("GatherCopies", byMessage)
            .apply("ToWinningSecond", ParDo.of(new ToWinningSecondFn(byMessage.reader())))
            .setCoder(KvCoder.of(VarLongCoder.of(), messages.getCoder()));
    JoinById byWinningSecond =
        withRoomsAndCollided(
            JoinById.inBuckets(groups)
                .and(
                    REGROUPED,
                    copy -> copy.getValue().roomId(),
                    (copy, n) ->
                        new int[] {
                          Groups.ofRoomAndSecond(copy.getValue().roomId(), copy.getKey(), n)
                        }));
    PCollectionTuple second =
        PCollectionTuple.of(REGROUPED, regrouped)
            .and(ROOM_FACTS, facts)
            .and(COLLIDED_USERS, input.get(COLLIDED_USERS))
            .apply("JoinRegroupedBySecond", byWinningSecond)
            .apply(
                "MergeAndConvertRegrouped",
                convert(byWinningSecond, REGROUPED)
                    .withOutputTags(
                        Outputs.MESSAGE_LINES,
                        TupleTagList.of(STAMPS).and(Outputs.REJECTED).and(Outputs.WARNINGS)));

    KvCoder<String, Stamps> stamps = KvCoder.of(StringUtf8Coder.of(), StampsCoder.INSTANCE);
    first.get(STAMPS).setCoder(stamps);
    second.get(STAMPS).setCoder(stamps);
    return PCollectionTuple.of(Outputs.MESSAGE_LINES, first.get(Outputs.MESSAGE_LINES))
        .and(REGROUPED_LINES, second.get(Outputs.MESSAGE_LINES))
        .and(STAMPS, first.get(STAMPS))
        .and(REGROUPED_STAMPS, second.get(STAMPS))
        .and(Outputs.REJECTED, both("AllRejected", Outputs.REJECTED, first, second))
        .and(Outputs.WARNINGS, both("AllWarnings", Outputs.WARNINGS, first, second));
  }

  /**
   * What a conversion must see beside its messages: the room's facts in every bucket the room's
   * messages may fall in, the collided users in all.
   */
  private static JoinById withRoomsAndCollided(JoinById messages) {
    return messages
        .and(ROOM_FACTS, RoomFacts::id, (r, n) -> Groups.ofRoom(r.id(), n))
        .and(COLLIDED_USERS, user -> user, JoinById.everywhere());
  }

  /** The conversion of one join's buckets, whose messages come as {@code records}. */
  private ParDo.SingleOutput<KV<Integer, Iterable<Tagged>>, String> convert(
      JoinById join, TupleTag<?> records) {
    ParDo.SingleOutput<KV<Integer, Iterable<Tagged>>, String> convert =
        ParDo.of(new ConvertFn(options, rehosted, join.reader(), records == MESSAGES));
    return rehosted == null ? convert : convert.withSideInputs(rehosted);
  }

  private static <T> PCollection<T> both(
      String name, TupleTag<T> tag, PCollectionTuple first, PCollectionTuple second) {
    PCollection<T> one = first.get(tag);
    return PCollectionList.of(one)
        .and(second.get(tag))
        .apply(name, Flatten.pCollections())
        .setCoder(one.getCoder());
  }

  /** Each set-aside record with the second its message will have once merged. */
  static final class ToWinningSecondFn
      extends DoFn<KV<Integer, Iterable<Tagged>>, KV<Long, ChatkitMessage>> {
    private final JoinById.Reader join;

    ToWinningSecondFn(JoinById.Reader join) {
      this.join = join;
    }

    @ProcessElement
    public void process(
        @Element KV<Integer, Iterable<Tagged>> group,
        OutputReceiver<KV<Long, ChatkitMessage>> out) {
      Bucket bucket = join.read(group.getValue());
      for (String message : bucket.ids()) {
        List<ChatkitMessage> copies = bucket.get(message, SET_ASIDE);
        long second = Timestamps.epochSecond(MessageMerger.base(copies).createdAt());
        copies.forEach(copy -> out.output(KV.of(second, copy)));
      }
    }
  }

  static final class ConvertFn extends DoFn<KV<Integer, Iterable<Tagged>>, String> {
    private final ConversionSettings options;
    private final PCollectionView<Map<String, String>> rehosted;
    private final JoinById.Reader join;

    /**
     * The first join, which reads MESSAGES and sets split seconds aside; else the regrouped one.
     */
    private final boolean setsAside;

    ConvertFn(
        ConversionSettings options,
        PCollectionView<Map<String, String>> rehosted,
        JoinById.Reader join,
        boolean setsAside) {
      this.options = options;
      this.rehosted = rehosted;
      this.join = join;
      this.setsAside = setsAside;
    }

    @ProcessElement
    public void process(ProcessContext c, MultiOutputReceiver out) {
      Bucket bucket = join.read(c.element().getValue());
      Set<String> collided = Set.copyOf(bucket.all(COLLIDED_USERS));
      Map<Integer, Set<Long>> split = setsAside ? splitSeconds(bucket) : Map.of();
      Map<String, String> urls = rehosted == null ? Map.of() : c.sideInput(rehosted);
      for (String roomId : bucket.ids()) {
        List<ChatkitMessage> messages =
            setsAside
                ? bucket.get(roomId, MESSAGES)
                : bucket.get(roomId, REGROUPED).stream().map(KV::getValue).toList();
        if (messages.isEmpty()) {
          continue;
        }
        Set<Long> aside = split.getOrDefault(roomId.hashCode(), Set.of());
        // Sorted by id: the same export gives the same output order on every runner.
        Map<Long, List<ChatkitMessage>> records = new TreeMap<>();
        for (ChatkitMessage m : messages) {
          if (!aside.isEmpty() && aside.contains(Timestamps.epochSecond(m.createdAt()))) {
            out.get(SET_ASIDE).output(m);
            continue;
          }
          records.computeIfAbsent(m.id(), id -> new ArrayList<>(1)).add(m);
        }
        if (records.isEmpty()) {
          continue;
        }
        List<RoomFacts> room = bucket.get(roomId, ROOM_FACTS);
        convertRoom(roomId, records, room.isEmpty() ? null : room.get(0), collided, urls, out);
      }
    }

    /** The seconds to set aside, by room id's hashCode. */
    private static Map<Integer, Set<Long>> splitSeconds(Bucket bucket) {
      Map<Integer, Set<Long>> seconds = new HashMap<>();
      for (KV<Integer, Long> notice : bucket.all(SPLIT)) {
        seconds.computeIfAbsent(notice.getKey(), room -> new HashSet<>()).add(notice.getValue());
      }
      return seconds;
    }

    private void convertRoom(
        String roomId,
        Map<Long, List<ChatkitMessage>> records,
        RoomFacts room,
        Set<String> collided,
        Map<String, String> urls,
        MultiOutputReceiver out) {
      String roomProblem =
          room != null && room.colliding()
              ? "id_collision"
              : room != null
                      && room.deleted()
                      && options.deletedRooms() == ConversionSettings.DeletedRooms.SKIP
                  ? "deleted_room"
                  : null;
      if (roomProblem != null) {
        String detail =
            roomProblem.equals("deleted_room")
                ? "room " + roomId + " is deleted and deleted rooms are skipped"
                : "room " + roomId + " shares its Stream channel id with another room";
        records
            .values()
            .forEach(
                list ->
                    list.forEach(
                        m ->
                            Emit.rejected(
                                out, Finding.of(roomProblem, ENTITY, m.source(), detail))));
        return;
      }
      String channelId = IdMapper.channelId(roomId);
      String channelType =
          room == null || room.isPrivate()
              ? options.privateChannelType()
              : options.publicChannelType();

      List<ChatkitMessage> merged = new ArrayList<>(records.size());
      for (List<ChatkitMessage> copies : records.values()) {
        MessageMerger.Merged result = MessageMerger.merge(copies);
        Counters.merged(ENTITY).inc(result.mergedRecords());
        Emit.warnings(out, result.warnings());
        merged.add(result.message());
      }
      long[] ids = new long[merged.size()];
      long[] original = new long[merged.size()];
      for (int i = 0; i < ids.length; i++) {
        ids[i] = merged.get(i).id();
        original[i] = merged.get(i).createdAt();
      }
      long[] created = TieBreak.assign(ids, original);

      // Counted once per room rather than once per message: a counter update is not free on every
      // runner.
      long written = 0;
      Map<Integer, Long> months = new HashMap<>();
      Stamps.Builder stamps = Stamps.builder();
      for (int i = 0; i < ids.length; i++) {
        ChatkitMessage message = merged.get(i);
        if (collided.contains(message.senderId())) {
          Emit.rejected(
              out,
              Finding.of(
                  "id_collision",
                  ENTITY,
                  message.source(),
                  "sender " + message.senderId() + " shares its Stream user id with another user"));
          continue;
        }
        Converted<StreamMessage> converted =
            MessageRules.convert(message, channelType, channelId, created[i], options, urls);
        Emit.warnings(out, converted.warnings());
        if (converted.isRejected()) {
          Emit.rejected(out, converted.rejection());
          continue;
        }
        out.get(Outputs.MESSAGE_LINES).output(ImportItem.of(converted.item()).toJsonLine());
        written++;
        months.merge(Counters.monthOf(created[i]), 1L, Long::sum);
        stamps.add(message.id(), created[i], message.senderId(), message.deletedAt() != null);
      }
      if (!stamps.isEmpty()) {
        out.get(STAMPS).output(KV.of(roomId, stamps.build()));
      }
      Counters.written(ENTITY).inc(written);
      Counters.items(StreamMessage.ITEM_TYPE).inc(written);
      months.forEach((month, count) -> Counters.month(month).inc(count));
    }
  }
}
