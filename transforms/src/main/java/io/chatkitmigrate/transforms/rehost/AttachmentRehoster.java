package io.chatkitmigrate.transforms.rehost;

import com.google.auth.oauth2.ServiceAccountCredentials;
import com.google.cloud.NoCredentials;
import com.google.cloud.storage.BlobId;
import com.google.cloud.storage.BlobInfo;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.StorageException;
import com.google.cloud.storage.StorageOptions;
import io.chatkitmigrate.transforms.retry.RetryPolicy;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Copies one attachment URL into Cloud Storage, once: the object's name is derived from a hash of
 * the URL, so a file already stored (by an earlier run, or another worker) is found and not fetched
 * again. A download is retried by the {@link RetryPolicy} on answers that may succeed later; one
 * that cannot succeed ends as a {@link Outcome} with a stable reason, and the attachment keeps its
 * link.
 */
public final class AttachmentRehoster implements AutoCloseable {
  /** What became of one URL. */
  public enum Status {
    REHOSTED,
    ALREADY_STORED,
    FAILED
  }

  /**
   * @param url the new URL (null when failed)
   * @param reason a stable reason code when failed: {@code attachment_not_found}, {@code
   *     attachment_http_error}, {@code attachment_timeout}, {@code attachment_unreachable}, {@code
   *     attachment_too_large}, {@code attachment_store_failed}
   */
  public record Outcome(Status status, String url, String reason, String detail) {
    static Outcome failed(String reason, String detail) {
      return new Outcome(Status.FAILED, null, reason, detail);
    }
  }

  private static final String SIGNING_HOST = "https://storage.googleapis.com";
  private static final Pattern EXTENSION = Pattern.compile("\\.([A-Za-z0-9]{1,8})$");

  private final RehostSettings settings;
  private final Storage storage;
  private final ServiceAccountCredentials signer;
  private final HttpClient http;
  private final RetryPolicy retry;

  public AttachmentRehoster(RehostSettings settings, ServiceAccountCredentials signer) {
    this.settings = settings;
    this.signer = signer;
    StorageOptions.Builder storage = StorageOptions.newBuilder();
    if (settings.storageHost() != null) {
      storage.setHost(settings.storageHost());
    }
    if (settings.anonymous()) {
      storage.setCredentials(NoCredentials.getInstance()).setProjectId("anonymous");
    }
    this.storage = storage.build().getService();
    this.http =
        HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NORMAL)
            .connectTimeout(settings.timeout())
            .build();
    this.retry = new RetryPolicy(settings.maxAttempts(), settings.firstBackoff());
  }

  /** Reads a service-account JSON key, so that URLs are signed here without a call to Google. */
  public static ServiceAccountCredentials signer(InputStream json) throws IOException {
    return ServiceAccountCredentials.fromStream(json);
  }

  /**
   * The object a URL is stored as: the prefix, the SHA-256 of the URL, and the URL's extension if
   * it has one.
   */
  public static String objectName(String prefix, String url) {
    String hash;
    try {
      hash =
          HexFormat.of()
              .formatHex(
                  MessageDigest.getInstance("SHA-256")
                      .digest(url.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    String path = URI.create(url.replace(" ", "%20")).getPath();
    Matcher ext = EXTENSION.matcher(path == null ? "" : path);
    return prefix + hash + (ext.find() ? "." + ext.group(1).toLowerCase(Locale.ROOT) : "");
  }

  /**
   * Stores the file behind {@code url} (unless it is already stored) and returns where Stream can
   * fetch it.
   */
  public Outcome rehost(String url, String mimeHint) {
    BlobId id;
    try {
      id = BlobId.of(settings.bucket(), objectName(settings.prefix(), url));
    } catch (IllegalArgumentException e) {
      return Outcome.failed("attachment_unreachable", "not a URL: " + e.getMessage());
    }
    try {
      if (storage.get(id) != null) {
        return new Outcome(Status.ALREADY_STORED, link(id), null, null);
      }
    } catch (StorageException e) {
      return Outcome.failed(
          "attachment_store_failed",
          "looking up gs://" + id.getBucket() + "/" + id.getName() + ": " + e.getMessage());
    }
    Path file = null;
    try {
      file = Files.createTempFile("rehost", ".bin");
      Path target = file;
      String contentType = retry.call(() -> download(url, target));
      if (contentType == null) {
        contentType = mimeHint != null ? mimeHint : "application/octet-stream";
      }
      BlobInfo info = BlobInfo.newBuilder(id).setContentType(contentType).build();
      try {
        storage.createFrom(info, file, Storage.BlobWriteOption.doesNotExist());
      } catch (StorageException e) {
        if (e.getCode() != 412) {
          throw e;
        }
        // Another worker stored the same URL between our lookup and our upload: the same bytes.
        return new Outcome(Status.ALREADY_STORED, link(id), null, null);
      }
      return new Outcome(Status.REHOSTED, link(id), null, null);
    } catch (Failure e) {
      return Outcome.failed(e.reason, e.getMessage());
    } catch (StorageException | IOException e) {
      return Outcome.failed(
          "attachment_store_failed",
          "storing gs://" + id.getBucket() + "/" + id.getName() + ": " + e.getMessage());
    } catch (Throwable e) {
      return Outcome.failed("attachment_unreachable", String.valueOf(e));
    } finally {
      if (file != null) {
        try {
          Files.deleteIfExists(file);
        } catch (IOException ignored) {
          // a temp file left behind is not worth failing a run for
        }
      }
    }
  }

  /** One attempt: the body into {@code target}, returning the answer's content type. */
  private String download(String url, Path target) throws Failure {
    HttpRequest request;
    try {
      // Links in exports carry raw spaces now and then; every browser sends them as %20.
      request =
          HttpRequest.newBuilder(URI.create(url.replace(" ", "%20")))
              .timeout(settings.timeout())
              .GET()
              .build();
    } catch (IllegalArgumentException e) {
      throw new Failure("attachment_unreachable", "not a URL Java can fetch: " + e.getMessage());
    }
    HttpResponse<InputStream> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
    } catch (HttpTimeoutException e) {
      throw new Transient(
          "attachment_timeout", "no answer within " + settings.timeout().toSeconds() + " s");
    } catch (IOException e) {
      throw new Transient("attachment_unreachable", e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new Failure("attachment_unreachable", "interrupted");
    }
    try (InputStream body = response.body()) {
      int status = response.statusCode();
      if (status == 404 || status == 410) {
        throw new Failure("attachment_not_found", "HTTP " + status);
      }
      if (RetryPolicy.retryableStatus(status)) {
        throw new Transient(
            "attachment_http_error",
            "HTTP " + status + " after " + settings.maxAttempts() + " attempts");
      }
      if (status != 200) {
        throw new Failure("attachment_http_error", "HTTP " + status);
      }
      long declared = response.headers().firstValueAsLong("Content-Length").orElse(-1);
      if (declared > settings.maxBytes()) {
        throw new Failure(
            "attachment_too_large", declared + " bytes, over the cap of " + settings.maxBytes());
      }
      long copied = 0;
      byte[] buffer = new byte[64 * 1024];
      try (OutputStream out = Files.newOutputStream(target)) {
        for (int n; (n = body.read(buffer)) > 0; ) {
          copied += n;
          if (copied > settings.maxBytes()) {
            throw new Failure(
                "attachment_too_large", "over the cap of " + settings.maxBytes() + " bytes");
          }
          out.write(buffer, 0, n);
        }
      }
      if (declared >= 0 && copied != declared) {
        throw new Transient(
            "attachment_unreachable", "got " + copied + " of " + declared + " bytes");
      }
      return response.headers().firstValue("Content-Type").orElse(null);
    } catch (IOException e) {
      throw new Transient("attachment_unreachable", "reading the body: " + e);
    }
  }

  private String link(BlobId id) {
    if (settings.urlStyle() == RehostSettings.UrlStyle.PUBLIC) {
      return RehostSettings.PUBLIC_BASE
          + id.getBucket()
          + "/"
          + URLEncoder.encode(id.getName(), StandardCharsets.UTF_8)
              .replace("+", "%20")
              .replace("%2F", "/");
    }
    BlobInfo info = BlobInfo.newBuilder(id).build();
    Storage.SignUrlOption[] options =
        signer == null
            ? new Storage.SignUrlOption[] {
              Storage.SignUrlOption.withV4Signature(),
              Storage.SignUrlOption.withHostName(SIGNING_HOST)
            }
            : new Storage.SignUrlOption[] {
              Storage.SignUrlOption.withV4Signature(),
              Storage.SignUrlOption.withHostName(SIGNING_HOST),
              Storage.SignUrlOption.signWith(signer)
            };
    return storage
        .signUrl(info, settings.signedUrlTtl().toSeconds(), TimeUnit.SECONDS, options)
        .toString();
  }

  @Override
  public void close() throws Exception {
    storage.close();
  }

  /** A download that failed for good. */
  static class Failure extends Exception {
    final String reason;

    Failure(String reason, String detail) {
      super(detail, null, false, false);
      this.reason = reason;
    }
  }

  /** A download that may succeed if tried again. */
  static final class Transient extends Failure implements RetryPolicy.Retryable {
    Transient(String reason, String detail) {
      super(reason, detail);
    }
  }
}
