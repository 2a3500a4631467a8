package io.chatkitmigrate.transforms.testing;

import com.auth0.jwt.JWT;
import com.auth0.jwt.JWTVerifier;
import com.auth0.jwt.algorithms.Algorithm;
import com.auth0.jwt.exceptions.JWTVerificationException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.chatkitmigrate.schemas.Timestamps;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Queue;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A local stand-in for Stream's API on 127.0.0.1, as {@code spec/stream-import.md} §2-3 describes
 * it: the api key and HS256 server token checked on every call, the import API (upload URLs, the
 * upload, import tasks that move through their states and fail on a file that breaks the rules),
 * the REST calls the REST sink makes, per-endpoint per-minute rate limits with {@code
 * X-RateLimit-*} headers, and injectable faults: a share of 500/503 answers, of 429s, of slow
 * answers and of dropped connections (before or after the work is done). It records what it stored
 * and how often, and the peak of requests in flight, so a test can hold a sink to "exactly once"
 * and to its concurrency bound.
 *
 * <p>It also answers the read calls of §4 (query users, query channels, one channel paged, query
 * members, messages by id) from one app state that completed import tasks and REST calls both
 * write, refusing pages beyond the documented maxima as Stream does; see {@link AppIndex}.
 *
 * <p>{@code main} starts one on its own for a dry run: {@code StreamEmulator [port] [api key]
 * [secret]}.
 */
public final class StreamEmulator implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  public static final Set<String> DEFAULT_CHANNEL_TYPES =
      Set.of("messaging", "livestream", "team", "gaming", "commerce");

  /**
   * What goes wrong, and how often. Shares are of all authenticated calls except the upload PUT.
   */
  public record Faults(
      double serverErrors,
      double rateLimited,
      double dropBefore,
      double dropAfter,
      double slow,
      long slowMillis,
      long seed) {
    public static Faults none() {
      return new Faults(0, 0, 0, 0, 0, 0, 1);
    }
  }

  private final HttpServer server;
  private final String apiKey;
  private final JWTVerifier verifier;
  private volatile Faults faults = Faults.none();
  private final Random random;
  private final Map<String, Integer> limitsPerMinute = new ConcurrentHashMap<>();
  private final Map<String, long[]> windows = new ConcurrentHashMap<>();
  private volatile Set<String> channelTypes = DEFAULT_CHANNEL_TYPES;
  private volatile long importStepMillis = 50;
  private final Queue<Integer> uploadFailures = new ConcurrentLinkedQueue<>();

  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicInteger peak = new AtomicInteger();
  private final AtomicLong requestCount = new AtomicLong();
  private final List<String> log = Collections.synchronizedList(new ArrayList<>());

  public final Map<String, ObjectNode> users = new ConcurrentHashMap<>();
  public final Map<String, ObjectNode> channels = new ConcurrentHashMap<>();
  public final Map<String, ObjectNode> members = new ConcurrentHashMap<>();
  public final Map<String, ObjectNode> messages = new ConcurrentHashMap<>();
  public final Map<String, String> reads = new ConcurrentHashMap<>();
  public final Map<String, ObjectNode> reactions = new ConcurrentHashMap<>();

  /** {@code kind:key} to how many times it was stored (an upsert of what exists counts again). */
  public final Map<String, AtomicInteger> stores = new ConcurrentHashMap<>();

  private final AppIndex index = new AppIndex();
  private final AtomicLong clock = new AtomicLong();
  private final Map<String, Long> restJoined = new ConcurrentHashMap<>();
  private final Map<String, AtomicLong> readCalls = new ConcurrentHashMap<>();
  private final Map<String, AtomicLong> busyNanos = new ConcurrentHashMap<>();
  private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();
  private final Map<String, byte[]> uploads = new ConcurrentHashMap<>();
  private final Map<String, Task> tasks = new LinkedHashMap<>();

  private static final class Task {
    final String id;
    final String path;
    final String mode;
    final Instant created = Instant.now();
    final List<String> history = new ArrayList<>();
    String state = "uploaded";
    long nextStepAt;
    ObjectNode result;

    Task(String id, String path, String mode) {
      this.id = id;
      this.path = path;
      this.mode = mode;
      history.add("uploaded");
    }
  }

  private StreamEmulator(HttpServer server, String apiKey, String secret, long seed) {
    this.server = server;
    this.apiKey = apiKey;
    this.verifier =
        JWT.require(Algorithm.HMAC256(secret)).withClaim("server", true).acceptIssuedAt(5).build();
    this.random = new Random(seed);
  }

  public static StreamEmulator start(String apiKey, String secret) throws IOException {
    return start(0, apiKey, secret);
  }

  public static StreamEmulator start(int port, String apiKey, String secret) throws IOException {
    LocalServers.noDelay();
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 256);
    StreamEmulator emulator = new StreamEmulator(server, apiKey, secret, 7);
    server.createContext("/", emulator::exchange);
    server.setExecutor(
        Executors.newCachedThreadPool(
            r -> {
              Thread t = new Thread(r, "stream-emulator");
              t.setDaemon(true);
              return t;
            }));
    server.start();
    return emulator;
  }

  public static void main(String[] args) throws Exception {
    int port = args.length > 0 ? Integer.parseInt(args[0]) : 8099;
    String key = args.length > 1 ? args[1] : "emulator-key";
    String secret = args.length > 2 ? args[2] : "emulator-secret";
    try (StreamEmulator emulator = start(port, key, secret)) {
      System.out.println(
          "Stream emulator on " + emulator.baseUrl() + " (api key " + key + "); Ctrl-C stops it");
      Thread.currentThread().join();
    }
  }

  public String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  public StreamEmulator withFaults(Faults faults) {
    this.faults = faults;
    return this;
  }

  /**
   * Calls a minute for an endpoint ({@code users}, {@code channel}, {@code message}, {@code read},
   * ...).
   */
  public StreamEmulator withRateLimit(String endpoint, int perMinute) {
    limitsPerMinute.put(endpoint, perMinute);
    return this;
  }

  public StreamEmulator withImportStepMillis(long millis) {
    this.importStepMillis = millis;
    return this;
  }

  /**
   * How the next upload PUTs fail, one entry each in turn: an HTTP status, or 0 for a connection
   * dropped before any answer. Uploads after the list succeed.
   */
  public StreamEmulator withUploadFailures(int... failures) {
    for (int f : failures) {
      uploadFailures.add(f);
    }
    return this;
  }

  public StreamEmulator withChannelTypes(Set<String> types) {
    this.channelTypes = Set.copyOf(types);
    return this;
  }

  public int peakInFlight() {
    return peak.get();
  }

  public long requests() {
    return requestCount.get();
  }

  /** {@code "METHOD path -> status"} of every call, in order. */
  public List<String> log() {
    synchronized (log) {
      return List.copyOf(log);
    }
  }

  public synchronized List<String> taskPaths() {
    return tasks.values().stream().map(t -> t.path).toList();
  }

  public int storeCount(String kind, String key) {
    AtomicInteger n = stores.get(kind + ":" + key);
    return n == null ? 0 : n.get();
  }

  @Override
  public void close() {
    server.stop(0);
  }

  // ---------------------------------------------------------------- HTTP

  private record Answer(int status, String contentType, byte[] body, Map<String, String> headers) {
    static Answer json(int status, JsonNode node) {
      return new Answer(
          status,
          "application/json",
          node.toString().getBytes(StandardCharsets.UTF_8),
          new HashMap<>());
    }
  }

  static Answer error(int status, int code, String message) {
    ObjectNode e = JSON.createObjectNode();
    e.put("code", code);
    e.put("message", message);
    e.put("StatusCode", status);
    e.put("duration", "0.01ms");
    e.put("more_info", "https://getstream.io/chat/docs/api_errors_response");
    e.putObject("details");
    return Answer.json(status, e);
  }

  /**
   * Thrown out of the handler, it makes the JDK's server close the connection with no answer at
   * all.
   */
  private static final class Dropped extends RuntimeException {
    Dropped() {
      super("connection dropped on purpose", null, false, false);
    }
  }

  private void exchange(HttpExchange x) throws IOException {
    int now = inFlight.incrementAndGet();
    peak.accumulateAndGet(now, Math::max);
    requestCount.incrementAndGet();
    boolean left = false;
    try {
      String path = x.getRequestURI().getRawPath();
      Map<String, String> query = query(x.getRequestURI().getRawQuery());
      byte[] body = x.getRequestBody().readAllBytes();
      boolean upload = path.startsWith("/upload/");
      Faults f = faults;
      double roll;
      synchronized (random) {
        roll = random.nextDouble();
      }
      if (!upload && f.slow() > 0 && roll < f.slow()) {
        sleep(f.slowMillis());
      }
      if (!upload && roll >= f.slow() && roll < f.slow() + f.dropBefore()) {
        log.add(x.getRequestMethod() + " " + path + " -> dropped before");
        throw new Dropped();
      }
      Answer answer;
      Integer uploadFailure = upload ? uploadFailures.poll() : null;
      if (uploadFailure != null && uploadFailure == 0) {
        log.add(x.getRequestMethod() + " " + path + " -> dropped before");
        throw new Dropped();
      }
      if (uploadFailure != null) {
        answer = error(uploadFailure, -1, "injected upload failure");
      } else if (upload) {
        answer = upload(x.getRequestMethod(), path, body);
      } else {
        answer =
            authenticate(
                query,
                x.getRequestHeaders().getFirst("Authorization"),
                x.getRequestHeaders().getFirst("Stream-Auth-Type"));
        if (answer == null) {
          String endpoint = endpoint(x.getRequestMethod(), path);
          double r = roll - f.slow() - f.dropBefore();
          if (r >= 0 && r < f.serverErrors()) {
            answer = error(r < f.serverErrors() / 2 ? 500 : 503, -1, "injected server error");
          } else if (r >= f.serverErrors() && r < f.serverErrors() + f.rateLimited()) {
            // A burst at the edge: half answer in plain text without headers, half as Stream does.
            answer =
                r < f.serverErrors() + f.rateLimited() / 2
                    ? new Answer(
                        429,
                        "text/plain",
                        "Too Many Requests".getBytes(StandardCharsets.UTF_8),
                        new HashMap<>())
                    : error(
                        429, 9, "Too many requests, check response headers for more information.");
          } else {
            answer = limited(endpoint);
            if (answer == null) {
              // CPU, not wall time: a thread waiting for the app's lock costs nothing.
              long began = CPU.getCurrentThreadCpuTime();
              answer = route(x.getRequestMethod(), path, query, body);
              busyNanos
                  .computeIfAbsent(endpoint, e -> new AtomicLong())
                  .addAndGet(CPU.getCurrentThreadCpuTime() - began);
            }
          }
          if (!answer.contentType().equals("text/plain")) {
            rateHeaders(endpoint, answer);
          }
        }
        double after = roll - f.slow() - f.dropBefore() - f.serverErrors() - f.rateLimited();
        if (after >= 0 && after < f.dropAfter()) {
          log.add(x.getRequestMethod() + " " + path + " -> dropped after " + answer.status());
          throw new Dropped(); // the work is done, the answer never arrives
        }
      }
      log.add(x.getRequestMethod() + " " + path + " -> " + answer.status());
      // Done before the answer leaves: a client that has it may send its next call at once.
      left = true;
      inFlight.decrementAndGet();
      answer.headers().forEach((k, v) -> x.getResponseHeaders().add(k, v));
      x.getResponseHeaders().add("Content-Type", answer.contentType());
      x.sendResponseHeaders(answer.status(), answer.body().length == 0 ? -1 : answer.body().length);
      try (OutputStream out = x.getResponseBody()) {
        out.write(answer.body());
      }
    } catch (Dropped e) {
      throw e;
    } catch (RuntimeException e) {
      log.add("emulator failed: " + e);
      throw e;
    } finally {
      if (!left) {
        inFlight.decrementAndGet();
      }
    }
  }

  private Answer authenticate(Map<String, String> query, String token, String authType) {
    if (!apiKey.equals(query.get("api_key"))) {
      return error(401, 5, "api_key not valid");
    }
    if (token == null || !"jwt".equals(authType)) {
      return error(401, 5, "Unauthorized, missing Authorization or Stream-Auth-Type header");
    }
    try {
      verifier.verify(token);
      return null;
    } catch (JWTVerificationException e) {
      return error(
          401,
          43,
          "JWTAuth error: signature is not valid. Make sure the token is created using the secret"
              + " for API key \""
              + apiKey
              + "\" ("
              + e.getMessage()
              + ")");
    }
  }

  private static String endpoint(String method, String path) {
    if (path.equals("/users")) {
      return method.equals("GET") ? "query_users" : "users";
    }
    if (path.equals("/channels")) {
      return "query_channels";
    }
    if (path.equals("/members")) {
      return "query_members";
    }
    if (path.endsWith("/messages")) {
      return "get_message";
    }
    if (path.startsWith("/import")) {
      return "imports";
    }
    if (path.endsWith("/message")) {
      return "message";
    }
    if (path.endsWith("/read")) {
      return "read";
    }
    if (path.endsWith("/reaction")) {
      return "reaction";
    }
    return path.startsWith("/channels/") ? "channel" : "other";
  }

  /**
   * A per-minute budget, checked per second as a thirtieth of it (so bursts meet 429s long before
   * the minute is spent).
   */
  private Answer limited(String endpoint) {
    Integer perMinute = limitsPerMinute.get(endpoint);
    if (perMinute == null) {
      return null;
    }
    long second = System.currentTimeMillis() / 1000;
    long[] w = windows.computeIfAbsent(endpoint, e -> new long[4]);
    synchronized (w) {
      if (w[0] != second / 60) {
        w[0] = second / 60;
        w[1] = 0;
      }
      if (w[2] != second) {
        w[2] = second;
        w[3] = 0;
      }
      int perSecond = Math.max(1, perMinute / 30);
      if (w[1] >= perMinute || w[3] >= perSecond) {
        return tooMany(endpoint);
      }
      w[1]++;
      w[3]++;
    }
    return null;
  }

  private Answer tooMany(String endpoint) {
    Answer a = error(429, 9, "Too many requests, check response headers for more information.");
    a.headers().put("X-RateLimit-Reset", Long.toString(System.currentTimeMillis() / 1000 + 1));
    return a;
  }

  private void rateHeaders(String endpoint, Answer a) {
    Integer perMinute = limitsPerMinute.get(endpoint);
    int limit = perMinute == null ? 10_000 : perMinute;
    long used = 0;
    long[] w = windows.get(endpoint);
    if (w != null) {
      synchronized (w) {
        used = w[1];
      }
    }
    long second = System.currentTimeMillis() / 1000;
    a.headers().put("X-RateLimit-Limit", Integer.toString(limit));
    a.headers().put("X-RateLimit-Remaining", Long.toString(Math.max(0, limit - used)));
    // The per-second check resets next second; that is when a caller may try again.
    // An over-budget answer names the next second, when the per-second check lets calls in again.
    a.headers()
        .putIfAbsent(
            "X-RateLimit-Reset",
            Long.toString(a.status() == 429 ? second : (second / 60 + 1) * 60));
  }

  // ---------------------------------------------------------------- routes

  private static final Pattern CHANNEL =
      Pattern.compile("^/channels/([^/]+)/([^/]+)(/query|/message|/read)?$");
  private static final Pattern TASK = Pattern.compile("^/imports/([^/]+)$");
  private static final Pattern REACTION = Pattern.compile("^/messages/([^/]+)/reaction$");
  private static final Pattern MESSAGES = Pattern.compile("^/channels/([^/]+)/([^/]+)/messages$");

  private Answer route(String method, String path, Map<String, String> query, byte[] body) {
    JsonNode json;
    try {
      json = body.length == 0 ? JSON.createObjectNode() : JSON.readTree(body);
    } catch (IOException e) {
      return error(400, 4, "invalid JSON body: " + e.getMessage());
    }
    Matcher m;
    if (method.equals("POST") && path.equals("/import_urls")) {
      String name = json.path("filename").asText("");
      if (name.isEmpty()) {
        return error(400, 4, "filename is a required field");
      }
      String id = UUID.randomUUID().toString();
      ObjectNode out = JSON.createObjectNode();
      out.put("path", "s3://stream-emulator/imports/" + id + "/" + name);
      out.put("upload_url", baseUrl() + "/upload/" + id + "/" + name + "?X-Amz-Signature=emulated");
      return Answer.json(201, out);
    }
    if (method.equals("POST") && path.equals("/imports")) {
      return createTask(json);
    }
    if (method.equals("GET") && path.equals("/imports")) {
      return listTasks(
          Integer.parseInt(query.getOrDefault("limit", "25")),
          Integer.parseInt(query.getOrDefault("offset", "0")));
    }
    if (method.equals("GET") && (m = TASK.matcher(path)).matches()) {
      return getTask(m.group(1));
    }
    if (method.equals("POST") && path.equals("/users")) {
      return upsertUsers(json);
    }
    if (method.equals("GET") && path.equals("/users")) {
      return queryUsers(payload(query));
    }
    if (method.equals("POST") && path.equals("/channels")) {
      return queryChannels(json);
    }
    if (method.equals("GET") && path.equals("/members")) {
      return queryMembers(payload(query));
    }
    if (method.equals("GET") && (m = MESSAGES.matcher(path)).matches()) {
      return messagesByIds(
          decode(m.group(1)) + ":" + decode(m.group(2)), query.getOrDefault("ids", ""));
    }
    if (method.equals("POST") && (m = CHANNEL.matcher(path)).matches()) {
      String type = decode(m.group(1));
      String id = decode(m.group(2));
      if (!channelTypes.contains(type)) {
        return error(
            400,
            4,
            "GetOrCreateChannel failed with error: \"channel type \\\""
                + type
                + "\\\" does not exist\"");
      }
      String what = m.group(3) == null ? "" : m.group(3);
      return switch (what) {
        case "/query" ->
            json.has("data")
                ? createChannel(type, id, json.path("data"))
                : readChannel(type + ":" + id, json);
        case "/message" -> sendMessage(type, id, json.path("message"));
        case "/read" -> markRead(type, id, json);
        default -> addMembers(type, id, json.path("add_members"));
      };
    }
    if (method.equals("POST") && (m = REACTION.matcher(path)).matches()) {
      return react(decode(m.group(1)), json.path("reaction"));
    }
    return error(404, 16, "no such endpoint: " + method + " " + path);
  }

  private Answer upload(String method, String path, byte[] body) {
    if (!method.equals("PUT")) {
      return error(405, 4, "uploads are PUT");
    }
    String[] p = path.split("/");
    uploads.put("s3://stream-emulator/imports/" + p[2] + "/" + decode(p[3]), body);
    return new Answer(200, "text/plain", new byte[0], new HashMap<>());
  }

  private synchronized Answer createTask(JsonNode json) {
    String path = json.path("path").asText("");
    String mode = json.path("mode").asText("upsert");
    if (!uploads.containsKey(path)) {
      return error(
          400, 4, "CreateImport failed with error: \"path " + path + " was not uploaded\"");
    }
    if (!mode.equals("upsert") && !mode.equals("insert")) {
      return error(400, 4, "mode must be upsert or insert");
    }
    Task t = new Task(UUID.randomUUID().toString(), path, mode);
    t.nextStepAt = System.currentTimeMillis() + importStepMillis;
    tasks.put(t.id, t);
    stores.computeIfAbsent("task:" + path, k -> new AtomicInteger()).incrementAndGet();
    ObjectNode out = JSON.createObjectNode();
    out.set("import_task", taskJson(t));
    return Answer.json(201, out);
  }

  private synchronized Answer getTask(String id) {
    Task t = tasks.get(id);
    if (t == null) {
      return error(404, 16, "import task " + id + " not found");
    }
    advance(t);
    ObjectNode out = JSON.createObjectNode();
    out.set("import_task", taskJson(t));
    return Answer.json(200, out);
  }

  private synchronized Answer listTasks(int limit, int offset) {
    ArrayNode list = JSON.createArrayNode();
    List<Task> all = new ArrayList<>(tasks.values());
    Collections.reverse(all); // newest first
    for (int i = offset; i < Math.min(all.size(), offset + limit); i++) {
      advance(all.get(i));
      list.add(taskJson(all.get(i)));
    }
    ObjectNode out = JSON.createObjectNode();
    out.set("import_tasks", list);
    return Answer.json(200, out);
  }

  /**
   * uploaded → analyzing → (analyzing_failed | importing → completed), a step per {@code
   * importStepMillis}.
   */
  private void advance(Task t) {
    while (System.currentTimeMillis() >= t.nextStepAt
        && !t.state.equals("completed")
        && !t.state.endsWith("failed")) {
      switch (t.state) {
        case "uploaded" -> t.state = "analyzing";
        case "analyzing" -> {
          List<ObjectNode> errors = analyze(uploads.get(t.path), t.mode);
          if (errors.isEmpty()) {
            t.state = "importing";
          } else {
            t.state = "analyzing_failed";
            t.result = JSON.createObjectNode();
            ArrayNode list = t.result.putArray("errors");
            errors.stream().limit(25).forEach(list::add);
          }
        }
        case "importing" -> {
          t.result = apply(uploads.get(t.path));
          t.state = "completed";
        }
        default -> throw new IllegalStateException(t.state);
      }
      t.history.add(t.state);
      t.nextStepAt += importStepMillis;
    }
  }

  private ObjectNode taskJson(Task t) {
    ObjectNode n = JSON.createObjectNode();
    n.put("id", t.id);
    n.put("path", t.path);
    n.put("mode", t.mode);
    n.put("state", t.state);
    n.put("size", uploads.getOrDefault(t.path, new byte[0]).length);
    n.put("created_at", t.created.toString());
    n.put("updated_at", Instant.now().toString());
    ArrayNode h = n.putArray("history");
    t.history.forEach(s -> h.addObject().put("next_state", s));
    if (t.result != null) {
      n.set("result", t.result);
    }
    return n;
  }

  /**
   * The rules the emulator holds an import file to: JSON, known types, ids, channel types,
   * references.
   */
  private List<ObjectNode> analyze(byte[] file, String mode) {
    List<ObjectNode> errors = new ArrayList<>();
    Set<String> fileUsers = new HashSet<>();
    Set<String> fileChannels = new HashSet<>();
    Set<String> fileMessages = new HashSet<>();
    for (String line : lines(file)) {
      JsonNode item;
      try {
        item = JSON.readTree(line);
      } catch (IOException e) {
        errors.add(
            importError(
                "invalid JSON: " + e.getMessage(), "", JSON.createObjectNode().put("line", line)));
        continue;
      }
      String type = item.path("type").asText();
      JsonNode d = item.path("data");
      switch (type) {
        case "user" -> {
          if (d.path("id").asText("").isEmpty()) {
            errors.add(importError("user.id is required", type, d));
          } else if (!fileUsers.add(d.get("id").asText())
              || (mode.equals("insert") && users.containsKey(d.get("id").asText()))) {
            errors.add(importError("duplicate user id " + d.get("id").asText(), type, d));
          }
        }
        case "channel" -> {
          String cid = d.path("type").asText() + ":" + d.path("id").asText();
          if (!channelTypes.contains(d.path("type").asText())) {
            errors.add(
                importError(
                    "channel type \"" + d.path("type").asText() + "\" does not exist", type, d));
          } else if (!knownUser(d.path("created_by").asText(), fileUsers)) {
            errors.add(
                importError(
                    "created_by user " + d.path("created_by").asText() + " does not exist",
                    type,
                    d));
          } else if (!fileChannels.add(cid)) {
            errors.add(importError("duplicate channel " + cid, type, d));
          }
        }
        case "member" -> {
          String cid = d.path("channel_type").asText() + ":" + d.path("channel_id").asText();
          if (!fileChannels.contains(cid) && !channels.containsKey(cid)) {
            errors.add(importError("channel " + cid + " does not exist", type, d));
          } else if (!knownUser(d.path("user_id").asText(), fileUsers)) {
            errors.add(
                importError("user " + d.path("user_id").asText() + " does not exist", type, d));
          }
        }
        case "message" -> {
          String cid = d.path("channel_type").asText() + ":" + d.path("channel_id").asText();
          if (d.path("id").asText("").isEmpty()) {
            errors.add(importError("message.id is required", type, d));
          } else if (!fileChannels.contains(cid) && !channels.containsKey(cid)) {
            errors.add(importError("channel " + cid + " does not exist", type, d));
          } else if (!knownUser(d.path("user").asText(), fileUsers)) {
            errors.add(importError("user " + d.path("user").asText() + " does not exist", type, d));
          } else if (!fileMessages.add(d.get("id").asText())) {
            errors.add(importError("duplicate message id " + d.get("id").asText(), type, d));
          }
        }
        case "reaction" -> {
          if (!fileMessages.contains(d.path("message_id").asText())
              && !messages.containsKey(d.path("message_id").asText())) {
            errors.add(
                importError(
                    "message " + d.path("message_id").asText() + " does not exist", type, d));
          }
        }
        default -> errors.add(importError("unknown item type \"" + type + "\"", type, d));
      }
    }
    return errors;
  }

  private boolean knownUser(String id, Set<String> fileUsers) {
    return fileUsers.contains(id) || users.containsKey(id);
  }

  private static ObjectNode importError(String error, String itemType, JsonNode item) {
    ObjectNode e = JSON.createObjectNode();
    e.put("error", error);
    e.put("item_type", itemType);
    e.set("item", item);
    return e;
  }

  private ObjectNode apply(byte[] file) {
    Map<String, Long> stats = new TreeMap<>();
    for (String line : lines(file)) {
      JsonNode item;
      try {
        item = JSON.readTree(line);
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
      String type = item.path("type").asText();
      ObjectNode d = (ObjectNode) item.path("data");
      switch (type) {
        case "user" -> store(users, "user", d.get("id").asText(), d);
        case "channel" ->
            store(channels, "channel", d.get("type").asText() + ":" + d.get("id").asText(), d);
        case "member" ->
            store(
                members,
                "member",
                d.get("channel_type").asText()
                    + ":"
                    + d.get("channel_id").asText()
                    + "/"
                    + d.get("user_id").asText(),
                d);
        case "message" -> store(messages, "message", d.get("id").asText(), d);
        case "reaction" ->
            store(
                reactions,
                "reaction",
                d.get("message_id").asText()
                    + "/"
                    + d.get("type").asText()
                    + "/"
                    + d.get("user_id").asText(),
                d);
        default -> throw new IllegalStateException(type);
      }
      stats.merge(type, 1L, Long::sum);
    }
    ObjectNode result = JSON.createObjectNode();
    ObjectNode s = result.putObject("stats");
    stats.forEach(s::put);
    return result;
  }

  private void store(Map<String, ObjectNode> map, String kind, String key, ObjectNode value) {
    synchronized (index) {
      map.put(key, value);
      index.stored(kind, key, value);
    }
    stores.computeIfAbsent(kind + ":" + key, k -> new AtomicInteger()).incrementAndGet();
  }

  // ---------------------------------------------------------------- app state, changed behind a
  // client's back

  /**
   * Stores an item as an import would ({@code user}, {@code channel}, {@code member} or {@code
   * message} data).
   */
  public void put(String kind, ObjectNode data) {
    switch (kind) {
      case "user" -> store(users, kind, data.get("id").asText(), data);
      case "channel" ->
          store(channels, kind, data.get("type").asText() + ":" + data.get("id").asText(), data);
      case "member" ->
          store(
              members,
              kind,
              data.get("channel_type").asText()
                  + ":"
                  + data.get("channel_id").asText()
                  + "/"
                  + data.get("user_id").asText(),
              data);
      case "message" -> store(messages, kind, data.get("id").asText(), data);
      default -> throw new IllegalArgumentException(kind);
    }
  }

  /** Removes a user (id), channel (cid), member (cid/user) or message (id) from the app. */
  public void remove(String kind, String key) {
    synchronized (index) {
      switch (kind) {
        case "user" -> users.remove(key);
        case "channel" -> channels.remove(key);
        case "member" -> members.remove(key);
        case "message" -> messages.remove(key);
        default -> throw new IllegalArgumentException(kind);
      }
      index.removed(kind, key);
    }
  }

  /** Makes a stored message appear twice in its channel's pages. */
  public void showTwice(String messageId) {
    synchronized (index) {
      index.showTwice(messageId);
    }
  }

  /** Sets a member's read cursor to a message, as {@code POST .../read} does. */
  public void markRead(String cid, String user, String messageId) {
    reads.put(cid + "/" + user, messageId);
  }

  /**
   * CPU milliseconds spent answering, by endpoint, summed over every thread (answering the reads
   * takes one lock).
   */
  public Map<String, Long> busyMillis() {
    Map<String, Long> out = new TreeMap<>();
    busyNanos.forEach((k, v) -> out.put(k, v.get() / 1_000_000));
    return out;
  }

  /**
   * Read calls answered, by endpoint (query_users, query_channels, channel, query_members,
   * get_message).
   */
  public Map<String, Long> readCalls() {
    Map<String, Long> out = new TreeMap<>();
    readCalls.forEach((k, v) -> out.put(k, v.get()));
    return out;
  }

  private Answer upsertUsers(JsonNode json) {
    JsonNode map = json.path("users");
    if (!map.isObject() || map.isEmpty()) {
      return error(400, 4, "UpdateUsers failed with error: \"users is a required field\"");
    }
    if (map.size() > 100) {
      return error(
          400, 4, "UpdateUsers failed with error: \"users must contain at most 100 items\"");
    }
    ObjectNode out = JSON.createObjectNode();
    ObjectNode stored = out.putObject("users");
    for (var it = map.fields(); it.hasNext(); ) {
      var e = it.next();
      if (!e.getKey().equals(e.getValue().path("id").asText())) {
        return error(
            400,
            4,
            "UpdateUsers failed with error: \"users." + e.getKey() + ".id must equal its key\"");
      }
    }
    map.fields()
        .forEachRemaining(
            e -> {
              store(users, "user", e.getKey(), (ObjectNode) e.getValue());
              stored.set(e.getKey(), e.getValue());
            });
    return Answer.json(201, out);
  }

  private Answer createChannel(String type, String id, JsonNode data) {
    String cid = type + ":" + id;
    String creator = data.path("created_by_id").asText("");
    if (!users.containsKey(creator)) {
      return error(
          400,
          4,
          "GetOrCreateChannel failed with error: \"created_by user "
              + creator
              + " does not exist\"");
    }
    JsonNode list = data.path("members");
    if (list.size() > 100) {
      return error(
          400,
          4,
          "GetOrCreateChannel failed with error: \"members must contain at most 100 items\"");
    }
    for (JsonNode member : list) {
      if (!users.containsKey(member.path("user_id").asText())) {
        return error(
            400,
            4,
            "GetOrCreateChannel failed with error: \"user "
                + member.path("user_id").asText()
                + " does not exist\"");
      }
    }
    ObjectNode channel = ((ObjectNode) data.deepCopy()).put("type", type).put("id", id);
    channel.remove("members");
    store(channels, "channel", cid, channel);
    for (JsonNode member : list) {
      joined(cid + "/" + member.path("user_id").asText());
      store(
          members,
          "member",
          cid + "/" + member.path("user_id").asText(),
          ((ObjectNode) member.deepCopy()));
    }
    ObjectNode out = JSON.createObjectNode();
    out.set("channel", channel);
    return Answer.json(201, out);
  }

  private Answer addMembers(String type, String id, JsonNode list) {
    String cid = type + ":" + id;
    if (!channels.containsKey(cid)) {
      return error(404, 16, "channel " + cid + " not found");
    }
    if (!list.isArray() || list.size() > 100) {
      return error(
          400,
          4,
          "UpdateChannel failed with error: \"add_members must contain at most 100 items\"");
    }
    for (JsonNode member : list) {
      String user = member.isTextual() ? member.asText() : member.path("user_id").asText();
      if (!users.containsKey(user)) {
        return error(
            400, 4, "UpdateChannel failed with error: \"user " + user + " does not exist\"");
      }
    }
    for (JsonNode member : list) {
      ObjectNode m =
          member.isTextual()
              ? JSON.createObjectNode().put("user_id", member.asText())
              : (ObjectNode) member.deepCopy();
      joined(cid + "/" + m.path("user_id").asText());
      store(members, "member", cid + "/" + m.path("user_id").asText(), m);
    }
    return Answer.json(201, JSON.createObjectNode().put("duration", "1ms"));
  }

  private synchronized Answer sendMessage(String type, String id, JsonNode message) {
    String cid = type + ":" + id;
    if (!channels.containsKey(cid)) {
      return error(404, 16, "channel " + cid + " not found");
    }
    String messageId = message.path("id").asText("");
    String user = message.path("user_id").asText("");
    if (!users.containsKey(user)) {
      return error(400, 4, "SendMessage failed with error: \"user " + user + " does not exist\"");
    }
    if (message.has("created_at")) {
      return error(
          400, 4, "SendMessage failed with error: \"message.created_at is a reserved field\"");
    }
    if (!messageId.isEmpty() && messages.containsKey(messageId)) {
      return error(
          400,
          4,
          "SendMessage failed with error: \"a message with ID " + messageId + " already exists\"");
    }
    ObjectNode stored = ((ObjectNode) message.deepCopy()).put("cid", cid);
    // The REST API stamps a message with its own clock: the order of sending is the order shown.
    stored.put("created_at", Timestamps.format(tick()));
    store(messages, "message", messageId, stored);
    ObjectNode out = JSON.createObjectNode();
    out.set("message", stored);
    return Answer.json(201, out);
  }

  private long tick() {
    return clock.updateAndGet(t -> Math.max(t + 1, System.currentTimeMillis() * 1000));
  }

  /**
   * A member added over REST has read what was there when it joined; what is sent later is unread
   * until marked.
   */
  private void joined(String memberKey) {
    restJoined.putIfAbsent(memberKey, tick());
  }

  private Answer markRead(String type, String id, JsonNode json) {
    String cid = type + ":" + id;
    String user = json.path("user_id").asText();
    String messageId = json.path("message_id").asText();
    if (!members.containsKey(cid + "/" + user)) {
      return error(
          400,
          4,
          "MarkRead failed with error: \"user " + user + " is not a member of " + cid + "\"");
    }
    if (!messageId.isEmpty() && !messages.containsKey(messageId)) {
      return error(404, 16, "message " + messageId + " not found");
    }
    reads.put(cid + "/" + user, messageId);
    stores.computeIfAbsent("read:" + cid + "/" + user, k -> new AtomicInteger()).incrementAndGet();
    return Answer.json(201, JSON.createObjectNode().put("duration", "1ms"));
  }

  private Answer react(String messageId, JsonNode reaction) {
    if (!messages.containsKey(messageId)) {
      return error(404, 16, "message " + messageId + " not found");
    }
    store(
        reactions,
        "reaction",
        messageId + "/" + reaction.path("type").asText() + "/" + reaction.path("user_id").asText(),
        (ObjectNode) reaction.deepCopy());
    return Answer.json(201, JSON.createObjectNode().put("duration", "1ms"));
  }

  // ---------------------------------------------------------------- read calls (§4)

  private Answer counted(String endpoint, Answer a) {
    if (a.status() < 300) {
      readCalls.computeIfAbsent(endpoint, e -> new AtomicLong()).incrementAndGet();
    }
    return a;
  }

  private static JsonNode payload(Map<String, String> query) {
    try {
      return JSON.readTree(query.getOrDefault("payload", "{}"));
    } catch (IOException e) {
      return null;
    }
  }

  private static Answer tooLarge(String call, String field, int max) {
    return error(
        400,
        4,
        call + " failed with error: \"" + field + " must be less than or equal to " + max + "\"");
  }

  private static List<String> in(JsonNode filter, String field) {
    JsonNode f = filter.path(field);
    List<String> out = new ArrayList<>();
    if (f.isTextual()) {
      out.add(f.asText());
    } else if (f.has("$eq")) {
      out.add(f.get("$eq").asText());
    } else if (f.has("$in")) {
      f.get("$in").forEach(v -> out.add(v.asText()));
    } else {
      return null;
    }
    return out;
  }

  private Answer queryUsers(JsonNode p) {
    if (p == null) {
      return error(400, 4, "QueryUsers failed with error: \"payload is not valid JSON\"");
    }
    int limit = p.path("limit").asInt(30);
    int offset = p.path("offset").asInt(0);
    if (limit > 100) {
      return tooLarge("QueryUsers", "limit", 100);
    }
    if (offset > 1000) {
      return tooLarge("QueryUsers", "offset", 1000);
    }
    List<String> ids = in(p.path("filter_conditions"), "id");
    boolean deactivated = p.path("include_deactivated_users").asBoolean(false);
    List<String> found =
        (ids == null ? new ArrayList<>(users.keySet()) : ids)
            .stream()
                .distinct()
                .filter(users::containsKey)
                .filter(id -> deactivated || !users.get(id).hasNonNull("deactivated_at"))
                .sorted()
                .toList();
    ArrayNode list = JSON.createArrayNode();
    found.stream()
        .skip(offset)
        .limit(limit)
        .forEach(
            id -> {
              ObjectNode u = users.get(id).deepCopy();
              if (!u.has("role")) {
                u.put("role", "user");
              }
              list.add(u);
            });
    ObjectNode out = JSON.createObjectNode();
    out.set("users", list);
    return counted("query_users", Answer.json(200, out));
  }

  private Answer queryChannels(JsonNode json) {
    int limit = json.path("limit").asInt(10);
    int offset = json.path("offset").asInt(0);
    int messageLimit = json.path("message_limit").asInt(25);
    int memberLimit = json.path("member_limit").asInt(100);
    if (limit > 30) {
      return tooLarge("QueryChannels", "limit", 30);
    }
    if (offset > 1000) {
      return tooLarge("QueryChannels", "offset", 1000);
    }
    if (messageLimit > 300) {
      return tooLarge("QueryChannels", "message_limit", 300);
    }
    if (memberLimit > 100) {
      return tooLarge("QueryChannels", "member_limit", 100);
    }
    List<String> cids = in(json.path("filter_conditions"), "cid");
    String user = json.path("user_id").asText(null);
    ArrayNode list = JSON.createArrayNode();
    synchronized (index) {
      (cids == null ? new ArrayList<>(channels.keySet()) : cids)
          .stream()
              .distinct()
              .filter(channels::containsKey)
              .sorted()
              .skip(offset)
              .limit(limit)
              .forEach(
                  cid -> list.add(channelState(cid, messageLimit, null, memberLimit, 0, user)));
    }
    ObjectNode out = JSON.createObjectNode();
    out.set("channels", list);
    return counted("query_channels", Answer.json(201, out));
  }

  /** The channel query without {@code data}: a read, which never creates the channel. */
  private Answer readChannel(String cid, JsonNode json) {
    int messageLimit = json.path("messages").path("limit").asInt(25);
    int memberLimit = json.path("members").path("limit").asInt(100);
    int memberOffset = json.path("members").path("offset").asInt(0);
    if (messageLimit > 300) {
      return tooLarge("GetOrCreateChannel", "messages.limit", 300);
    }
    if (memberLimit > 100) {
      return tooLarge("GetOrCreateChannel", "members.limit", 100);
    }
    if (memberOffset > 1000) {
      return tooLarge("GetOrCreateChannel", "members.offset", 1000);
    }
    synchronized (index) {
      if (!channels.containsKey(cid)) {
        return error(
            404, 16, "GetOrCreateChannel failed with error: \"channel " + cid + " not found\"");
      }
      AppIndex.Key before = null;
      String idLt = json.path("messages").path("id_lt").asText("");
      if (!idLt.isEmpty()) {
        before = index.key(idLt);
        if (before == null || !cid.equals(index.channel(idLt))) {
          return error(
              400,
              4,
              "GetOrCreateChannel failed with error: \"message "
                  + idLt
                  + " not found in "
                  + cid
                  + "\"");
        }
      }
      return counted(
          "channel",
          Answer.json(
              201,
              channelState(
                  cid,
                  messageLimit,
                  before,
                  memberLimit,
                  memberOffset,
                  json.path("user_id").asText(null))));
    }
  }

  private ObjectNode channelState(
      String cid,
      int messageLimit,
      AppIndex.Key before,
      int memberLimit,
      int memberOffset,
      String user) {
    ObjectNode state = JSON.createObjectNode();
    ObjectNode channel = channels.get(cid).deepCopy();
    String creator =
        channel.has("created_by_id")
            ? channel.remove("created_by_id").asText()
            : channel.path("created_by").asText();
    channel.putObject("created_by").put("id", creator);
    channel.put("cid", cid);
    channel.put("member_count", index.members(cid).size());
    state.set("channel", channel);
    ArrayNode members = state.putArray("members");
    index.members(cid).keySet().stream()
        .skip(memberOffset)
        .limit(memberLimit)
        .forEach(u -> members.add(memberJson(cid, u)));
    ArrayNode list = state.putArray("messages");
    if (messageLimit > 0) {
      index
          .messagesBefore(cid, before, messageLimit)
          .forEach(id -> list.add(messageJson(messages.get(id))));
    }
    ArrayNode read = state.putArray("read");
    List<String> readers = new ArrayList<>(index.latestMembers(cid, 100));
    if (user != null && !readers.contains(user) && this.members.containsKey(cid + "/" + user)) {
      readers.add(user);
    }
    readers.forEach(u -> read.add(readEntry(cid, u)));
    return state;
  }

  private ObjectNode memberJson(String cid, String user) {
    ObjectNode m = members.get(cid + "/" + user).deepCopy();
    m.remove(List.of("channel_type", "channel_id", "last_read"));
    m.put("user_id", user);
    m.putObject("user").put("id", user);
    if (!m.has("channel_role")) {
      m.put("channel_role", "channel_member");
    }
    return m;
  }

  private static ObjectNode messageJson(ObjectNode stored) {
    ObjectNode m = stored.deepCopy();
    String user = m.has("user_id") ? m.remove("user_id").asText() : m.path("user").asText();
    m.putObject("user").put("id", user);
    m.put("cid", AppIndex.channelOf(stored));
    if (!m.has("type")) {
      m.put("type", "regular");
    }
    if (!m.has("attachments")) {
      m.putArray("attachments");
    }
    return m;
  }

  /**
   * A member's read state: a REST cursor (a message) first, else the imported {@code last_read},
   * else, for a member added over REST, the moment it joined; an imported member without {@code
   * last_read} has read all.
   */
  private ObjectNode readEntry(String cid, String user) {
    ObjectNode member = members.get(cid + "/" + user);
    ObjectNode r = JSON.createObjectNode();
    r.putObject("user").put("id", user);
    String marked = reads.get(cid + "/" + user);
    AppIndex.Key key = marked == null ? null : index.key(marked);
    Long lastRead =
        key != null
            ? Long.valueOf(key.micros())
            : Timestamps.parseMicros(member.path("last_read").asText(""));
    if (lastRead == null) {
      lastRead = restJoined.get(cid + "/" + user);
    }
    if (lastRead == null) {
      String since =
          member.path("created_at").asText(channels.get(cid).path("created_at").asText(""));
      r.put("last_read", since.isEmpty() ? Timestamps.format(0) : since);
      r.put("unread_messages", 0);
    } else {
      r.put("last_read", Timestamps.format(lastRead));
      r.put("unread_messages", index.countAfter(cid, lastRead));
    }
    if (key != null) {
      r.put("last_read_message_id", marked);
    }
    return r;
  }

  private Answer queryMembers(JsonNode p) {
    if (p == null) {
      return error(400, 4, "QueryMembers failed with error: \"payload is not valid JSON\"");
    }
    String cid = p.path("type").asText() + ":" + p.path("id").asText();
    int limit = p.path("limit").asInt(100);
    int offset = p.path("offset").asInt(0);
    if (limit > 100) {
      return tooLarge("QueryMembers", "limit", 100);
    }
    if (offset > 1000) {
      return tooLarge("QueryMembers", "offset", 1000);
    }
    String after = p.path("user_id_gt").asText("");
    ArrayNode list = JSON.createArrayNode();
    synchronized (index) {
      if (!channels.containsKey(cid)) {
        return error(404, 16, "QueryMembers failed with error: \"channel " + cid + " not found\"");
      }
      NavigableMap<String, Long> all = index.members(cid);
      (after.isEmpty() ? all : all.tailMap(after, false))
          .keySet().stream().skip(offset).limit(limit).forEach(u -> list.add(memberJson(cid, u)));
    }
    ObjectNode out = JSON.createObjectNode();
    out.set("members", list);
    return counted("query_members", Answer.json(200, out));
  }

  private Answer messagesByIds(String cid, String ids) {
    List<String> list = ids.isEmpty() ? List.of() : List.of(ids.split(","));
    if (list.isEmpty() || list.size() > 50) {
      return error(
          400, 4, "GetManyMessages failed with error: \"ids must hold 1 to 50 message ids\"");
    }
    ArrayNode found = JSON.createArrayNode();
    synchronized (index) {
      for (String id : list) {
        if (messages.containsKey(id) && cid.equals(index.channel(id))) {
          found.add(messageJson(messages.get(id)));
        }
      }
    }
    ObjectNode out = JSON.createObjectNode();
    out.set("messages", found);
    return counted("get_message", Answer.json(200, out));
  }

  // ---------------------------------------------------------------- helpers

  private static List<String> lines(byte[] file) {
    List<String> lines = new ArrayList<>();
    try (BufferedReader in =
        new BufferedReader(
            new InputStreamReader(new ByteArrayInputStream(file), StandardCharsets.UTF_8))) {
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        if (!line.isBlank()) {
          lines.add(line);
        }
      }
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return lines;
  }

  private static Map<String, String> query(String raw) {
    Map<String, String> q = new HashMap<>();
    if (raw != null) {
      for (String pair : raw.split("&")) {
        int eq = pair.indexOf('=');
        if (eq > 0) {
          q.put(decode(pair.substring(0, eq)), decode(pair.substring(eq + 1)));
        }
      }
    }
    return q;
  }

  private static String decode(String s) {
    return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
