package io.chatkitmigrate.transforms.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chatkitmigrate.transforms.testing.StreamEmulator;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class StreamClientTest {
  StreamEmulator stream;

  @BeforeEach
  void start() throws IOException {
    stream = StreamEmulator.start("key", "secret");
  }

  @AfterEach
  void stop() {
    stream.close();
  }

  StreamClient client(String secret, int attempts) {
    return new StreamClient(
        new StreamCredentials("key", secret, stream.baseUrl()),
        attempts,
        Duration.ofMillis(5),
        Duration.ofSeconds(5));
  }

  @Test
  void anAddressWhereNothingListensIsNamedWithItsCause() throws IOException {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    String url = "http://127.0.0.1:" + port;
    StreamClient c =
        new StreamClient(
            new StreamCredentials("key", "secret", url),
            3,
            Duration.ofMillis(5),
            Duration.ofSeconds(5));
    long started = System.nanoTime();
    StreamClient.Unreachable once =
        assertThrows(StreamClient.Unreachable.class, () -> c.getOnce("imports", "/imports"));
    assertTrue((System.nanoTime() - started) < 3_000_000_000L, "one attempt, no retries");
    assertEquals(
        "cannot reach Stream at "
            + url
            + ": connection refused (check --streamBaseUrl, that the host is up"
            + " and listens on that port, and any proxy or firewall between)",
        once.getMessage());
    // Through the retries too, the last failure says the same.
    StreamClient.Unreachable retried =
        assertThrows(StreamClient.Unreachable.class, () -> c.get("imports", "/imports"));
    assertEquals(once.getMessage(), retried.getMessage());
  }

  @Test
  void aRepeatedMessageIsAlreadyThereAndAnotherRefusalIsRejectedWithStreamsMessage()
      throws IOException {
    StreamClient c = client("secret", 3);
    assertEquals(
        StreamClient.Status.OK,
        c.post("users", "/users", Map.of("users", Map.of("u", Map.of("id", "u")))).status());
    assertEquals(
        StreamClient.Status.OK,
        c.post(
                "channel",
                "/channels/messaging/c/query",
                Map.of("data", Map.of("created_by_id", "u")))
            .status());
    Map<String, Object> message = Map.of("message", Map.of("id", "m1", "user_id", "u"));
    assertEquals(
        StreamClient.Status.OK,
        c.post("message", "/channels/messaging/c/message", message).status());
    StreamClient.Result again = c.post("message", "/channels/messaging/c/message", message);
    assertEquals(StreamClient.Status.ALREADY_EXISTS, again.status());
    assertTrue(again.delivered());
    StreamClient.Result refused =
        c.post("channel", "/channels/nope/c/query", Map.of("data", Map.of("created_by_id", "u")));
    assertEquals(StreamClient.Status.REJECTED, refused.status());
    assertTrue(
        refused.error().contains("nope") && refused.error().contains("does not exist"),
        refused.error());
    assertEquals(1, stream.storeCount("message", "m1"));
  }

  @Test
  void aWrongSecretThrowsAtOnceWithoutRetrying() {
    StreamClient.AuthFailure e =
        assertThrows(
            StreamClient.AuthFailure.class, () -> client("wrong", 5).get("imports", "/imports"));
    assertTrue(e.getMessage().contains("signature is not valid"), e.getMessage());
    assertEquals(1, stream.requests(), "no retry of a 401");
    assertFalse(e.getMessage().contains("wrong"), "the secret is not in the message");
  }

  @Test
  void everyFaultIsRetriedUntilTheCallGoesThrough() throws IOException {
    stream.withFaults(new StreamEmulator.Faults(0.2, 0.1, 0.05, 0.05, 0, 0, 3));
    StreamClient c = client("secret", 30);
    for (int i = 0; i < 200; i++) {
      assertTrue(
          c.post("users", "/users", Map.of("users", Map.of("u" + i, Map.of("id", "u" + i))))
              .delivered());
    }
    assertEquals(200, stream.users.size());
    assertTrue(stream.log().stream().anyMatch(l -> l.contains("dropped")));
    assertTrue(stream.log().stream().anyMatch(l -> l.endsWith("-> 429")));
  }

  @Test
  void aSpentBudgetMakesCallersWaitForTheReset() throws IOException {
    stream.withRateLimit("users", 60); // 2 a second
    StreamClient c = client("secret", 10);
    long t0 = System.nanoTime();
    for (int i = 0; i < 6; i++) {
      assertTrue(
          c.post("users", "/users", Map.of("users", Map.of("u" + i, Map.of("id", "u" + i))))
              .delivered());
    }
    double seconds = (System.nanoTime() - t0) / 1e9;
    assertTrue(seconds > 1.0, "six calls at two a second span three seconds' windows: " + seconds);
    assertTrue(stream.log().stream().anyMatch(l -> l.endsWith("-> 429")), "the budget was met");
    assertEquals(6, stream.users.size());
  }
}
