package io.chatkitmigrate.transforms.read;

import io.chatkitmigrate.schemas.Finding;
import io.chatkitmigrate.schemas.Source;
import io.chatkitmigrate.schemas.chatkit.ChatkitCursor;
import io.chatkitmigrate.schemas.chatkit.ChatkitMessage;
import io.chatkitmigrate.schemas.chatkit.ChatkitRole;
import io.chatkitmigrate.schemas.chatkit.ChatkitRoom;
import io.chatkitmigrate.schemas.chatkit.ChatkitUser;
import io.chatkitmigrate.schemas.chatkit.ChatkitUserRole;
import io.chatkitmigrate.schemas.chatkit.Entity;
import io.chatkitmigrate.transforms.Progress;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import org.apache.beam.sdk.io.Compression;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;

/** Reads one range of an export file and parses every record in it, good ones and bad ones. */
final class ReadRangeFn<T> extends DoFn<FileRange, T> {
  private final long maxRecordBytes;

  ReadRangeFn(long maxRecordBytes) {
    this.maxRecordBytes = maxRecordBytes;
  }

  @ProcessElement
  public void process(@Element FileRange range, MultiOutputReceiver out) {
    Emitter emit = new Emitter(range, out, maxRecordBytes);
    try {
      if (Compression.valueOf(range.compression()) == Compression.UNCOMPRESSED
          && range.rangeCount() > 1) {
        // Only UTF-8 is split (PlanReadsFn): byte positions are file positions.
        try (SeekableByteChannel channel =
            (SeekableByteChannel)
                FileSystems.open(FileSystems.matchNewResource(range.file(), false))) {
          if (range.array()) {
            channel.position(range.start());
            InputStream in = Channels.newInputStream(channel);
            readArray(
                range.start() == 0
                    ? new JsonArrayElements(in)
                    : new JsonArrayElements(
                        in, range.start(), range.elementsBefore(), range.newlinesBefore() + 1),
                range,
                emit);
          } else {
            readLines(channel, range, emit);
          }
        }
      } else {
        try (ExportStream stream = ExportStream.open(range.file())) {
          emit.stream = stream;
          if (stream.firstSignificantByte() == '[') {
            readArray(new JsonArrayElements(stream.in()), range, emit);
          } else {
            readLines(new ByteInput(stream.in(), 0), Long.MAX_VALUE, 1, range, emit);
          }
          if (stream.cut() != null) {
            emit.fileRejected(
                "the compressed data is cut short or corrupt ("
                    + stream.cut()
                    + "): every complete "
                    + (emit.array ? "element" : "line")
                    + " before it was read; the readable data ends at decompressed byte "
                    + stream.decodedBytes()
                    + ", in line "
                    + emit.line
                    + ", after "
                    + emit.records
                    + " records");
          }
        }
      }
    } catch (IOException | RuntimeException e) {
      // A vanished file or a failing disk: what was read stands, the rest is reported.
      emit.fileRejected(
          "reading stopped in line " + emit.line + " after " + emit.records + " records: " + e);
    }
  }

  private static void readLines(SeekableByteChannel channel, FileRange range, Emitter emit)
      throws IOException {
    long line = range.newlinesBefore() + 1;
    long start = range.start();
    if (start > 0) {
      // The line that straddles our start belongs to the previous range.
      channel.position(start - 1);
      ByteInput probe = new ByteInput(Channels.newInputStream(channel), start - 1);
      if (probe.read() != '\n') {
        ByteInput.Bytes skipped = new ByteInput.Bytes();
        probe.readLine(skipped);
        line++;
      }
      readLines(probe, range.end(), line, range, emit);
      return;
    }
    readLines(new ByteInput(Channels.newInputStream(channel), 0), range.end(), line, range, emit);
  }

  private static void readLines(
      ByteInput in, long end, long firstLine, FileRange range, Emitter emit) throws IOException {
    ByteInput.Bytes bytes = new ByteInput.Bytes();
    boolean offsets = emit.stream == null || emit.stream.bytesAsInFile();
    emit.line = firstLine;
    while (in.position() < end) {
      long offset = in.position();
      bytes.clear();
      if (!in.readLine(bytes)) {
        break;
      }
      byte[] record = bytes.trimmed();
      if (record.length > 0) {
        if (!in.lastLineEnded() && emit.stream != null && emit.stream.cut() != null) {
          emit.truncated(record, emit.line);
        } else {
          emit.parsed(
              ChatkitRecordParser.parse(
                  range.entity(),
                  record,
                  range.file(),
                  emit.line,
                  -1,
                  offsets ? offset : -1,
                  emit.maxRecordBytes));
        }
      }
      if (in.lastLineEnded()) {
        emit.line++;
      }
    }
  }

  /** The elements that start inside the range; only the file's last range sees its end. */
  private static void readArray(JsonArrayElements elements, FileRange range, Emitter emit)
      throws IOException {
    emit.array = true;
    boolean offsets = emit.stream == null || emit.stream.bytesAsInFile();
    boolean last = range.rangeIndex() == range.rangeCount() - 1;
    for (JsonArrayElements.Element e = elements.next(); e != null; e = elements.next()) {
      if (!last && e.offset() >= range.end()) {
        return;
      }
      emit.line = e.line();
      switch (e.kind()) {
        case ELEMENT ->
            emit.parsed(
                ChatkitRecordParser.parse(
                    range.entity(),
                    e.bytes(),
                    range.file(),
                    e.line(),
                    e.index(),
                    offsets ? e.offset() : -1,
                    emit.maxRecordBytes));
        case UNTERMINATED -> {
          // The file ends inside the array: an element that is not complete JSON was cut, not
          // malformed.
          ChatkitRecordParser.Result r =
              cut(emit)
                  ? null
                  : ChatkitRecordParser.parse(
                      range.entity(),
                      e.bytes(),
                      range.file(),
                      e.line(),
                      e.index(),
                      offsets ? e.offset() : -1,
                      emit.maxRecordBytes);
          if (r == null
              || (r.rejection() != null && r.rejection().reason().equals("malformed_json"))) {
            emit.truncated(e.bytes(), e.line());
          } else {
            emit.parsed(r);
          }
        }
        case AFTER_ARRAY ->
            emit.rejected(
                Finding.of(
                        "content_after_array",
                        range.entity().word(),
                        new Source(range.file(), e.line(), -1, -1, e.bytes().length),
                        "text after the closing ']' of the file's JSON array")
                    .withRecord(new String(e.bytes(), StandardCharsets.UTF_8)));
      }
    }
    emit.line = elements.line();
    if (!elements.closed() && !cut(emit)) {
      emit.fileRejected(
          "the JSON array is never closed: the file ends in line "
              + emit.line
              + " after "
              + emit.records
              + " elements, so it was probably cut short, and records after the cut are not in it");
    }
  }

  private static boolean cut(Emitter emit) {
    return emit.stream != null && emit.stream.cut() != null;
  }

  /** Sends each parsed record to its entity's output and counts what it sends. */
  private static final class Emitter {
    private final FileRange range;
    private final Entity entity;
    private final MultiOutputReceiver out;
    private final Counter read;
    final long maxRecordBytes;
    ExportStream stream;
    boolean array;
    long records;
    long line = 1;

    Emitter(FileRange range, MultiOutputReceiver out, long maxRecordBytes) {
      this.range = range;
      this.maxRecordBytes = maxRecordBytes;
      this.entity = range.entity();
      this.out = out;
      this.read =
          Progress.tallied(
              Metrics.counter(ReadExport.class, "read_" + entity.word()), "read " + entity.word());
    }

    /**
     * The record cut by the end of the readable data: read, and rejected with what there is of it.
     */
    void truncated(byte[] bytes, long atLine) {
      rejected(
          Finding.of(
                  "truncated_record",
                  entity.word(),
                  new Source(range.file(), atLine, -1, -1, bytes.length),
                  "the file's data ends inside this record: only its start could be read")
              .withRecord(new String(bytes, StandardCharsets.UTF_8)));
    }

    void rejected(Finding rejection) {
      parsed(new ChatkitRecordParser.Result(null, rejection));
    }

    /**
     * A finding about the file, not a record: outside the entity's books (see {@link
     * ReadExport#countFile}).
     */
    void fileRejected(String detail) {
      out.get(ReadExport.REJECTED).output(Finding.forFile("unreadable_file", range.file(), detail));
      ReadExport.countFile(ReadExport.REJECTED, "unreadable_file");
    }

    void parsed(ChatkitRecordParser.Result result) {
      records++;
      read.inc();
      if (result.rejection() != null) {
        Metrics.counter(
                ReadExport.class, "rejected_" + entity.word() + "_" + result.rejection().reason())
            .inc();
        out.get(ReadExport.REJECTED).output(result.rejection());
        return;
      }
      Object record = result.record();
      switch (entity) {
        case USERS -> out.get(ReadExport.USERS).output((ChatkitUser) record);
        case ROOMS -> out.get(ReadExport.ROOMS).output((ChatkitRoom) record);
        case MESSAGES -> out.get(ReadExport.MESSAGES).output((ChatkitMessage) record);
        case CURSORS -> out.get(ReadExport.CURSORS).output((ChatkitCursor) record);
        case ROLES -> out.get(ReadExport.ROLES).output((ChatkitRole) record);
        case USER_ROLES -> out.get(ReadExport.USER_ROLES).output((ChatkitUserRole) record);
      }
    }
  }
}
