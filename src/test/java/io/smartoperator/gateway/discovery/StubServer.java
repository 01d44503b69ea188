package io.smartoperator.gateway.discovery;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/** A plain HTTP server on 127.0.0.1 whose answers a test sets per path; 404 for the rest. */
final class StubServer implements AutoCloseable {
  /** How to answer one path. */
  interface Answer {
    void answer(HttpExchange exchange) throws IOException, InterruptedException;
  }

  private final HttpServer server;
  private final ExecutorService handlers = Executors.newCachedThreadPool();
  private final Map<String, Answer> answers = new ConcurrentHashMap<>();
  /** Body bytes written by endless answers, so a test can see that the client stopped reading. */
  final AtomicLong endlessBytesWritten = new AtomicLong();

  StubServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(handlers);
    server.createContext("/", exchange -> {
      try (exchange) {
        Answer answer = answers.get(exchange.getRequestURI().getPath());
        if (answer == null) {
          send(exchange, 404, "text/plain", "not here");
        } else {
          answer.answer(exchange);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (IOException e) {
        // The client went away (a cut body, a timeout): nothing to answer.
      }
    });
    server.start();
  }

  String url(String path) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + path;
  }

  void on(String path, Answer answer) {
    answers.put(path, answer);
  }

  void json(String path, int status, String body) {
    on(path, exchange -> send(exchange, status, "application/json", body));
  }

  static void send(HttpExchange exchange, int status, String contentType, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", contentType);
    exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
    if (bytes.length > 0) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    }
  }

  /** Headers at once, then a body that never ends, until the client hangs up. */
  void endless(String path) {
    on(path, exchange -> {
      exchange.getResponseHeaders().set("Content-Type", "application/json");
      exchange.sendResponseHeaders(200, 0);
      byte[] chunk = new byte[64 * 1024];
      java.util.Arrays.fill(chunk, (byte) ' ');
      chunk[0] = '{';
      try (OutputStream out = exchange.getResponseBody()) {
        while (endlessBytesWritten.get() < 512L * 1024 * 1024) {
          out.write(chunk);
          out.flush();
          endlessBytesWritten.addAndGet(chunk.length);
          chunk[0] = ' ';
        }
      }
    });
  }

  void redirect(String path, int status, String location) {
    on(path, exchange -> {
      exchange.getResponseHeaders().set("Location", location);
      exchange.sendResponseHeaders(status, -1);
    });
  }

  @Override
  public void close() {
    server.stop(0);
    handlers.shutdownNow();
  }
}
