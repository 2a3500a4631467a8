package io.chatkitmigrate.pipelines;

import io.chatkitmigrate.pipelines.OptionGroup.Task;
import io.chatkitmigrate.pipelines.verify.VerifyOptions;
import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.Validation;

/**
 * Options of the {@code migrate} pipeline: where the export is, where the import goes, and the
 * contract's choices.
 */
public interface MigrateOptions extends StreamOptions, SliceOptions, VerifyOptions {

  @Description(
      "Where the items go besides the files: none (files only), import-api (the parts, through"
          + " Stream's import API, once the run succeeded) or rest (Stream's REST API, for live"
          + " apps and top-ups; it cannot keep historic timestamps).")
  @Default.String("none")
  @OptionGroup(Task.DELIVERY)
  String getSink();

  void setSink(String value);

  @Description(
      "The Chatkit export: a folder (every file below it), a file or a glob; local or gs://.")
  @Validation.Required
  @OptionGroup(Task.INPUT_OUTPUT)
  String getInput();

  void setInput(String value);

  @Description(
      "Folder for the import parts, manifest, id map, rejected/, warnings/ and the reports; local"
          + " or gs://.")
  @Validation.Required
  @OptionGroup(Task.INPUT_OUTPUT)
  String getOutput();

  void setOutput(String value);

  @OptionGroup(Task.INPUT_OUTPUT)
  @Description(
      "Run even when files named -NNNNN-of-MMMMM do not make up their whole set; each missing shard"
          + " is then listed in warnings/ (reason missing_shard). Without it such an input is"
          + " refused before the run.")
  @Default.Boolean(false)
  boolean getAllowMissingShards();

  void setAllowMissingShards(boolean value);

  @Description(
      "Replace a migration already in the output folder; the new one is written beside it and takes"
          + " its place only once complete. Files chatkit-migrate did not write are never removed.")
  @Default.Boolean(false)
  @OptionGroup(Task.INPUT_OUTPUT)
  boolean getOverwrite();

  void setOverwrite(boolean value);

  @OptionGroup(Task.INPUT_OUTPUT)
  @Description(
      "Take the output folder although its .lock names another run; only when that run is surely"
          + " dead (a lock left by a run on this host whose process is gone is taken over without"
          + " it).")
  @Default.Boolean(false)
  boolean getBreakLock();

  void setBreakLock(boolean value);

  @Description("Stream channel type for private rooms.")
  @Default.String("messaging")
  @OptionGroup(Task.CONVERSION)
  String getPrivateChannelType();

  void setPrivateChannelType(String value);

  @Description("Stream channel type for public rooms.")
  @Default.String("livestream")
  @OptionGroup(Task.CONVERSION)
  String getPublicChannelType();

  void setPublicChannelType(String value);

  @Description(
      "Global Chatkit roles to Stream roles beyond admin and default, as name=role,name=role.")
  @Default.String("")
  @OptionGroup(Task.CONVERSION)
  String getRoleMap();

  void setRoleMap(String value);

  @Description(
      "Room Chatkit roles to Stream channel roles, as name=channel_role,...; unmapped roles follow"
          + " their permissions.")
  @Default.String("")
  @OptionGroup(Task.CONVERSION)
  String getRoomRoleMap();

  void setRoomRoleMap(String value);

  @Description(
      "Rooms with deleted_at: skip (left out, with their members, messages and cursors) or disable"
          + " (kept, disabled).")
  @Default.String("skip")
  @OptionGroup(Task.CONVERSION)
  String getDeletedRooms();

  void setDeletedRooms(String value);

  @Description(
      "Read state of a member without a cursor, in an export that has cursors: unread, read or"
          + " own-last-message.")
  @Default.String("unread")
  @OptionGroup(Task.READ_STATE)
  String getMissingCursor();

  void setMissingCursor(String value);

  @Description(
      "Read state: chatkit (exactly as Chatkit counted) or own-messages-read (a member has read up"
          + " to their own latest message).")
  @Default.String("chatkit")
  @OptionGroup(Task.READ_STATE)
  String getReadState();

  void setReadState(String value);

  @Description(
      "Longest message text in code points; longer texts are cut, with the original in warnings/.")
  @Default.Integer(5000)
  @OptionGroup(Task.CONVERSION)
  int getMaxMessageLength();

  void setMaxMessageLength(int value);

  @Description(
      "Set migrate_resources on attachments so that Stream copies reachable files to its CDN.")
  @Default.Boolean(false)
  @OptionGroup(Task.ATTACHMENTS)
  boolean getMigrateResources();

  void setMigrateResources(boolean value);

  @Description(
      "A file of {\"from\", \"to\"} lines: attachment URLs of files the customer re-hosted.")
  @OptionGroup(Task.ATTACHMENTS)
  String getAttachmentUrlMap();

  void setAttachmentUrlMap(String value);

  @Description(
      "gs://bucket/prefix: copy every attachment file the export links to into Cloud Storage and"
          + " point the attachments there (files already stored there are not fetched again); empty"
          + " leaves the links as they are.")
  @Default.String("")
  @OptionGroup(Task.ATTACHMENTS)
  String getRehostAttachments();

  void setRehostAttachments(String value);

  @Description(
      "URL of a re-hosted file: public (https://storage.googleapis.com/..., the bucket must be"
          + " readable) or signed (a V4 signed URL, valid --rehostSignedUrlDays; pair it with"
          + " --migrateResources so Stream copies the file).")
  @Default.String("public")
  @OptionGroup(Task.ATTACHMENTS)
  String getRehostUrlStyle();

  void setRehostUrlStyle(String value);

  @Description(
      "Service-account JSON key that signs URLs locally (local or gs://); empty signs with the"
          + " ambient credentials.")
  @Default.String("")
  @OptionGroup(Task.ATTACHMENTS)
  String getRehostSigningKeyFile();

  void setRehostSigningKeyFile(String value);

  @Description("Days a signed URL stays valid, 1 to 7.")
  @Default.Integer(7)
  @OptionGroup(Task.ATTACHMENTS)
  int getRehostSignedUrlDays();

  void setRehostSignedUrlDays(int value);

  @Description(
      "Largest attachment file fetched, in bytes; larger files keep their link, with a warning.")
  @Default.Long(100L << 20)
  @OptionGroup(Task.ATTACHMENTS)
  long getRehostMaxBytes();

  void setRehostMaxBytes(long value);

  @Description("Attachment downloads in flight per worker.")
  @Default.Integer(8)
  @OptionGroup(Task.ATTACHMENTS)
  int getRehostConcurrency();

  void setRehostConcurrency(int value);

  @Description("Seconds to wait for an attachment server's answer, per attempt.")
  @Default.Integer(60)
  @OptionGroup(Task.ATTACHMENTS)
  int getRehostTimeoutSeconds();

  void setRehostTimeoutSeconds(int value);

  @Description(
      "Attempts per attachment URL when its server answers 408, 429, 5xx or not at all (exponential"
          + " backoff with jitter).")
  @Default.Integer(4)
  @OptionGroup(Task.ATTACHMENTS)
  int getRehostAttempts();

  void setRehostAttempts(int value);

  @Description("Largest import part in bytes; parts are cut only between lines.")
  @Default.Long(300_000_000L)
  @OptionGroup(Task.INPUT_OUTPUT)
  long getMaxPartBytes();

  void setMaxPartBytes(long value);

  @Description("NDJSON files and JSON arrays larger than this are read by several workers at once.")
  @Default.Long(64L << 20)
  @OptionGroup(Task.RUNNER)
  long getSplitBytes();

  void setSplitBytes(long value);

  @OptionGroup(Task.CONVERSION)
  @Description(
      "Records (an NDJSON line, a JSON array element) larger than this many bytes are refused as"
          + " record_too_large with an excerpt; 1024 to 268435456.")
  @Default.Long(16L << 20)
  long getMaxRecordBytes();

  void setMaxRecordBytes(long value);

  @Description("Groups per shuffle; 0 chooses from the input's size (about 8 MB of input a group).")
  @Default.Integer(0)
  @OptionGroup(Task.RUNNER)
  int getGroups();

  void setGroups(int value);

  @Description("Check the written import with the validator and fail the run on any error.")
  @Default.Boolean(true)
  @OptionGroup(Task.INPUT_OUTPUT)
  boolean getValidate();

  void setValidate(boolean value);

  @Description(
      "Where the import is validated: job (by the workers, in the migration's job, before the parts"
          + " are named), launcher (in this JVM once the job is over), or auto: the job on a remote"
          + " Flink cluster, and from 2 GB of input on embedded Flink; otherwise the launcher,"
          + " where a smaller run costs less.")
  @Default.String("auto")
  @OptionGroup(Task.INPUT_OUTPUT)
  String getValidateIn();

  void setValidateIn(String value);
}
