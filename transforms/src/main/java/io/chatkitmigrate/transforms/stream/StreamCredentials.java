package io.chatkitmigrate.transforms.stream;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import java.io.Serializable;
import java.time.Instant;

/**
 * An app's api key and secret, and where its API lives. It travels inside the sink's DoFns (which
 * the runner serialises), never in pipeline options, and prints without its secret.
 */
public final class StreamCredentials implements Serializable {
  public static final String DEFAULT_BASE_URL = "https://chat.stream-io-api.com";

  private final String apiKey;
  private final String secret;
  private final String baseUrl;
  private transient volatile String token;
  private transient volatile long signedAt;

  public StreamCredentials(String apiKey, String secret, String baseUrl) {
    if (apiKey == null || apiKey.isBlank() || secret == null || secret.isBlank()) {
      throw new IllegalArgumentException("an api key and a secret are both needed");
    }
    this.apiKey = apiKey;
    this.secret = secret;
    this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
  }

  public String apiKey() {
    return apiKey;
  }

  public String baseUrl() {
    return baseUrl;
  }

  /**
   * The server token: HS256 over {@code {"server": true}}, issued a few seconds in the past so a
   * server whose clock is behind ours does not refuse it as "used before issued".
   */
  public String serverToken() {
    // Signing costs more than a local call; a server token has no expiry, so one serves many calls.
    long now = System.currentTimeMillis();
    if (token == null || now - signedAt > 600_000) {
      token =
          JWT.create()
              .withClaim("server", true)
              .withIssuedAt(Instant.ofEpochMilli(now).minusSeconds(5))
              .sign(Algorithm.HMAC256(secret));
      signedAt = now;
    }
    return token;
  }

  @Override
  public String toString() {
    return "StreamCredentials{apiKey=" + apiKey + ", secret=<redacted>, baseUrl=" + baseUrl + "}";
  }
}
