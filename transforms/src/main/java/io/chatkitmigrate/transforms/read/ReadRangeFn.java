package io.chatkitmigrate.transforms.read;


import io.chatkitmigrate.schemas.Finding;
import io.chatkitmigrate.schemas.chatkit.ChatkitCursor;
import io.chatkitmigrate.schemas.chatkit.ChatkitMessage;
import io.chatkitmigrate.schemas.chatkit.ChatkitRole;
import io.chatkitmigrate.schemas.chatkit.ChatkitRoom;
import io.chatkitmigrate.schemas.chatkit.ChatkitUser;
import io.chatkitmigrate.schemas.chatkit.ChatkitUserRole;
import io.chatkitmigrate.schemas.chatkit.Entity;
import io.chatkitmigrate.transforms.Progress;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.SeekableByteChannel;
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
  public void process(@Element FileRange range, MultiOutputReceiver out) throws IOException {
    Emitter emit = new Emitter(range.entity(), out, maxRecordBytes);
    ReadableByteChannel channel = FileSystems.open(FileSystems.matchNewResource(range.file(), false));
    try (channel) {
      Compression compression = Compression.valueOf(range.compression());
      if (compression == Compression.UNCOMPRESSED) {
        if (range.array()) {
          readArray(Channels.newInputStream(channel), range, emit);
        } else {
          readLines((SeekableByteChannel) channel, range, emit);
        }
      } else {
        BufferedInputStream in =
            new BufferedInputStream(Channels.newInputStream(compression.readDecompressed(channel)), 1 << 16);
        in.mark(1 << 16);
        int first = PlanReadsFn.firstSignificantByte(in);
        in.reset();
        if (first == '[') {
          readArray(in, range, emit);
        } else {
          readLines(in, 0, Long.MAX_VALUE, 1, range, emit);
        }
      }
    } catch (IOException | RuntimeException e) {
      // A corrupt compressed stream or a vanished file: what was read stands, the rest is reported.
      out.get(ReadExport.REJECTED)
          .output(new Finding("unreadable_file", range.entity().word(), range.file(), null, null,
              "reading stopped after " + emit.records + " records: " + e, null, null));
      Metrics.counter(ReadExport.class, "rejected_" + range.entity().word() + "_unreadable_file").inc();
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
    readLines(Channels.newInputStream(channel), 0, range.end(), line, range, emit);
  }

  private static void readLines(
      InputStream in, long position, long end, long firstLine, FileRange range, Emitter emit)
      throws IOException {
    readLines(new ByteInput(in, position), end, firstLine, range, emit);
  }

  private static void readLines(ByteInput in, long end, long firstLine, FileRange range, Emitter emit)
      throws IOException {
    ByteInput.Bytes bytes = new ByteInput.Bytes();
    long line = firstLine;
    while (in.position() < end) {
      long offset = in.position();
      bytes.clear();
      if (!in.readLine(bytes)) {
        break;
      }
      byte[] record = bytes.trimmed();
      if (record.length > 0) {
        emit.parsed(ChatkitRecordParser.parse(range.entity(), record, range.file(), line, -1, offset, emit.maxRecordBytes));
      }
      line++;
    }
  }

  private static void readArray(InputStream in, FileRange range, Emitter emit) throws IOException {
    JsonArrayElements elements = new JsonArrayElements(in);
    for (JsonArrayElements.Element e = elements.next(); e != null; e = elements.next()) {
      emit.parsed(ChatkitRecordParser.parse(
          range.entity(), e.bytes(), range.file(), e.line(), e.index(), -1, emit.maxRecordBytes));
    }
  }

  /** Sends each parsed record to its entity's output and counts what it sends. */
  private static final class Emitter {
    private final Entity entity;
    private final MultiOutputReceiver out;
    private final Counter read;
    final long maxRecordBytes;
    long records;

    Emitter(Entity entity, MultiOutputReceiver out, long maxRecordBytes) {
      this.entity = entity;
      this.out = out;
      this.maxRecordBytes = maxRecordBytes;
      this.read = Progress.tallied(Metrics.counter(ReadExport.class, "read_" + entity.word()), "read " + entity.word());
    }

    void parsed(ChatkitRecordParser.Result result) {
      records++;
      read.inc();
      if (result.rejection() != null) {
        Metrics.counter(ReadExport.class,
            "rejected_" + entity.word() + "_" + result.rejection().reason()).inc();
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
