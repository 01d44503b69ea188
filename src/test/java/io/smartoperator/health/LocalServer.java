package io.smartoperator.health;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real HTTP server on 127.0.0.1 for health probes to hit. Its default handler answers
 * {@link #status} after {@link #delayMillis}, counting requests and the most it had in flight.
 */
final class LocalServer implements AutoCloseable {
  final AtomicInteger status = new AtomicInteger(200);
  /** Requests that get 503 before the status above applies again. */
  final AtomicInteger failNext = new AtomicInteger();
  volatile long delayMillis;
  final List<String> hosts = new CopyOnWriteArrayList<>();
  final List<URI> requestUris = new CopyOnWriteArrayList<>();
  private final AtomicInteger requests = new AtomicInteger();
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicInteger maxInFlight = new AtomicInteger();
  private final HttpServer server;
  private final ExecutorService threads;

  static {
    // headers and body go out in separate writes; without this, delayed ACKs add ~40 ms to each
    System.setProperty("sun.net.httpserver.nodelay", "true");
  }

  private LocalServer(int threads) throws IOException {
    this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1024);
    this.threads = Executors.newFixedThreadPool(threads);
    server.setExecutor(this.threads);
    server.createContext("/", counted(this::answer));
  }

  static LocalServer start() throws IOException {
    return start(16);
  }

  static LocalServer start(int threads) throws IOException {
    LocalServer local = new LocalServer(threads);
    local.server.start();
    return local;
  }

  /** Serves {@code path} with {@code handler}, counted like the default one. */
  LocalServer handle(String path, HttpHandler handler) {
    server.createContext(path, counted(handler));
    return this;
  }

  int port() {
    return server.getAddress().getPort();
  }

  URI uri(String pathAndQuery) {
    return URI.create("http://127.0.0.1:" + port() + pathAndQuery);
  }

  int requests() {
    return requests.get();
  }

  int maxInFlight() {
    return maxInFlight.get();
  }

  private HttpHandler counted(HttpHandler handler) {
    return exchange -> {
      requests.incrementAndGet();
      hosts.add(exchange.getRequestHeaders().getFirst("Host"));
      requestUris.add(exchange.getRequestURI());
      maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
      try {
        handler.handle(exchange);
      } finally {
        inFlight.decrementAndGet();
        exchange.close();
      }
    };
  }

  private void answer(HttpExchange exchange) throws IOException {
    long delay = delayMillis;
    if (delay > 0) {
      try {
        Thread.sleep(delay);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    int code = failNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0 ? 503 : status.get();
    byte[] body = ("status " + code).getBytes();
    exchange.sendResponseHeaders(code, body.length);
    exchange.getResponseBody().write(body);
  }

  @Override
  public void close() {
    server.stop(0);
    threads.shutdownNow();
  }
}
