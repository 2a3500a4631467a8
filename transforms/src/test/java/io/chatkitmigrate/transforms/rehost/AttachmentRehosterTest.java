package io.chatkitmigrate.transforms.rehost;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.TextNode;
import com.google.auth.oauth2.ServiceAccountCredentials;
import io.chatkitmigrate.transforms.rehost.AttachmentRehoster.Outcome;
import io.chatkitmigrate.transforms.rehost.AttachmentRehoster.Status;
import io.chatkitmigrate.transforms.testing.FakeGcs;
import io.chatkitmigrate.transforms.testing.FileServer;
import io.chatkitmigrate.transforms.testing.FileServer.Behaviour;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.Signature;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AttachmentRehosterTest {
  FakeGcs gcs;
  FileServer files;
  RehostSettings settings;

  @BeforeEach
  void start() throws IOException {
    gcs = FakeGcs.start();
    files = FileServer.start();
    settings =
        RehostSettings.forLocation("gs://media/chatkit")
            .withLimits(1000, 4, Duration.ofMillis(800), 3, Duration.ofMillis(20))
            .withStorage(gcs.host(), true);
  }

  @AfterEach
  void stop() {
    gcs.close();
    files.close();
  }

  @Test
  void storesTheFileOnceUnderTheHashOfItsUrlWithItsContentType() throws Exception {
    byte[] png = "not really a png".getBytes(StandardCharsets.UTF_8);
    String url = files.serve("/files/cat.PNG", Behaviour.file(png, "image/png"));
    String name = AttachmentRehoster.objectName("chatkit/", url);
    assertTrue(name.matches("chatkit/[0-9a-f]{64}\\.png"), name);

    try (AttachmentRehoster rehoster = new AttachmentRehoster(settings, null)) {
      Outcome first = rehoster.rehost(url, "image/jpeg");
      assertEquals(
          new Outcome(Status.REHOSTED, "https://storage.googleapis.com/media/" + name, null, null),
          first);
      FakeGcs.StoredObject stored = gcs.get("media", name);
      assertArrayEquals(png, stored.data());
      assertEquals("image/png", stored.contentType(), "the type the server gave, not the hint");

      Outcome again = rehoster.rehost(url, "image/png");
      assertEquals(Status.ALREADY_STORED, again.status());
      assertEquals(first.url(), again.url());
      assertEquals(1, files.hits("/files/cat.PNG"), "found in the bucket, not fetched again");
    }
  }

  @Test
  void theHintGivesTheTypeWhenTheServerGivesNone() throws Exception {
    String url = files.serve("/files/doc", Behaviour.file(new byte[] {1, 2, 3}, null));
    try (AttachmentRehoster rehoster = new AttachmentRehoster(settings, null)) {
      assertEquals(Status.REHOSTED, rehoster.rehost(url, "application/pdf").status());
    }
    assertEquals(
        "application/pdf",
        gcs.get("media", AttachmentRehoster.objectName("chatkit/", url)).contentType());
  }

  @Test
  void retriesAnswersThatMaySucceedAndGivesUpOnThoseThatCannot() throws Exception {
    String flaky =
        files.serve(
            "/flaky.txt",
            Behaviour.file("finally".getBytes(StandardCharsets.UTF_8), "text/plain")
                .failingFirst(2));
    String down =
        files.serve("/down.txt", Behaviour.file(new byte[] {1}, "text/plain").failingFirst(100));
    String missing = files.url("/missing.txt");
    String forbidden = files.serve("/forbidden.txt", Behaviour.status(403));
    String slowButFine =
        files.serve("/slow.txt", Behaviour.file(new byte[] {7}, "text/plain").slow(300));
    String tooSlow =
        files.serve("/hang.txt", Behaviour.file(new byte[] {7}, "text/plain").slow(3000));
    String tooBig =
        files.serve("/big.bin", Behaviour.file(new byte[1001], "application/octet-stream"));

    try (AttachmentRehoster rehoster = new AttachmentRehoster(settings, null)) {
      assertEquals(Status.REHOSTED, rehoster.rehost(flaky, null).status());
      assertEquals(3, files.hits("/flaky.txt"), "two 503s, then the file");

      Outcome gaveUp = rehoster.rehost(down, null);
      assertEquals("attachment_http_error", gaveUp.reason());
      assertEquals(3, files.hits("/down.txt"), "maxAttempts, no more");

      assertEquals("attachment_not_found", rehoster.rehost(missing, null).reason());
      assertEquals(1, files.hits("/missing.txt"), "a 404 is not retried");
      assertEquals("attachment_http_error", rehoster.rehost(forbidden, null).reason());
      assertEquals(1, files.hits("/forbidden.txt"));

      assertEquals(Status.REHOSTED, rehoster.rehost(slowButFine, null).status());
      Outcome timedOut = rehoster.rehost(tooSlow, null);
      assertEquals("attachment_timeout", timedOut.reason());
      assertNull(timedOut.url());
      assertEquals("attachment_too_large", rehoster.rehost(tooBig, null).reason());
      assertEquals(
          "attachment_unreachable", rehoster.rehost("http://127.0.0.1:1/closed", null).reason());
    }
    for (String failed : new String[] {down, missing, forbidden, tooSlow, tooBig}) {
      assertNull(
          gcs.get("media", AttachmentRehoster.objectName("chatkit/", failed)),
          failed + " stored nothing");
    }
  }

  @Test
  void signsV4UrlsWithAGivenKeyAndNoNetwork() throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(2048);
    KeyPair keys = generator.generateKeyPair();
    String pem =
        "-----BEGIN PRIVATE KEY-----\n"
            + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.UTF_8))
                .encodeToString(keys.getPrivate().getEncoded())
            + "\n-----END PRIVATE KEY-----\n";
    String json =
        "{\"type\":\"service_account\",\"project_id\":\"test\",\"private_key_id\":\"k1\","
            + "\"private_key\":"
            + TextNode.valueOf(pem)
            + ",\"client_email\":\"migrator@test.iam.gserviceaccount.com\","
            + "\"client_id\":\"1\",\"token_uri\":\"http://127.0.0.1:1/token\"}";
    ServiceAccountCredentials signer =
        AttachmentRehoster.signer(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));
    RehostSettings signed =
        settings.withUrlStyle(RehostSettings.UrlStyle.SIGNED, "unused-here", Duration.ofDays(7));

    String url = files.serve("/a b.jpg", Behaviour.file(new byte[] {9}, "image/jpeg"));
    Outcome outcome;
    try (AttachmentRehoster rehoster = new AttachmentRehoster(signed, signer)) {
      outcome = rehoster.rehost(url, null);
    }
    assertEquals(Status.REHOSTED, outcome.status(), outcome.toString());
    String link = outcome.url();
    URI uri = URI.create(link);
    assertEquals("storage.googleapis.com", uri.getHost());
    assertEquals("/media/" + AttachmentRehoster.objectName("chatkit/", url), uri.getPath());
    Map<String, String> query = new TreeMap<>();
    for (String pair : uri.getRawQuery().split("&")) {
      query.put(pair.substring(0, pair.indexOf('=')), pair.substring(pair.indexOf('=') + 1));
    }
    assertEquals("GOOG4-RSA-SHA256", query.get("X-Goog-Algorithm"));
    assertEquals("604800", query.get("X-Goog-Expires"));
    assertTrue(
        query.get("X-Goog-Credential").startsWith("migrator%40test.iam.gserviceaccount.com%2F"));

    // The signature checks out against the public half of the key: V4's canonical request, rebuilt.
    String signature = query.remove("X-Goog-Signature");
    StringBuilder canonicalQuery = new StringBuilder();
    query.forEach(
        (k, v) ->
            canonicalQuery
                .append(canonicalQuery.length() == 0 ? "" : "&")
                .append(k)
                .append('=')
                .append(v));
    String canonicalRequest =
        String.join(
            "\n",
            "GET",
            uri.getRawPath(),
            canonicalQuery,
            "host:storage.googleapis.com",
            "",
            "host",
            "UNSIGNED-PAYLOAD");
    String date = query.get("X-Goog-Date");
    String scope = URLDecoder.decode(query.get("X-Goog-Credential"), StandardCharsets.UTF_8);
    String stringToSign =
        String.join(
            "\n",
            "GOOG4-RSA-SHA256",
            date,
            scope.substring(scope.indexOf('/') + 1),
            HexFormat.of()
                .formatHex(
                    MessageDigest.getInstance("SHA-256")
                        .digest(canonicalRequest.getBytes(StandardCharsets.UTF_8))));
    Signature verify = Signature.getInstance("SHA256withRSA");
    verify.initVerify(keys.getPublic());
    verify.update(stringToSign.getBytes(StandardCharsets.UTF_8));
    assertTrue(
        verify.verify(HexFormat.of().parseHex(signature)),
        "signature of " + Arrays.asList(canonicalRequest.split("\n")));
  }
}
