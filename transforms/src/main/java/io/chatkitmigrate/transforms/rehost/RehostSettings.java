package io.chatkitmigrate.transforms.rehost;

import java.io.Serializable;
import java.time.Duration;

/**
 * Where and how attachments are re-hosted. Holds no secret: a signing key is named by its file,
 * read where the work runs.
 *
 * @param bucket the Cloud Storage bucket that receives the files
 * @param prefix object name prefix, empty or ending in {@code /}
 * @param urlStyle whether the rewritten URL is the object's public URL or a V4 signed one
 * @param signingKeyFile a service-account JSON key that signs URLs locally; null signs with the
 *     ambient credentials
 * @param signedUrlTtl how long a signed URL stays valid (V4 allows at most 7 days)
 * @param maxBytes the largest file fetched; bigger ones keep their link and become a warning
 * @param concurrency downloads in flight per worker
 * @param timeout per attempt, until the answer's headers arrive
 * @param maxAttempts attempts per URL for answers that may succeed later (5xx, 429, timeouts)
 * @param firstBackoff the wait before the second attempt; it doubles, with jitter
 * @param storageHost a Cloud Storage endpoint other than Google's (a local fake), or null
 * @param anonymous talk to Cloud Storage without credentials (only for a local fake)
 */
public record RehostSettings(
    String bucket,
    String prefix,
    UrlStyle urlStyle,
    String signingKeyFile,
    Duration signedUrlTtl,
    long maxBytes,
    int concurrency,
    Duration timeout,
    int maxAttempts,
    Duration firstBackoff,
    String storageHost,
    boolean anonymous)
    implements Serializable {

  public enum UrlStyle {
    PUBLIC,
    SIGNED
  }

  /** The URL files are served from, whatever endpoint stores them. */
  public static final String PUBLIC_BASE = "https://storage.googleapis.com/";

  /**
   * {@code gs://bucket/some/prefix} to its bucket and prefix, with defaults for everything else.
   */
  public static RehostSettings forLocation(String gsLocation) {
    if (!gsLocation.startsWith("gs://") || gsLocation.length() <= 5) {
      throw new IllegalArgumentException("not a gs://bucket/prefix location: " + gsLocation);
    }
    String rest = gsLocation.substring(5);
    int slash = rest.indexOf('/');
    String bucket = slash < 0 ? rest : rest.substring(0, slash);
    String prefix = slash < 0 ? "" : rest.substring(slash + 1);
    if (!prefix.isEmpty() && !prefix.endsWith("/")) {
      prefix = prefix + "/";
    }
    return new RehostSettings(
        bucket,
        prefix,
        UrlStyle.PUBLIC,
        null,
        Duration.ofDays(7),
        100L << 20,
        8,
        Duration.ofSeconds(60),
        4,
        Duration.ofMillis(500),
        null,
        false);
  }

  public RehostSettings withUrlStyle(UrlStyle style, String keyFile, Duration ttl) {
    return new RehostSettings(
        bucket,
        prefix,
        style,
        keyFile,
        ttl,
        maxBytes,
        concurrency,
        timeout,
        maxAttempts,
        firstBackoff,
        storageHost,
        anonymous);
  }

  public RehostSettings withLimits(
      long maxBytes, int concurrency, Duration timeout, int maxAttempts, Duration firstBackoff) {
    return new RehostSettings(
        bucket,
        prefix,
        urlStyle,
        signingKeyFile,
        signedUrlTtl,
        maxBytes,
        concurrency,
        timeout,
        maxAttempts,
        firstBackoff,
        storageHost,
        anonymous);
  }

  public RehostSettings withStorage(String host, boolean anonymous) {
    return new RehostSettings(
        bucket,
        prefix,
        urlStyle,
        signingKeyFile,
        signedUrlTtl,
        maxBytes,
        concurrency,
        timeout,
        maxAttempts,
        firstBackoff,
        host,
        anonymous);
  }
}
