package io.chatkitmigrate.transforms.stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.chatkitmigrate.transforms.retry.RetryPolicy;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Calls to Stream's API as the spec describes them: the api key and server token on every call; an
 * endpoint's rate limit honoured from the {@code X-RateLimit-*} headers (a caller waits when the
 * budget is spent, until its reset); 429, 5xx, 408 and dropped connections retried by the {@link
 * RetryPolicy}; "already exists" reported as such; any other 4xx returned as Stream's refusal, and
 * a 401 thrown, because no retry fixes wrong credentials.
 */
public final class StreamClient {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** How a call ended. */
  public enum Status {
    OK,
    ALREADY_EXISTS,
    REJECTED
  }

  public record Result(Status status, int httpStatus, JsonNode body, String error) {
    public boolean delivered() {
      return status != Status.REJECTED;
    }
  }

  /** Wrong or missing credentials: the run stops. */
  public static final class AuthFailure extends RuntimeException {
    public AuthFailure(String message) {
      super(message);
    }
  }

  /**
   * No answer at all from the base URL: refused, unknown host or no connection in time. Retried
   * like a dropped connection within a run (a server may come back), never in the check before one.
   */
  public static final class Unreachable extends IOException implements RetryPolicy.Retryable {
    Unreachable(String baseUrl, String cause, Throwable e) {
      super(
          "cannot reach Stream at "
              + baseUrl
              + ": "
              + cause
              + " (check --streamBaseUrl, that the host is up and"
              + " listens on that port, and any proxy or firewall between)",
          e);
    }
  }

  private final StreamCredentials credentials;
  private final HttpClient http;
  private final RetryPolicy retry;
  private final Duration timeout;

  /**
   * Endpoint to the earliest time (ms) its budget allows another call, learned from the headers.
   */
  private final Map<String, Long> closedUntil = new ConcurrentHashMap<>();

  public StreamClient(
      StreamCredentials credentials, int maxAttempts, Duration firstBackoff, Duration timeout) {
    this.credentials = credentials;
    this.timeout = timeout;
    this.http =
        HttpClient.newBuilder()
            .connectTimeout(timeout)
            .version(HttpClient.Version.HTTP_1_1)
            .build();
    this.retry = new RetryPolicy(maxAttempts, firstBackoff);
  }

  public StreamCredentials credentials() {
    return credentials;
  }

  /** The policy this client retries by, for a caller's own loop around {@link #postOnce}. */
  public RetryPolicy retryPolicy() {
    return retry;
  }

  /**
   * {@code POST path} with a JSON body, through retries. Throws when every attempt failed
   * transiently.
   */
  public Result post(String endpoint, String path, Object body) throws IOException {
    return call(endpoint, "POST", path, body);
  }

  public Result get(String endpoint, String path) throws IOException {
    return call(endpoint, "GET", path, null);
  }

  /**
   * One attempt of a {@code GET}: for the check before a run, which should say at once what is
   * wrong.
   */
  public Result getOnce(String endpoint, String path) throws IOException {
    return once(endpoint, "GET", path, null);
  }

  /**
   * One attempt, for a call that must not be repeated blindly (one that creates something without
   * an id of ours): a transient failure is thrown, and the caller looks before it tries again.
   */
  public Result postOnce(String endpoint, String path, Object body) throws IOException {
    return once(endpoint, "POST", path, JSON.writeValueAsBytes(body));
  }

  private Result call(String endpoint, String method, String path, Object body) throws IOException {
    byte[] bytes = body == null ? null : JSON.writeValueAsBytes(body);
    return retry.call(() -> once(endpoint, method, path, bytes));
  }

  private Result once(String endpoint, String method, String path, byte[] body) throws IOException {
    awaitBudget(endpoint);
    String sep = path.contains("?") ? "&" : "?";
    HttpRequest.Builder request =
        HttpRequest.newBuilder(
                URI.create(
                    credentials.baseUrl()
                        + path
                        + sep
                        + "api_key="
                        + URLEncoder.encode(credentials.apiKey(), StandardCharsets.UTF_8)))
            .timeout(timeout)
            .header("Authorization", credentials.serverToken())
            .header("Stream-Auth-Type", "jwt")
            .header("Content-Type", "application/json");
    request.method(
        method,
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofByteArray(body));
    HttpResponse<String> response;
    try {
      response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (ConnectException | HttpConnectTimeoutException e) {
      String cause =
          e instanceof HttpConnectTimeoutException
              ? "no connection within " + timeout.toSeconds() + " s"
              : e.getCause() instanceof UnresolvedAddressException
                  ? "unknown host " + URI.create(credentials.baseUrl()).getHost()
                  : "connection refused";
      throw new Unreachable(credentials.baseUrl(), cause, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted");
    } catch (IOException e) {
      // No answer at all (a timeout, a refused or dropped connection): the call may go through next
      // time.
      throw new RetryPolicy.TransientException(method + " " + path + ": no answer: " + e, e);
    }
    int status = response.statusCode();
    long reset = RetryPolicy.rateLimitResetMillis(response.headers());
    long remaining = response.headers().firstValueAsLong("X-RateLimit-Remaining").orElse(1);
    if ((status == 429 || remaining == 0) && reset > System.currentTimeMillis()) {
      // The budget is spent until the reset the server named: every caller of this endpoint waits
      // for it.
      closedUntil.merge(endpoint, reset, Math::max);
    }
    JsonNode json = parse(response.body());
    String message = json == null ? response.body() : json.path("message").asText(response.body());
    if (status >= 200 && status < 300) {
      return new Result(Status.OK, status, json, null);
    }
    if (RetryPolicy.retryableStatus(status)) {
      throw new RetryPolicy.TransientException(
          method + " " + path + ": HTTP " + status + " " + abbreviate(message),
          status == 429 ? reset : 0);
    }
    if (status == 401 || status == 403) {
      throw new AuthFailure(
          "Stream refused the credentials of api key "
              + credentials.apiKey()
              + " (HTTP "
              + status
              + "): "
              + abbreviate(message));
    }
    if (status == 400
        && json != null
        && json.path("code").asInt() == 4
        && message.contains("already exists")) {
      return new Result(Status.ALREADY_EXISTS, status, json, message);
    }
    return new Result(Status.REJECTED, status, json, abbreviate(message));
  }

  /**
   * Waits while the endpoint's budget is spent; every thread of this JVM shares what the headers
   * said.
   */
  private void awaitBudget(String endpoint) throws IOException {
    Long until = closedUntil.get(endpoint);
    while (until != null && until > System.currentTimeMillis()) {
      try {
        Thread.sleep(
            Math.min(
                1000,
                until - System.currentTimeMillis() + ThreadLocalRandom.current().nextLong(0, 50)));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new InterruptedIOException("interrupted");
      }
      until = closedUntil.get(endpoint);
    }
  }

  private static JsonNode parse(String body) {
    if (body == null || body.isBlank()) {
      return null;
    }
    try {
      return JSON.readTree(body);
    } catch (IOException e) {
      return null; // the edge answers some errors in plain text
    }
  }

  private static String abbreviate(String s) {
    return s == null ? "" : s.length() > 500 ? s.substring(0, 500) + "..." : s;
  }

  /** A path segment, escaped. */
  public static String segment(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
