package io.chatkitmigrate.transforms.convert;

import io.chatkitmigrate.schemas.Finding;
import io.chatkitmigrate.schemas.Timestamps;
import io.chatkitmigrate.schemas.chatkit.ChatkitMessage;
import io.chatkitmigrate.schemas.coders.ChatkitMessageCoder;
import io.chatkitmigrate.schemas.stream.ImportItem;
import io.chatkitmigrate.schemas.stream.StreamMessage;
import io.chatkitmigrate.transforms.rules.ConversionOptions;
import io.chatkitmigrate.transforms.rules.Converted;
import io.chatkitmigrate.transforms.rules.IdMapper;
import io.chatkitmigrate.transforms.rules.MessageMerger;
import io.chatkitmigrate.transforms.rules.TieBreak;
import io.chatkitmigrate.transforms.rules.MessageRules;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.GroupByKey;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.WithKeys;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;
import org.apache.beam.sdk.values.TypeDescriptors;

/**
 * Messages to Stream messages in one shuffle. Records meet in buckets of (room, second of
 * created_at): every record of one message shares its second, and the µs tie-break needs exactly the
 * messages of a room that share a timestamp, so one group holds all a record needs. A hot room
 * spreads over every bucket instead of loading one worker.
 */
public final class ConvertMessages extends PTransform<PCollection<ChatkitMessage>, PCollectionTuple> {
  /** (room id, stamp) of every written message, for the read-state stage. */
  public static final TupleTag<KV<String, Stamp>> STAMPS = new TupleTag<>() {};
  static final String ENTITY = "messages";

  private final ConversionOptions options;
  private final int groups;
  private final PCollectionView<RoomIndex> rooms;
  private final PCollectionView<List<String>> collidedUsers;
  private PCollectionView<Map<String, String>> rehosted;

  public ConvertMessages(ConversionOptions options, int groups, PCollectionView<RoomIndex> rooms,
      PCollectionView<List<String>> collidedUsers) {
    this.options = options;
    this.groups = groups;
    this.rooms = rooms;
    this.collidedUsers = collidedUsers;
  }

  /** Attachment URLs copied into Cloud Storage this run, to their new URLs. */
  public ConvertMessages withRehosted(PCollectionView<Map<String, String>> urls) {
    this.rehosted = urls;
    return this;
  }

  @Override
  public PCollectionTuple expand(PCollection<ChatkitMessage> messages) {
    int n = groups;
    List<PCollectionView<?>> sideInputs = new ArrayList<>(List.of(rooms, collidedUsers));
    if (rehosted != null) {
      sideInputs.add(rehosted);
    }
    PCollectionTuple out = messages
        .apply("KeyByRoomAndSecond", WithKeys.of((ChatkitMessage m) ->
                Groups.of(m.roomId() + '\u0000' + Timestamps.epochSecond(m.createdAt()), n))
            .withKeyType(TypeDescriptors.integers()))
        .setCoder(KvCoder.of(VarIntCoder.of(), ChatkitMessageCoder.of()))
        .apply("GroupByRoomAndSecond", GroupByKey.create())
        .apply("MergeAndConvert", ParDo.of(new ConvertFn(options, rooms, collidedUsers, rehosted))
            .withSideInputs(sideInputs)
            .withOutputTags(Outputs.MESSAGE_LINES,
                TupleTagList.of(STAMPS).and(Outputs.REJECTED).and(Outputs.WARNINGS)));
    out.get(STAMPS).setCoder(KvCoder.of(StringUtf8Coder.of(), StageCoders.StampCoder.INSTANCE));
    return out;
  }

  static final class ConvertFn extends DoFn<KV<Integer, Iterable<ChatkitMessage>>, String> {
    private final ConversionOptions options;
    private final PCollectionView<RoomIndex> rooms;
    private final PCollectionView<List<String>> collidedUsers;
    private final PCollectionView<Map<String, String>> rehosted;
    private transient Set<String> collided;

    ConvertFn(ConversionOptions options, PCollectionView<RoomIndex> rooms,
        PCollectionView<List<String>> collidedUsers, PCollectionView<Map<String, String>> rehosted) {
      this.options = options;
      this.rooms = rooms;
      this.collidedUsers = collidedUsers;
      this.rehosted = rehosted;
    }

    @ProcessElement
    public void process(ProcessContext c, MultiOutputReceiver out) {
      KV<Integer, Iterable<ChatkitMessage>> group = c.element();
      RoomIndex index = c.sideInput(rooms);
      if (collided == null) {
        collided = Set.copyOf(c.sideInput(collidedUsers));
      }
      // Sorted maps: the same export gives the same output order on every runner.
      Map<String, Map<Long, List<ChatkitMessage>>> byRoom = new TreeMap<>();
      for (ChatkitMessage m : group.getValue()) {
        byRoom.computeIfAbsent(m.roomId(), r -> new TreeMap<>())
            .computeIfAbsent(m.id(), id -> new ArrayList<>(1))
            .add(m);
      }
      Map<String, String> urls = rehosted == null ? Map.of() : c.sideInput(rehosted);
      byRoom.forEach((roomId, records) -> convertRoom(roomId, records, index, urls, out));
    }

    private void convertRoom(String roomId, Map<Long, List<ChatkitMessage>> records, RoomIndex index,
        Map<String, String> urls, MultiOutputReceiver out) {
      RoomIndex.Entry room = index.get(roomId);
      String roomProblem =
          index.colliding().contains(roomId) ? "id_collision"
              : room != null && room.deleted() && options.deletedRooms() == ConversionOptions.DeletedRooms.SKIP
                  ? "deleted_room" : null;
      if (roomProblem != null) {
        String detail = roomProblem.equals("deleted_room")
            ? "room " + roomId + " is deleted and deleted rooms are skipped"
            : "room " + roomId + " shares its Stream channel id with another room";
        records.values().forEach(list -> list.forEach(m ->
            Emit.rejected(out, Finding.of(roomProblem, ENTITY, m.source(), detail))));
        return;
      }
      String channelId = IdMapper.channelId(roomId);
      String channelType = room == null || room.isPrivate()
          ? options.privateChannelType() : options.publicChannelType();

      List<ChatkitMessage> merged = new ArrayList<>(records.size());
      for (List<ChatkitMessage> copies : records.values()) {
        MessageMerger.Merged result = MessageMerger.merge(copies);
        Accounting.merged(ENTITY).inc(result.mergedRecords());
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

      // Counted once per room rather than once per message: a counter update is not free on every runner.
      long written = 0;
      Map<Integer, Long> months = new HashMap<>();
      for (int i = 0; i < ids.length; i++) {
        ChatkitMessage message = merged.get(i);
        if (collided.contains(message.senderId())) {
          Emit.rejected(out, Finding.of("id_collision", ENTITY, message.source(),
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
        months.merge(Accounting.monthOf(created[i]), 1L, Long::sum);
        if (message.deletedAt() == null) {
          out.get(STAMPS).output(KV.of(roomId, new Stamp(message.id(), created[i], message.senderId())));
        }
      }
      Accounting.written(ENTITY).inc(written);
      Accounting.items(StreamMessage.ITEM_TYPE).inc(written);
      months.forEach((month, count) -> Accounting.month(month).inc(count));
    }
  }
}
