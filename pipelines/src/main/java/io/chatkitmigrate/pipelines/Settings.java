package io.chatkitmigrate.pipelines;

import com.fasterxml.jackson.databind.JsonNode;
import io.chatkitmigrate.schemas.Json;
import io.chatkitmigrate.transforms.rehost.RehostSettings;
import io.chatkitmigrate.transforms.rules.ConversionSettings;
import java.io.BufferedReader;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.apache.beam.sdk.extensions.gcp.auth.NoopCredentialFactory;
import org.apache.beam.sdk.extensions.gcp.options.GcsOptions;
import org.apache.beam.sdk.io.FileSystems;

/**
 * From the Beam options at the edge to one plain value per concern (the conversion's, re-hosting's,
 * the reading's), each checked before anything runs; the rules read only those values.
 */
public final class Settings {
  private Settings() {}

  public static ConversionSettings conversion(MigrateOptions o) throws UsageException, IOException {
    return new ConversionSettings(
        channelType("privateChannelType", o.getPrivateChannelType()),
        channelType("publicChannelType", o.getPublicChannelType()),
        pairs("roleMap", o.getRoleMap()),
        pairs("roomRoleMap", o.getRoomRoleMap()),
        choice("deletedRooms", o.getDeletedRooms(), ConversionSettings.DeletedRooms.class),
        choice("missingCursor", o.getMissingCursor(), ConversionSettings.MissingCursor.class),
        choice("readState", o.getReadState(), ConversionSettings.ReadState.class),
        positive("maxMessageLength", o.getMaxMessageLength()),
        o.getMigrateResources(),
        urlMap(o.getAttachmentUrlMap()));
  }

  /** The record size above which a record is refused, within what every layer can carry. */
  public static long maxRecordBytes(MigrateOptions o) throws UsageException {
    long value = o.getMaxRecordBytes();
    if (value < 1024 || value > Json.MAX_RECORD_BYTES_CEILING) {
      throw new UsageException(
          "--maxRecordBytes must be 1024 to " + Json.MAX_RECORD_BYTES_CEILING + ", not " + value);
    }
    return value;
  }

  /** Stream takes files of at most 300 MB (stream-import.md §1). */
  public static final long STREAM_MAX_FILE_BYTES = 300_000_000L;

  public static long maxPartBytes(MigrateOptions o) throws UsageException {
    long value = o.getMaxPartBytes();
    if (value < 1 || value > STREAM_MAX_FILE_BYTES) {
      throw new UsageException(
          "--maxPartBytes must be 1 to " + STREAM_MAX_FILE_BYTES + ", not " + value);
    }
    return value;
  }

  /** Where the import is validated: {@code --validateIn}'s values. */
  public enum ValidateIn {
    AUTO,
    JOB,
    LAUNCHER
  }

  public static ValidateIn validateIn(MigrateOptions o) throws UsageException {
    try {
      return ValidateIn.valueOf(o.getValidateIn().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new UsageException(
          "--validateIn must be auto, job or launcher, not " + o.getValidateIn());
    }
  }

  /**
   * Where and how attachments are re-hosted, or null when they are not. A {@code --gcsEndpoint} (a
   * local fake of Cloud Storage) is honoured here as Beam's file systems honour it.
   */
  public static RehostSettings rehost(MigrateOptions o) throws UsageException {
    String location = o.getRehostAttachments();
    if (location == null || location.isBlank()) {
      return null;
    }
    if (!location.matches("gs://[a-z0-9][a-z0-9._-]{1,221}[a-z0-9](/.*)?")) {
      throw new UsageException(
          "--rehostAttachments must be gs://bucket or gs://bucket/prefix, not '" + location + "'");
    }
    RehostSettings.UrlStyle style =
        choice("rehostUrlStyle", o.getRehostUrlStyle(), RehostSettings.UrlStyle.class);
    int days = o.getRehostSignedUrlDays();
    if (days < 1 || days > 7) {
      throw new UsageException(
          "--rehostSignedUrlDays must be 1 to 7 (the longest a V4 signed URL lives), not " + days);
    }
    if (o.getRehostAttempts() < 1) {
      throw new UsageException("--rehostAttempts must be at least 1, not " + o.getRehostAttempts());
    }
    String key = o.getRehostSigningKeyFile();
    RehostSettings settings =
        RehostSettings.forLocation(location)
            .withUrlStyle(style, key == null || key.isBlank() ? null : key, Duration.ofDays(days))
            .withLimits(
                positive("rehostMaxBytes", o.getRehostMaxBytes()),
                positive("rehostConcurrency", o.getRehostConcurrency()),
                Duration.ofSeconds(positive("rehostTimeoutSeconds", o.getRehostTimeoutSeconds())),
                o.getRehostAttempts(),
                Duration.ofMillis(500));
    GcsOptions gcs = o.as(GcsOptions.class);
    if (gcs.getGcsEndpoint() != null && !gcs.getGcsEndpoint().isBlank()) {
      URI endpoint = URI.create(gcs.getGcsEndpoint());
      boolean anonymous = gcs.getCredentialFactoryClass() == NoopCredentialFactory.class;
      settings =
          settings.withStorage(
              endpoint.getScheme() + "://" + endpoint.getRawAuthority(), anonymous);
    }
    return settings;
  }

  private static long positive(String option, long value) throws UsageException {
    if (value <= 0) {
      throw new UsageException("--" + option + " must be positive, not " + value);
    }
    return value;
  }

  private static String channelType(String option, String value) throws UsageException {
    if (value == null || !value.matches("[\\w-]{1,64}")) {
      throw new UsageException(
          "--"
              + option
              + " must be a Stream channel type (letters, digits, _ and -), not '"
              + value
              + "'");
    }
    return value;
  }

  private static int positive(String option, int value) throws UsageException {
    if (value <= 0) {
      throw new UsageException("--" + option + " must be positive, not " + value);
    }
    return value;
  }

  static <E extends Enum<E>> E choice(String option, String value, Class<E> type)
      throws UsageException {
    String constant = String.valueOf(value).trim().toUpperCase(Locale.ROOT).replace('-', '_');
    for (E e : type.getEnumConstants()) {
      if (e.name().equals(constant)) {
        return e;
      }
    }
    StringBuilder allowed = new StringBuilder();
    for (E e : type.getEnumConstants()) {
      allowed.append(allowed.length() == 0 ? "" : ", ").append(words(e));
    }
    throw new UsageException(
        "--" + option + " must be one of " + allowed + ", not '" + value + "'");
  }

  /**
   * An enum constant as the command line spells it: {@code OWN_LAST_MESSAGE} is {@code
   * own-last-message}.
   */
  public static String words(Enum<?> e) {
    return e.name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  static Map<String, String> pairs(String option, String text) throws UsageException {
    Map<String, String> map = new LinkedHashMap<>();
    if (text == null || text.isBlank()) {
      return map;
    }
    for (String pair : text.split(",")) {
      int eq = pair.indexOf('=');
      if (eq <= 0 || eq == pair.length() - 1) {
        throw new UsageException(
            "--" + option + " takes name=value pairs separated by commas, not '" + pair + "'");
      }
      map.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
    }
    return map;
  }

  static Map<String, String> urlMap(String file) throws IOException, UsageException {
    Map<String, String> map = new LinkedHashMap<>();
    if (file == null || file.isBlank()) {
      return map;
    }
    try (BufferedReader in =
        new BufferedReader(
            new InputStreamReader(
                Channels.newInputStream(
                    FileSystems.open(FileSystems.matchSingleFileSpec(file).resourceId())),
                StandardCharsets.UTF_8))) {
      String line;
      int number = 0;
      while ((line = in.readLine()) != null) {
        number++;
        if (line.isBlank()) {
          continue;
        }
        JsonNode node = Json.treeOrText(line);
        if (!node.path("from").isTextual() || !node.path("to").isTextual()) {
          throw new UsageException(
              "--attachmentUrlMap " + file + ":" + number + " is not a {\"from\", \"to\"} line");
        }
        map.put(node.get("from").textValue(), node.get("to").textValue());
      }
    } catch (FileNotFoundException e) {
      throw new UsageException("--attachmentUrlMap: no file at " + file);
    }
    return map;
  }
}
