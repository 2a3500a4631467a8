package io.chatkitmigrate.transforms.testing;

/** What every local stand-in server of the tests shares. */
final class LocalServers {
  private LocalServers() {}

  /**
   * The JDK's HTTP server writes a response's headers and body apart; with Nagle's algorithm on,
   * each small answer then waits ~40 ms for the client's delayed ACK. The setting is read once per
   * JVM, when the first server starts, so every stand-in sets it before it starts.
   */
  static void noDelay() {
    System.setProperty("sun.net.httpserver.nodelay", "true");
  }
}
