package io.chatkitmigrate.transforms.retry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpHeaders;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {
  /**
   * A failure of the caller's own kind that says it may succeed later (as the re-hoster's does).
   */
  static final class Later extends Exception implements RetryPolicy.Retryable {}

  @Test
  void failuresAreRetriedByTheirTypeNeverByTheirText() {
    assertTrue(RetryPolicy.retryable(new RetryPolicy.TransientException("HTTP 503", 0)));
    assertTrue(
        RetryPolicy.retryable(
            new RetryPolicy.TransientException("dropped", new IOException("reset"))));
    assertTrue(RetryPolicy.retryable(new HttpTimeoutException("request timed out")));
    assertTrue(RetryPolicy.retryable(new HttpConnectTimeoutException("connect timed out")));
    assertTrue(RetryPolicy.retryable(new ConnectException("Connection refused")));
    assertTrue(RetryPolicy.retryable(new Later()));
    // Texts that look transient do not make a failure so: its thrower decides by its type.
    assertFalse(RetryPolicy.retryable(new IOException("HTTP 503 Service Unavailable")));
    assertFalse(RetryPolicy.retryable(new IOException("timeout, connection reset, please retry")));
    assertFalse(RetryPolicy.retryable(new SocketException("Connection reset")));
    assertFalse(RetryPolicy.retryable(new InterruptedIOException("interrupted")));
    assertFalse(RetryPolicy.retryable(new IllegalStateException("HTTP 429")));
    assertFalse(RetryPolicy.retryable(new Exception("HTTP 500")));
  }

  @Test
  void statusesThatMayAnswerDifferentlyLaterAreRetriedOthersNot() {
    for (int status : new int[] {408, 429, 500, 502, 503, 504, 599}) {
      assertTrue(RetryPolicy.retryableStatus(status), "HTTP " + status);
    }
    for (int status : new int[] {200, 201, 204, 301, 400, 401, 403, 404, 409, 410, 413, 422}) {
      assertFalse(RetryPolicy.retryableStatus(status), "HTTP " + status);
    }
  }

  @Test
  void aTransientFailureIsTriedAgainUntilItGoesThrough() throws IOException {
    RetryPolicy policy = new RetryPolicy(5, Duration.ofMillis(1));
    AtomicInteger attempts = new AtomicInteger();
    List<Integer> told = new ArrayList<>();
    String answer =
        policy.call(
            () -> {
              if (attempts.incrementAndGet() < 4) {
                throw new RetryPolicy.TransientException("HTTP 503", 0);
              }
              return "ok";
            },
            (attempt, failure) -> told.add(attempt));
    assertEquals("ok", answer);
    assertEquals(4, attempts.get());
    assertEquals(List.of(1, 2, 3), told);
  }

  @Test
  void aFailureForGoodIsThrownAtOnceAndTheLastTransientOneWhenTheAttemptsAreSpent() {
    RetryPolicy policy = new RetryPolicy(3, Duration.ofMillis(1));
    AtomicInteger attempts = new AtomicInteger();
    IOException refused = new IOException("HTTP 400: bad request");
    assertSame(
        refused,
        assertThrows(
            IOException.class,
            () ->
                policy.call(
                    () -> {
                      attempts.incrementAndGet();
                      throw refused;
                    })));
    assertEquals(1, attempts.get());

    attempts.set(0);
    List<RetryPolicy.TransientException> thrown = new ArrayList<>();
    IOException last =
        assertThrows(
            IOException.class,
            () ->
                policy.call(
                    () -> {
                      RetryPolicy.TransientException e =
                          new RetryPolicy.TransientException(
                              "HTTP 502 #" + attempts.incrementAndGet(), 0);
                      thrown.add(e);
                      throw e;
                    }));
    assertEquals(3, attempts.get());
    assertSame(thrown.get(2), last);

    attempts.set(0);
    assertThrows(
        Later.class,
        () ->
            policy.call(
                () -> {
                  attempts.incrementAndGet();
                  throw new Later();
                }));
    assertEquals(3, attempts.get(), "a caller's own retryable type is retried too");
  }

  @Test
  void theBackoffDoublesFromTheFirstWaitWithJitterUpToTheCap() {
    RetryPolicy policy = new RetryPolicy(20, Duration.ofMillis(100));
    for (int attempt = 1; attempt <= 12; attempt++) {
      double base = Math.min(100 * Math.pow(2, attempt - 1), RetryPolicy.MAX_BACKOFF.toMillis());
      long low = Long.MAX_VALUE;
      long high = 0;
      for (int i = 0; i < 300; i++) {
        long wait = policy.waitMillis(attempt, new RetryPolicy.TransientException("HTTP 500", 0));
        low = Math.min(low, wait);
        high = Math.max(high, wait);
      }
      String seen = "attempt " + attempt + ": waits " + low + ".." + high + " around " + base;
      assertTrue(
          low >= base * (1 - RetryPolicy.JITTER) - 1 && high <= base * (1 + RetryPolicy.JITTER) + 1,
          seen);
      // Jittered: the waits spread over most of the band rather than all landing on one value.
      assertTrue(low < base * 0.8 && high > base * 1.2, seen);
    }
  }

  @Test
  void aRateLimitResetIsWaitedForAndOnlyAFutureOne() {
    long now = 1_700_000_000_000L;
    RetryPolicy policy = new RetryPolicy(5, Duration.ofMillis(100), () -> now);
    for (int i = 0; i < 100; i++) {
      long wait = policy.waitMillis(1, new RetryPolicy.TransientException("HTTP 429", now + 5_000));
      assertTrue(wait >= 5_050 && wait < 5_250, "until the reset and a little after: " + wait);
      long past = policy.waitMillis(1, new RetryPolicy.TransientException("HTTP 429", now - 5_000));
      assertTrue(past >= 50 && past <= 150, "a reset gone by leaves the backoff: " + past);
    }
    HttpHeaders headers =
        HttpHeaders.of(Map.of("X-RateLimit-Reset", List.of("1700000005")), (k, v) -> true);
    assertEquals(1_700_000_005_000L, RetryPolicy.rateLimitResetMillis(headers));
    assertEquals(0, RetryPolicy.rateLimitResetMillis(HttpHeaders.of(Map.of(), (k, v) -> true)));
  }

  @Test
  void atLeastOneAttempt() {
    assertThrows(IllegalArgumentException.class, () -> new RetryPolicy(0, Duration.ofMillis(1)));
  }
}
