package io.chatkitmigrate.transforms.retry;

import io.github.resilience4j.core.IntervalBiFunction;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpHeaders;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BiConsumer;
import java.util.function.LongSupplier;

/**
 * The one retry policy of every call that leaves the machine (Stream's API, the upload of an import
 * part, the download of an attachment): a number of attempts, exponential backoff from a first wait
 * with jitter, capped; a retry only for failures that may succeed later, known by their type: a
 * {@link Retryable} (thrown for HTTP 408, 429 and 5xx, {@link #retryableStatus}, and for a
 * connection that dropped), a timeout or a refused connection. A 429's rate-limit reset is waited
 * for.
 */
public final class RetryPolicy {
  /**
   * The longest wait between two attempts before jitter (so at most 1 + {@link #JITTER} times it).
   */
  public static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

  /** Each wait is the exponential one times a random factor in [1 - JITTER, 1 + JITTER]. */
  public static final double JITTER = 0.5;

  private static final double MULTIPLIER = 2.0;

  /**
   * A failure worth another try; {@link #notBeforeMillis} is when the server said it will listen
   * again.
   */
  public interface Retryable {
    /**
     * Epoch milliseconds before which another try is pointless, or 0 when the server named none.
     */
    default long notBeforeMillis() {
      return 0;
    }
  }

  /**
   * An I/O failure worth another try: an answer of {@link #retryableStatus}, or a dropped
   * connection.
   */
  public static final class TransientException extends IOException implements Retryable {
    private final long notBeforeMillis;

    public TransientException(String message, long notBeforeMillis) {
      super(message);
      this.notBeforeMillis = notBeforeMillis;
    }

    public TransientException(String message, Throwable cause) {
      super(message, cause);
      this.notBeforeMillis = 0;
    }

    @Override
    public long notBeforeMillis() {
      return notBeforeMillis;
    }
  }

  /** One attempt of a call. */
  @FunctionalInterface
  public interface Attempt<T, E extends Exception> {
    T get() throws E;
  }

  private final int maxAttempts;
  private final IntervalFunction backoff;
  private final LongSupplier clock;
  private final RetryConfig config;
  private final Retry shared;

  /**
   * @param maxAttempts attempts in all, the first one included (at least 1)
   * @param firstBackoff the wait before the second attempt; each later one doubles it, with jitter
   */
  public RetryPolicy(int maxAttempts, Duration firstBackoff) {
    this(maxAttempts, firstBackoff, System::currentTimeMillis);
  }

  RetryPolicy(int maxAttempts, Duration firstBackoff, LongSupplier clock) {
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("at least one attempt, not " + maxAttempts);
    }
    this.maxAttempts = maxAttempts;
    this.clock = clock;
    Duration first =
        firstBackoff.isZero() || firstBackoff.isNegative() ? Duration.ofMillis(1) : firstBackoff;
    // Capped before the jitter (resilience4j's random variant caps after it), so waits at the cap
    // still spread.
    this.backoff = IntervalFunction.ofExponentialBackoff(first, MULTIPLIER, MAX_BACKOFF);
    this.config =
        RetryConfig.custom()
            .maxAttempts(maxAttempts)
            .intervalBiFunction(
                (IntervalBiFunction<Object>)
                    (attempt, either) ->
                        waitMillis(attempt, either.isLeft() ? either.getLeft() : null))
            .retryOnException(RetryPolicy::retryable)
            .build();
    this.shared = Retry.of("call", config);
  }

  public int maxAttempts() {
    return maxAttempts;
  }

  /** Whether another attempt may succeed after this failure. */
  public static boolean retryable(Throwable failure) {
    return failure instanceof Retryable
        || failure instanceof HttpTimeoutException
        || failure instanceof ConnectException;
  }

  /** Whether an HTTP answer with this status may be different if asked again: 408, 429 and 5xx. */
  public static boolean retryableStatus(int status) {
    return status == 408 || status == 429 || status >= 500;
  }

  /**
   * When a rate limit opens again, from Stream's {@code X-RateLimit-Reset} (Unix seconds); 0 when
   * not said.
   */
  public static long rateLimitResetMillis(HttpHeaders headers) {
    return headers.firstValueAsLong("X-RateLimit-Reset").orElse(0) * 1000;
  }

  /**
   * The wait before attempt {@code attempt + 1}: the jittered backoff, or longer until a named
   * reset.
   */
  long waitMillis(int attempt, Throwable failure) {
    long base = backoff.apply(attempt);
    long wait =
        Math.round(base * (1 - JITTER + 2 * JITTER * ThreadLocalRandom.current().nextDouble()));
    if (failure instanceof Retryable r && r.notBeforeMillis() > 0) {
      // A little past the reset, so that callers who waited for the same reset do not all arrive at
      // once.
      wait =
          Math.max(
              wait,
              r.notBeforeMillis()
                  - clock.getAsLong()
                  + ThreadLocalRandom.current().nextLong(50, 250));
    }
    return wait;
  }

  /**
   * Runs {@code attempt} until it succeeds, fails for good, or the attempts are spent; then its
   * last failure.
   */
  public <T, E extends Exception> T call(Attempt<T, E> attempt) throws E {
    return call(attempt, null);
  }

  /**
   * As {@link #call(Attempt)}, telling {@code onRetry} (attempt number, failure) before each wait.
   */
  public <T, E extends Exception> T call(
      Attempt<T, E> attempt, BiConsumer<Integer, Throwable> onRetry) throws E {
    Retry retry = onRetry == null ? shared : Retry.of("call", config);
    if (onRetry != null) {
      retry
          .getEventPublisher()
          .onRetry(e -> onRetry.accept(e.getNumberOfRetryAttempts(), e.getLastThrowable()));
    }
    try {
      return Retry.decorateCheckedSupplier(retry, attempt::get).get();
    } catch (RuntimeException | Error e) {
      throw e;
    } catch (Throwable e) {
      // Only the attempt throws checked exceptions, and it declares E.
      @SuppressWarnings("unchecked")
      E failure = (E) e;
      throw failure;
    }
  }
}
