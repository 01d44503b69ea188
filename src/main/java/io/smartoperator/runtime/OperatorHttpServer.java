package io.smartoperator.runtime;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operator's one HTTP port: {@code /metrics} (Prometheus text), {@code /healthz} (liveness)
 * and {@code /readyz} (readiness). It starts before the operator so that probes answer while the
 * informers sync; {@link #serve} hands it the started operator.
 */
public final class OperatorHttpServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(OperatorHttpServer.class);
  public static final int DEFAULT_PORT = 8080;
  static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

  private final HttpServer server;
  private final ExecutorService executor;
  private final PrometheusMeterRegistry registry;
  private volatile SmartOperator operator;
  private volatile ResourceMeters meters;

  private OperatorHttpServer(HttpServer server, ExecutorService executor, PrometheusMeterRegistry registry) {
    this.server = server;
    this.executor = executor;
    this.registry = registry;
  }

  /** Binds every interface on {@code port} (0 picks a free one) and starts answering. */
  public static OperatorHttpServer start(int port, PrometheusMeterRegistry registry) {
    HttpServer server;
    try {
      server = HttpServer.create(new InetSocketAddress(port), 0);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot listen on port " + port + " for /metrics, /healthz, /readyz", e);
    }
    // Two threads: a slow scrape must not hold up the kubelet's probes.
    ExecutorService executor = Executors.newFixedThreadPool(2, r -> {
      Thread t = new Thread(r, "smart-operator-http");
      t.setDaemon(true);
      return t;
    });
    OperatorHttpServer http = new OperatorHttpServer(server, executor, registry);
    server.createContext("/metrics", http::metrics);
    server.createContext("/healthz", http::healthz);
    server.createContext("/readyz", http::readyz);
    server.setExecutor(executor);
    server.start();
    log.info("serving /metrics, /healthz and /readyz on port {}", http.port());
    return http;
  }

  /** From now on readiness and liveness follow this operator, and its resources are counted. */
  public void serve(SmartOperator started, ResourceMeters resourceMeters) {
    this.meters = resourceMeters;
    this.operator = started;
  }

  public int port() {
    return server.getAddress().getPort();
  }

  private void metrics(HttpExchange exchange) throws IOException {
    ResourceMeters m = meters;
    if (m != null) {
      m.refresh();
    }
    respond(exchange, 200, PROMETHEUS_TEXT, registry.scrape());
  }

  /**
   * Alive while starting (an informer sync may take long on a big cluster) and, once started,
   * while every informer watches: one that stopped does not recover without a restart.
   */
  private void healthz(HttpExchange exchange) throws IOException {
    SmartOperator o = operator;
    boolean alive = o == null || o.operator().getRuntimeInfo().allEventSourcesAreHealthy();
    respond(exchange, alive ? 200 : 503, "text/plain; charset=utf-8", alive ? "ok\n" : "informers unhealthy\n");
  }

  /** Ready once the informers have synced, on the leader and on standby replicas alike. */
  private void readyz(HttpExchange exchange) throws IOException {
    SmartOperator o = operator;
    boolean ready = o != null && o.isReady();
    respond(exchange, ready ? 200 : 503, "text/plain; charset=utf-8", ready ? "ok\n" : "not ready\n");
  }

  private static void respond(HttpExchange exchange, int code, String contentType, String body)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", contentType);
    if ("HEAD".equals(exchange.getRequestMethod())) {
      exchange.sendResponseHeaders(code, -1);
      exchange.close();
      return;
    }
    exchange.sendResponseHeaders(code, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  /** Marks the operator gone (readiness fails at once) and stops answering. */
  @Override
  public void close() {
    operator = null;
    server.stop(0);
    executor.shutdownNow();
  }
}
