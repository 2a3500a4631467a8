package io.chatkitmigrate.transforms.stream;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import java.io.Serializable;
import java.time.Instant;

/**
 * An app's api key and secret, and where its API lives. It travels inside the sink's DoFns (which the
 * runner serialises), never in pipeline options, and prints without its secret.
 */
public final class StreamCredentials implements Serializable {
  public static final String DEFAULT_BASE_URL = "https://chat.stream-io-api.com";

  private final String apiKey;
  private final String secret;
  private final String baseUrl;

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
   * The server token: HS256 over {@code {"server": true}}, issued a few seconds in the past so a server
   * whose clock is behind ours does not refuse it as "used before issued".
   */
  public String serverToken() {
    return JWT.create().withClaim("server", true).withIssuedAt(Instant.now().minusSeconds(5))
        .sign(Algorithm.HMAC256(secret));
  }

  @Override
  public String toString() {
    return "StreamCredentials{apiKey=" + apiKey + ", secret=<redacted>, baseUrl=" + baseUrl + "}";
  }
}
