package io.chatkitmigrate.transforms.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Files on 127.0.0.1 that behave as attachment links do in the wild: some answer at once, some
 * slowly, some are gone, some fail a few times before they answer. Counts every request per path.
 */
public final class FileServer implements AutoCloseable {
  /**
   * How one path answers: its bytes and type, after {@code delayMillis}, once {@code failuresFirst}
   * 503s are spent.
   */
  public record Behaviour(
      byte[] body, String contentType, long delayMillis, int failuresFirst, int status) {
    public static Behaviour file(byte[] body, String contentType) {
      return new Behaviour(body, contentType, 0, 0, 200);
    }

    public Behaviour slow(long millis) {
      return new Behaviour(body, contentType, millis, failuresFirst, status);
    }

    public Behaviour failingFirst(int times) {
      return new Behaviour(body, contentType, delayMillis, times, status);
    }

    public static Behaviour status(int status) {
      return new Behaviour(new byte[0], "text/plain", 0, 0, status);
    }
  }

  private final HttpServer server;
  private final Map<String, Behaviour> paths = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();

  private FileServer(HttpServer server) {
    this.server = server;
  }

  public static FileServer start() throws IOException {
    LocalServers.noDelay();
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    FileServer files = new FileServer(server);
    server.createContext("/", files::answer);
    server.setExecutor(
        Executors.newCachedThreadPool(
            r -> {
              Thread t = new Thread(r, "file-server");
              t.setDaemon(true);
              return t;
            }));
    server.start();
    return files;
  }

  /** Serves {@code path} as told; returns its URL. */
  public String serve(String path, Behaviour behaviour) {
    paths.put(path, behaviour);
    return url(path);
  }

  public String url(String path) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + path;
  }

  public int hits(String path) {
    AtomicInteger n = hits.get(path);
    return n == null ? 0 : n.get();
  }

  public int totalHits() {
    return hits.values().stream().mapToInt(AtomicInteger::get).sum();
  }

  private void answer(HttpExchange exchange) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getPath();
      int hit = hits.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
      Behaviour b = paths.get(path);
      if (b == null) {
        exchange.sendResponseHeaders(404, -1);
        return;
      }
      if (b.delayMillis() > 0) {
        try {
          Thread.sleep(b.delayMillis());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
      if (hit <= b.failuresFirst()) {
        exchange.sendResponseHeaders(503, -1);
        return;
      }
      if (b.status() != 200) {
        exchange.sendResponseHeaders(b.status(), -1);
        return;
      }
      if (b.contentType() != null) {
        exchange.getResponseHeaders().add("Content-Type", b.contentType());
      }
      exchange.sendResponseHeaders(200, b.body().length == 0 ? -1 : b.body().length);
      if (b.body().length > 0) {
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(b.body());
        }
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
