package io.chatkitmigrate.transforms.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32C;
import java.util.zip.GZIPInputStream;

/**
 * An in-memory stand-in for the Cloud Storage JSON API on 127.0.0.1, complete enough for Beam's
 * {@code GcsFileSystem} and for the {@code google-cloud-storage} client: list by prefix (with
 * delimiter and pages), object metadata, media download with ranges, simple, multipart and
 * resumable uploads, rewrite, copy and delete, the {@code multipart/mixed} batch endpoint,
 * generation preconditions, and gzip-encoded request bodies. Buckets spring into being on first
 * use.
 *
 * <p>Every request is recorded as {@code "METHOD path"} so tests can see what a client actually
 * did.
 */
public final class FakeGcs implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern OBJECT = Pattern.compile("^/storage/v1/b/([^/]+)/o/(.+)$");
  private static final Pattern OBJECTS = Pattern.compile("^/storage/v1/b/([^/]+)/o/?$");
  private static final Pattern BUCKET = Pattern.compile("^/storage/v1/b/([^/]+)/?$");
  private static final Pattern DOWNLOAD =
      Pattern.compile("^/download/storage/v1/b/([^/]+)/o/(.+)$");
  private static final Pattern UPLOAD = Pattern.compile("^/upload/storage/v1/b/([^/]+)/o/?$");
  private static final Pattern REWRITE =
      Pattern.compile("^/storage/v1/b/([^/]+)/o/(.+)/(rewriteTo|copyTo)/b/([^/]+)/o/(.+)$");

  /** One stored object. */
  public record StoredObject(
      String bucket,
      String name,
      byte[] data,
      String contentType,
      long generation,
      Instant created,
      Map<String, String> metadata) {}

  private record Request(
      String method,
      String path,
      Map<String, String> query,
      Map<String, String> headers,
      byte[] body) {
    String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }
  }

  private record Response(int status, Map<String, String> headers, byte[] body) {
    static Response json(int status, JsonNode node) {
      return new Response(
          status,
          Map.of("Content-Type", "application/json; charset=UTF-8"),
          node.toString().getBytes(StandardCharsets.UTF_8));
    }

    static Response error(int status, String message) {
      ObjectNode error = JSON.createObjectNode();
      error.put("code", status);
      error.put("message", message);
      error
          .putArray("errors")
          .addObject()
          .put("message", message)
          .put(
              "reason", status == 404 ? "notFound" : status == 412 ? "conditionNotMet" : "invalid");
      ObjectNode root = JSON.createObjectNode();
      root.set("error", error);
      return json(status, root);
    }

    static Response empty(int status) {
      return new Response(status, Map.of(), new byte[0]);
    }
  }

  private record Upload(
      String bucket,
      String name,
      String contentType,
      Map<String, String> metadata,
      ByteArrayOutputStream received,
      Long ifGenerationMatch) {}

  private final HttpServer server;
  private final NavigableMap<String, StoredObject> objects = new ConcurrentSkipListMap<>();
  private final Map<String, Upload> uploads = new ConcurrentHashMap<>();
  private final AtomicLong generations = new AtomicLong(1_700_000_000_000_000L);
  private final AtomicLong uploadIds = new AtomicLong();
  private final List<String> requests = new CopyOnWriteArrayList<>();

  private FakeGcs(HttpServer server) {
    this.server = server;
  }

  public static FakeGcs start() throws IOException {
    LocalServers.noDelay();
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    FakeGcs gcs = new FakeGcs(server);
    server.createContext("/", gcs::exchange);
    server.setExecutor(
        Executors.newCachedThreadPool(
            r -> {
              Thread t = new Thread(r, "fake-gcs");
              t.setDaemon(true);
              return t;
            }));
    server.start();
    return gcs;
  }

  /** {@code http://127.0.0.1:PORT} */
  public String host() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** The value for Beam's {@code --gcsEndpoint}. */
  public String endpoint() {
    return host() + "/storage/v1/";
  }

  /** The options that point Beam's GcsFileSystem here, with no credentials. */
  public List<String> beamArgs() {
    return List.of(
        "--gcsEndpoint=" + endpoint(),
        "--project=test",
        "--credentialFactoryClass=org.apache.beam.sdk.extensions.gcp.auth.NoopCredentialFactory");
  }

  public List<String> requests() {
    return List.copyOf(requests);
  }

  public void put(String bucket, String name, byte[] data, String contentType) {
    store(bucket, name, data, contentType, Map.of());
  }

  public StoredObject get(String bucket, String name) {
    return objects.get(key(bucket, name));
  }

  /** Objects of a bucket whose names start with {@code prefix}, by name. */
  public NavigableMap<String, StoredObject> list(String bucket, String prefix) {
    NavigableMap<String, StoredObject> found = new TreeMap<>();
    for (StoredObject o : objects.tailMap(key(bucket, prefix), true).values()) {
      if (!o.bucket().equals(bucket) || !o.name().startsWith(prefix)) {
        break;
      }
      found.put(o.name(), o);
    }
    return found;
  }

  @Override
  public void close() {
    server.stop(0);
  }

  private void exchange(HttpExchange exchange) throws IOException {
    try (exchange) {
      URI uri = exchange.getRequestURI();
      Map<String, String> headers = new LinkedHashMap<>();
      exchange
          .getRequestHeaders()
          .forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), v.get(0)));
      byte[] body = exchange.getRequestBody().readAllBytes();
      Request request =
          new Request(
              exchange.getRequestMethod(),
              uri.getRawPath(),
              query(uri.getRawQuery()),
              headers,
              decode(headers.get("content-encoding"), body));
      Response response;
      try {
        response = handle(request);
      } catch (RuntimeException e) {
        response = Response.error(500, "fake GCS failed: " + e);
      }
      response.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
      boolean noBody = response.body().length == 0 || request.method().equals("HEAD");
      exchange.sendResponseHeaders(response.status(), noBody ? -1 : response.body().length);
      if (!noBody) {
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(response.body());
        }
      }
    }
  }

  private Response handle(Request r) {
    requests.add(r.method() + " " + r.path());
    Matcher m;
    if (r.path().equals("/batch/storage/v1") || r.path().equals("/batch")) {
      return batch(r);
    }
    if ((m = DOWNLOAD.matcher(r.path())).matches()) {
      return media(r, decodePath(m.group(1)), decodePath(m.group(2)));
    }
    if ((m = UPLOAD.matcher(r.path())).matches()) {
      return upload(r, decodePath(m.group(1)));
    }
    if ((m = REWRITE.matcher(r.path())).matches() && r.method().equals("POST")) {
      return rewrite(
          r,
          decodePath(m.group(1)),
          decodePath(m.group(2)),
          m.group(3),
          decodePath(m.group(4)),
          decodePath(m.group(5)));
    }
    if ((m = OBJECTS.matcher(r.path())).matches() && r.method().equals("GET")) {
      return listing(r, decodePath(m.group(1)));
    }
    if ((m = OBJECT.matcher(r.path())).matches()) {
      String bucket = decodePath(m.group(1));
      String name = decodePath(m.group(2));
      return switch (r.method()) {
        case "GET" ->
            "media".equals(r.query().get("alt")) ? media(r, bucket, name) : metadata(bucket, name);
        case "DELETE" -> delete(r, bucket, name);
        default -> Response.error(405, r.method() + " on an object");
      };
    }
    if ((m = BUCKET.matcher(r.path())).matches() && r.method().equals("GET")) {
      ObjectNode bucket = JSON.createObjectNode();
      bucket.put("kind", "storage#bucket");
      bucket.put("id", decodePath(m.group(1)));
      bucket.put("name", decodePath(m.group(1)));
      bucket.put("location", "US");
      bucket.put("storageClass", "STANDARD");
      return Response.json(200, bucket);
    }
    return Response.error(501, "fake GCS does not know " + r.method() + " " + r.path());
  }

  private Response metadata(String bucket, String name) {
    StoredObject o = get(bucket, name);
    return o == null
        ? Response.error(404, "No such object: " + bucket + "/" + name)
        : Response.json(200, resource(o));
  }

  private Response listing(Request r, String bucket) {
    String prefix = r.query().getOrDefault("prefix", "");
    String delimiter = r.query().get("delimiter");
    int max = Integer.parseInt(r.query().getOrDefault("maxResults", "1000"));
    String after = r.query().get("pageToken");
    ArrayNode items = JSON.createArrayNode();
    TreeSet<String> prefixes = new TreeSet<>();
    String next = null;
    int count = 0;
    for (StoredObject o : list(bucket, prefix).values()) {
      if (after != null && o.name().compareTo(after) <= 0) {
        continue;
      }
      if (count == max) {
        next = items.isEmpty() ? o.name() : items.get(items.size() - 1).get("name").asText();
        break;
      }
      int cut = delimiter == null ? -1 : o.name().indexOf(delimiter, prefix.length());
      if (cut >= 0) {
        prefixes.add(o.name().substring(0, cut + delimiter.length()));
      } else {
        items.add(resource(o));
        count++;
      }
    }
    ObjectNode page = JSON.createObjectNode();
    page.put("kind", "storage#objects");
    if (!items.isEmpty()) {
      page.set("items", items);
    }
    if (!prefixes.isEmpty()) {
      ArrayNode p = page.putArray("prefixes");
      prefixes.forEach(p::add);
    }
    if (next != null) {
      page.put("nextPageToken", next);
    }
    return Response.json(200, page);
  }

  private Response media(Request r, String bucket, String name) {
    StoredObject o = get(bucket, name);
    if (o == null) {
      return Response.error(404, "No such object: " + bucket + "/" + name);
    }
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Content-Type", o.contentType());
    headers.put("x-goog-generation", Long.toString(o.generation()));
    headers.put("x-goog-hash", "crc32c=" + crc32c(o.data()) + ",md5=" + md5(o.data()));
    headers.put("x-goog-stored-content-length", Integer.toString(o.data().length));
    headers.put("x-goog-stored-content-encoding", "identity");
    String range = r.header("range");
    if (range == null) {
      return new Response(200, headers, o.data());
    }
    Matcher m = Pattern.compile("bytes=(\\d*)-(\\d*)").matcher(range);
    if (!m.matches()) {
      return Response.error(400, "bad Range " + range);
    }
    long size = o.data().length;
    long start;
    long end;
    if (m.group(1).isEmpty()) {
      start = Math.max(0, size - Long.parseLong(m.group(2)));
      end = size - 1;
    } else {
      start = Long.parseLong(m.group(1));
      end = m.group(2).isEmpty() ? size - 1 : Math.min(size - 1, Long.parseLong(m.group(2)));
    }
    if (start >= size) {
      headers.put("Content-Range", "bytes */" + size);
      return new Response(416, headers, new byte[0]);
    }
    headers.put("Content-Range", "bytes " + start + "-" + end + "/" + size);
    byte[] slice = Arrays.copyOfRange(o.data(), (int) start, (int) end + 1);
    return new Response(206, headers, slice);
  }

  private Response upload(Request r, String bucket) {
    String type = r.query().getOrDefault("uploadType", "");
    if (r.method().equals("PUT")
        || (r.method().equals("POST") && r.query().containsKey("upload_id"))) {
      return resumableChunk(r);
    }
    Long ifGeneration =
        r.query().containsKey("ifGenerationMatch")
            ? Long.parseLong(r.query().get("ifGenerationMatch"))
            : null;
    switch (type) {
      case "media" -> {
        Response refused = precondition(bucket, r.query().get("name"), ifGeneration);
        return refused != null
            ? refused
            : Response.json(
                200,
                resource(
                    store(
                        bucket,
                        r.query().get("name"),
                        r.body(),
                        contentType(r.header("content-type")),
                        Map.of())));
      }
      case "multipart" -> {
        List<Part> parts = multipart(r.header("content-type"), r.body());
        JsonNode meta = tree(parts.get(0).body());
        String name = meta.path("name").asText(r.query().get("name"));
        Response refused = precondition(bucket, name, ifGeneration);
        if (refused != null) {
          return refused;
        }
        String contentType =
            meta.hasNonNull("contentType")
                ? meta.get("contentType").asText()
                : contentType(parts.get(1).headers().get("content-type"));
        return Response.json(
            200,
            resource(store(bucket, name, parts.get(1).body(), contentType, userMetadata(meta))));
      }
      case "resumable" -> {
        JsonNode meta = r.body().length == 0 ? JSON.createObjectNode() : tree(r.body());
        String name = meta.path("name").asText(r.query().get("name"));
        String contentType =
            meta.hasNonNull("contentType")
                ? meta.get("contentType").asText()
                : r.header("x-upload-content-type") != null
                    ? r.header("x-upload-content-type")
                    : "application/octet-stream";
        Response refused = precondition(bucket, name, ifGeneration);
        if (refused != null) {
          return refused;
        }
        String id = "u" + uploadIds.incrementAndGet();
        uploads.put(
            id,
            new Upload(
                bucket,
                name,
                contentType,
                userMetadata(meta),
                new ByteArrayOutputStream(),
                ifGeneration));
        String location =
            host()
                + "/upload/storage/v1/b/"
                + encode(bucket)
                + "/o?uploadType=resumable&upload_id="
                + id;
        return new Response(
            200, Map.of("Location", location, "X-GUploader-UploadID", id), new byte[0]);
      }
      default -> {
        return Response.error(400, "unknown uploadType " + type);
      }
    }
  }

  /**
   * One PUT of a resumable upload: {@code Content-Range: bytes a-b/total}, {@code bytes a-b/*} or
   * {@code bytes * /total}.
   */
  private Response resumableChunk(Request r) {
    Upload u = uploads.get(r.query().get("upload_id"));
    if (u == null) {
      return Response.error(404, "no upload " + r.query().get("upload_id"));
    }
    String range = r.header("content-range");
    long total = -1;
    long start = u.received().size();
    if (range != null) {
      Matcher m = Pattern.compile("bytes (\\*|(\\d+)-(\\d+))/(\\*|\\d+)").matcher(range.trim());
      if (!m.matches()) {
        return Response.error(400, "bad Content-Range " + range);
      }
      if (m.group(2) != null) {
        start = Long.parseLong(m.group(2));
      }
      total = m.group(4).equals("*") ? -1 : Long.parseLong(m.group(4));
    } else {
      total = start + r.body().length;
    }
    synchronized (u) {
      long have = u.received().size();
      if (start > have) {
        return Response.error(400, "chunk at " + start + " but only " + have + " bytes received");
      }
      int skip = (int) (have - start);
      if (skip < r.body().length) {
        u.received().write(r.body(), skip, r.body().length - skip);
      }
      long now = u.received().size();
      if (total >= 0 && now >= total) {
        uploads.remove(r.query().get("upload_id"));
        Response refused = precondition(u.bucket(), u.name(), u.ifGenerationMatch());
        return refused != null
            ? refused
            : Response.json(
                200,
                resource(
                    store(
                        u.bucket(),
                        u.name(),
                        u.received().toByteArray(),
                        u.contentType(),
                        u.metadata())));
      }
      return new Response(
          308, now == 0 ? Map.of() : Map.of("Range", "bytes=0-" + (now - 1)), new byte[0]);
    }
  }

  private Response rewrite(
      Request r, String srcBucket, String src, String verb, String dstBucket, String dst) {
    StoredObject o = get(srcBucket, src);
    if (o == null) {
      return Response.error(404, "No such object: " + srcBucket + "/" + src);
    }
    Long ifGeneration =
        r.query().containsKey("ifGenerationMatch")
            ? Long.parseLong(r.query().get("ifGenerationMatch"))
            : null;
    Response refused = precondition(dstBucket, dst, ifGeneration);
    if (refused != null) {
      return refused;
    }
    StoredObject copy = store(dstBucket, dst, o.data(), o.contentType(), o.metadata());
    if (verb.equals("copyTo")) {
      return Response.json(200, resource(copy));
    }
    ObjectNode done = JSON.createObjectNode();
    done.put("kind", "storage#rewriteResponse");
    done.put("totalBytesRewritten", Integer.toString(o.data().length));
    done.put("objectSize", Integer.toString(o.data().length));
    done.put("done", true);
    done.set("resource", resource(copy));
    return Response.json(200, done);
  }

  /**
   * {@code multipart/mixed}: each part an HTTP request; the answer holds each answer in the same
   * order.
   */
  private Response batch(Request r) {
    String boundary = "batch_fake_" + uploadIds.incrementAndGet();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int i = 0;
    for (Part part : multipart(r.header("content-type"), r.body())) {
      i++;
      Request inner = innerRequest(part.body());
      Response answer = handle(inner);
      String id =
          part.headers().getOrDefault("content-id", Integer.toString(i)).replaceAll("[<>]", "");
      StringBuilder head = new StringBuilder();
      head.append("--")
          .append(boundary)
          .append("\r\n")
          .append("Content-Type: application/http\r\n")
          .append("Content-ID: <response-")
          .append(id)
          .append(">\r\n\r\n")
          .append("HTTP/1.1 ")
          .append(answer.status())
          .append(' ')
          .append(reasonPhrase(answer.status()))
          .append("\r\n");
      answer.headers().forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
      head.append("Content-Length: ").append(answer.body().length).append("\r\n\r\n");
      out.writeBytes(head.toString().getBytes(StandardCharsets.UTF_8));
      out.writeBytes(answer.body());
      out.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
    }
    out.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
    return new Response(
        200, Map.of("Content-Type", "multipart/mixed; boundary=" + boundary), out.toByteArray());
  }

  private static Request innerRequest(byte[] http) {
    String text = new String(http, StandardCharsets.UTF_8);
    int headEnd = text.indexOf("\r\n\r\n");
    String head = headEnd < 0 ? text : text.substring(0, headEnd);
    byte[] body =
        headEnd < 0 ? new byte[0] : text.substring(headEnd + 4).getBytes(StandardCharsets.UTF_8);
    String[] lines = head.split("\r\n");
    String[] requestLine = lines[0].split(" ");
    URI uri = URI.create(requestLine[1]);
    Map<String, String> headers = new LinkedHashMap<>();
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      if (colon > 0) {
        headers.put(
            lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
            lines[i].substring(colon + 1).trim());
      }
    }
    return new Request(requestLine[0], uri.getRawPath(), query(uri.getRawQuery()), headers, body);
  }

  private record Part(Map<String, String> headers, byte[] body) {}

  private static List<Part> multipart(String contentType, byte[] body) {
    Matcher m =
        Pattern.compile("boundary=\"?([^\";]+)\"?").matcher(contentType == null ? "" : contentType);
    if (!m.find()) {
      throw new IllegalArgumentException("no boundary in " + contentType);
    }
    byte[] delimiter = ("--" + m.group(1)).getBytes(StandardCharsets.ISO_8859_1);
    List<Part> parts = new ArrayList<>();
    int at = indexOf(body, delimiter, 0);
    while (at >= 0) {
      int start = at + delimiter.length;
      if (start + 1 < body.length && body[start] == '-' && body[start + 1] == '-') {
        break;
      }
      start = skipLineEnd(body, start);
      int next = indexOf(body, delimiter, start);
      if (next < 0) {
        break;
      }
      int end = next;
      if (end >= 2 && body[end - 2] == '\r' && body[end - 1] == '\n') {
        end -= 2;
      } else if (end >= 1 && body[end - 1] == '\n') {
        end -= 1;
      }
      byte[] raw = Arrays.copyOfRange(body, start, end);
      int split = indexOf(raw, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1), 0);
      int bodyStart = split + 4;
      if (split < 0) {
        split = indexOf(raw, "\n\n".getBytes(StandardCharsets.ISO_8859_1), 0);
        bodyStart = split + 2;
      }
      Map<String, String> headers = new LinkedHashMap<>();
      for (String line :
          new String(raw, 0, Math.max(split, 0), StandardCharsets.ISO_8859_1).split("\r?\n")) {
        int colon = line.indexOf(':');
        if (colon > 0) {
          headers.put(
              line.substring(0, colon).trim().toLowerCase(Locale.ROOT),
              line.substring(colon + 1).trim());
        }
      }
      parts.add(
          new Part(headers, split < 0 ? raw : Arrays.copyOfRange(raw, bodyStart, raw.length)));
      at = next;
    }
    return parts;
  }

  private static int skipLineEnd(byte[] b, int i) {
    if (i < b.length && b[i] == '\r') {
      i++;
    }
    if (i < b.length && b[i] == '\n') {
      i++;
    }
    return i;
  }

  private static int indexOf(byte[] haystack, byte[] needle, int from) {
    outer:
    for (int i = from; i <= haystack.length - needle.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  /**
   * A delete with {@code ifGenerationMatch} removes only that generation: a lock someone else took
   * stays.
   */
  private Response delete(Request r, String bucket, String name) {
    if (r.query().containsKey("ifGenerationMatch")) {
      StoredObject existing = get(bucket, name);
      if (existing != null
          && existing.generation() != Long.parseLong(r.query().get("ifGenerationMatch"))) {
        return Response.error(
            412, "At least one of the pre-conditions you specified did not hold.");
      }
    }
    return objects.remove(key(bucket, name)) == null
        ? Response.error(404, "No such object: " + bucket + "/" + name)
        : Response.empty(204);
  }

  private Response precondition(String bucket, String name, Long ifGenerationMatch) {
    if (ifGenerationMatch == null) {
      return null;
    }
    StoredObject existing = get(bucket, name);
    long current = existing == null ? 0 : existing.generation();
    return current == ifGenerationMatch
        ? null
        : Response.error(412, "At least one of the pre-conditions you specified did not hold.");
  }

  private StoredObject store(
      String bucket, String name, byte[] data, String contentType, Map<String, String> metadata) {
    StoredObject o =
        new StoredObject(
            bucket,
            name,
            data,
            contentType == null ? "application/octet-stream" : contentType,
            generations.incrementAndGet(),
            Instant.now(),
            Map.copyOf(metadata));
    objects.put(key(bucket, name), o);
    return o;
  }

  private ObjectNode resource(StoredObject o) {
    ObjectNode node = JSON.createObjectNode();
    node.put("kind", "storage#object");
    node.put("id", o.bucket() + "/" + o.name() + "/" + o.generation());
    node.put("selfLink", host() + "/storage/v1/b/" + encode(o.bucket()) + "/o/" + encode(o.name()));
    node.put(
        "mediaLink",
        host()
            + "/download/storage/v1/b/"
            + encode(o.bucket())
            + "/o/"
            + encode(o.name())
            + "?generation="
            + o.generation()
            + "&alt=media");
    node.put("name", o.name());
    node.put("bucket", o.bucket());
    node.put("generation", Long.toString(o.generation()));
    node.put("metageneration", "1");
    node.put("contentType", o.contentType());
    node.put("storageClass", "STANDARD");
    node.put("size", Integer.toString(o.data().length));
    node.put("md5Hash", md5(o.data()));
    node.put("crc32c", crc32c(o.data()));
    node.put("etag", "CJ" + o.generation());
    node.put("timeCreated", o.created().toString());
    node.put("updated", o.created().toString());
    if (!o.metadata().isEmpty()) {
      ObjectNode meta = node.putObject("metadata");
      o.metadata().forEach(meta::put);
    }
    return node;
  }

  private static Map<String, String> userMetadata(JsonNode meta) {
    Map<String, String> found = new LinkedHashMap<>();
    meta.path("metadata")
        .fields()
        .forEachRemaining(e -> found.put(e.getKey(), e.getValue().asText()));
    return found;
  }

  private static String key(String bucket, String name) {
    return bucket + "\u0000" + name;
  }

  private static byte[] decode(String contentEncoding, byte[] body) throws IOException {
    if (contentEncoding != null
        && contentEncoding.toLowerCase(Locale.ROOT).contains("gzip")
        && body.length > 0) {
      try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
        return in.readAllBytes();
      }
    }
    return body;
  }

  private static Map<String, String> query(String raw) {
    Map<String, String> q = new LinkedHashMap<>();
    if (raw != null && !raw.isEmpty()) {
      for (String pair : raw.split("&")) {
        int eq = pair.indexOf('=');
        String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
        q.put(k, eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
      }
    }
    return q;
  }

  /** Path segments are percent-encoded; unlike a query, '+' is a plus there. */
  private static String decodePath(String segment) {
    return URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8);
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private static String contentType(String header) {
    return header == null ? "application/octet-stream" : header;
  }

  private static JsonNode tree(byte[] json) {
    try {
      return JSON.readTree(json);
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "not JSON: " + new String(json, StandardCharsets.UTF_8), e);
    }
  }

  private static String md5(byte[] data) {
    try {
      return Base64.getEncoder().encodeToString(MessageDigest.getInstance("MD5").digest(data));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String crc32c(byte[] data) {
    CRC32C crc = new CRC32C();
    crc.update(data);
    long v = crc.getValue();
    return Base64.getEncoder()
        .encodeToString(
            new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v});
  }

  private static String reasonPhrase(int status) {
    return switch (status) {
      case 200 -> "OK";
      case 204 -> "No Content";
      case 206 -> "Partial Content";
      case 308 -> "Resume Incomplete";
      case 404 -> "Not Found";
      case 412 -> "Precondition Failed";
      default -> "Status";
    };
  }
}
