package io.smartoperator.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.micrometer.core.instrument.search.Search;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.smartoperator.health.HealthState.Status;
import io.smartoperator.health.Target.Kind;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The prober against real HTTP servers on 127.0.0.1. Timeouts here are guards, not assertions. */
class HealthProberTest {
  private static final Duration GUARD = Duration.ofSeconds(20);

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final Map<String, List<HealthState>> transitions = new ConcurrentHashMap<>();
  private final List<ProbeResult> results = new CopyOnWriteArrayList<>();
  private final List<AutoCloseable> closing = new ArrayList<>();
  private final CountDownLatch release = new CountDownLatch(1);

  @AfterEach
  void close() throws Exception {
    release.countDown();
    for (AutoCloseable c : closing) {
      c.close();
    }
  }

  private HealthProber.Builder builder() {
    return HealthProber.builder(registry)
        .listener((target, state) -> transitions.computeIfAbsent(target.key(), k -> new CopyOnWriteArrayList<>()).add(state))
        .observer((target, result, lateness, duration) -> results.add(result));
  }

  private HealthProber prober(HealthProber.Builder builder) {
    HealthProber prober = builder.build();
    closing.add(0, prober);
    return prober;
  }

  private HealthProber prober() {
    return prober(builder());
  }

  private LocalServer server() throws IOException {
    LocalServer server = LocalServer.start();
    closing.add(server);
    return server;
  }

  private static Target app(String name, URI uri, long periodMillis, long timeoutMillis, int threshold) {
    return new Target(Kind.APP, "ns", name, uri, Duration.ofMillis(periodMillis), Duration.ofMillis(timeoutMillis), threshold);
  }

  private List<Status> statuses(String key) {
    return transitions.getOrDefault(key, List.of()).stream().map(HealthState::status).toList();
  }

  private HealthState awaitStatus(HealthProber prober, String key, Status status) {
    await().atMost(GUARD).until(() -> prober.current(key).map(HealthState::status).orElse(null) == status);
    return prober.current(key).orElseThrow();
  }

  @Test
  void upThenDownThenUpWithTheThreshold() throws Exception {
    LocalServer server = server();
    HealthProber prober = prober();
    Target target = app("growth", server.uri("/healthz"), 50, 1000, 3);
    prober.monitor(target);
    assertThat(prober.current(target.key())).get().extracting(HealthState::status).isEqualTo(Status.UNKNOWN);

    awaitStatus(prober, target.key(), Status.HEALTHY);
    server.status.set(503);
    HealthState down = awaitStatus(prober, target.key(), Status.UNHEALTHY);
    assertThat(down.reason()).isEqualTo("Unhealthy");
    assertThat(down.message()).isEqualTo("HTTP 503");
    assertThat(down.statusCode()).isEqualTo(503);
    assertThat(down.consecutiveFailures()).isEqualTo(3);
    assertThat(down.conditionStatus()).isEqualTo("False");

    server.status.set(200);
    HealthState up = awaitStatus(prober, target.key(), Status.HEALTHY);
    assertThat(up.statusCode()).isEqualTo(200);
    assertThat(up.consecutiveFailures()).isZero();
    assertThat(up.since()).isAfter(down.since());
    await().atMost(GUARD).until(() -> statuses(target.key()).size() == 3);
    assertThat(statuses(target.key())).containsExactly(Status.HEALTHY, Status.UNHEALTHY, Status.HEALTHY);
  }

  @Test
  void failuresBelowTheThresholdAreNoTransition() throws Exception {
    LocalServer server = server();
    HealthProber prober = prober();
    Target target = app("growth", server.uri("/healthz"), 30, 1000, 3);
    prober.monitor(target);
    awaitStatus(prober, target.key(), Status.HEALTHY);

    server.failNext.set(2);
    await().atMost(GUARD).until(() -> server.failNext.get() == 0);
    int after = server.requests();
    await().atMost(GUARD).until(() -> server.requests() >= after + 5);

    assertThat(results).extracting(ProbeResult::statusCode).contains(503);
    assertThat(statuses(target.key())).containsExactly(Status.HEALTHY);
    assertThat(prober.current(target.key()).orElseThrow().status()).isEqualTo(Status.HEALTHY);
  }

  @Test
  void aSteadyTargetCallsTheListenerOnceNotOncePerProbe() throws Exception {
    LocalServer server = server();
    HealthProber prober = prober();
    Target target = app("growth", server.uri("/healthz"), 20, 1000, 1);
    prober.monitor(target);

    await().atMost(GUARD).until(() -> server.requests() >= 25);

    assertThat(statuses(target.key())).containsExactly(Status.HEALTHY);
    assertThat(registry.get(HealthMetrics.TRANSITIONS).tags("kind", "app", "status", "healthy").counter().count())
        .isEqualTo(1.0);
  }

  @Test
  void aSlowServerTimesOutAndIsUnreachable() throws Exception {
    LocalServer server = server().handle("/slow", exchange -> awaitRelease());
    HealthProber prober = prober();
    Target target = app("slow", server.uri("/slow"), 300, 200, 2);
    prober.monitor(target);

    HealthState state = awaitStatus(prober, target.key(), Status.UNREACHABLE);

    assertThat(state.reason()).isEqualTo("Unreachable");
    assertThat(state.message()).isEqualTo("timed out after 200ms");
    assertThat(state.statusCode()).isNull();
    assertThat(state.consecutiveFailures()).isEqualTo(2);
  }

  @Test
  void aBodyThatStallsAfterTheHeadersTimesOutWithItsStatus() throws Exception {
    LocalServer server = server().handle("/stall", exchange -> {
      exchange.sendResponseHeaders(200, 0);
      exchange.getResponseBody().write("partial".getBytes());
      exchange.getResponseBody().flush();
      awaitRelease();
    });
    HealthProber prober = prober();
    Target target = app("stall", server.uri("/stall"), 400, 300, 1);
    prober.monitor(target);

    HealthState state = awaitStatus(prober, target.key(), Status.UNREACHABLE);

    assertThat(state.message()).isEqualTo("timed out after 300ms reading the body of HTTP 200");
  }

  @Test
  void aClosedPortIsConnectionRefused() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort();
    }
    HealthProber prober = prober();
    Target target = app("closed", URI.create("http://127.0.0.1:" + port + "/healthz"), 100, 1000, 1);
    prober.monitor(target);

    HealthState state = awaitStatus(prober, target.key(), Status.UNREACHABLE);

    assertThat(state.message()).isEqualTo("connection refused");
    assertThat(results).extracting(ProbeResult::outcome).contains(ProbeOutcome.REFUSED);
  }

  @Test
  void aServerThatSpeaksNoTlsIsATlsFailure() throws Exception {
    ServerSocket plain = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    closing.add(plain);
    Thread answering = new Thread(() -> {
      while (!plain.isClosed()) {
        try (Socket socket = plain.accept()) {
          socket.getOutputStream().write("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
          socket.getOutputStream().flush();
          // Hold the connection until the client gives up on the handshake: closing first would
          // make it a connection reset, not a TLS failure, depending on timing.
          socket.setSoTimeout(10_000);
          while (socket.getInputStream().read() >= 0) {
            // discard the ClientHello and whatever follows
          }
        } catch (IOException e) {
          return;
        }
      }
    });
    answering.setDaemon(true);
    answering.start();
    HealthProber prober = prober();
    Target target = app("tls", URI.create("https://127.0.0.1:" + plain.getLocalPort() + "/healthz"), 200, 2000, 1);
    prober.monitor(target);

    HealthState state = awaitStatus(prober, target.key(), Status.UNREACHABLE);

    assertThat(state.message()).as("the verdict's message").startsWith("TLS: ");
  }

  @Test
  void aNameThatDoesNotResolveIsADnsFailure() {
    HealthProber prober = prober(builder().resolver(host -> {
      throw new UnknownHostException(host + ": Name or service not known");
    }));
    Target target = app("nowhere", URI.create("http://nowhere.test:8080/healthz"), 100, 1000, 1);
    prober.monitor(target);

    HealthState state = awaitStatus(prober, target.key(), Status.UNREACHABLE);

    assertThat(state.message()).isEqualTo("DNS: no such host nowhere.test");
  }

  @Test
  void aLinkLocalIpIsDeniedByPolicy() {
    HealthProber prober = prober();
    Target target = app("metadata", URI.create("http://169.254.169.254/latest/meta-data/"), 100, 1000, 1);
    prober.monitor(target);

    HealthState state = awaitStatus(prober, target.key(), Status.UNREACHABLE);

    assertThat(state.message()).isEqualTo("denied by policy: 169.254.169.254 is link-local");
    assertThat(results).extracting(ProbeResult::outcome).containsOnly(ProbeOutcome.DENIED);
  }

  @Test
  void aNameThatResolvesToALinkLocalAddressIsDeniedByPolicy() throws Exception {
    InetAddress metadata = InetAddress.getByName("169.254.169.254");
    HealthProber prober = prober(builder().resolver(host -> List.of(metadata)));
    Target target = app("sneaky", URI.create("http://metadata.test/latest/meta-data/"), 100, 1000, 1);
    prober.monitor(target);

    HealthState state = awaitStatus(prober, target.key(), Status.UNREACHABLE);

    assertThat(state.message())
        .isEqualTo("denied by policy: metadata.test resolves to 169.254.169.254, which is link-local");
  }

  @Test
  void aNameWithOneDeniedAddressAmongAllowedOnesIsDeniedAndNothingConnects() throws Exception {
    LocalServer server = server();
    List<InetAddress> mixed = List.of(InetAddress.getLoopbackAddress(), InetAddress.getByName("169.254.169.254"));
    HealthProber prober = prober(builder().resolver(host -> mixed));
    Target target = app("mixed", URI.create("http://mixed.test:" + server.port() + "/healthz"), 30, 1000, 1);
    prober.monitor(target);

    awaitStatus(prober, target.key(), Status.UNREACHABLE);
    await().atMost(GUARD).until(() -> results.size() >= 5);

    assertThat(prober.current(target.key()).orElseThrow().message()).startsWith("denied by policy: mixed.test resolves to 169.254.169.254");
    assertThat(server.requests()).isZero();
  }

  @Test
  void aConfiguredRangeIsDeniedAndNothingConnects() throws Exception {
    LocalServer server = server();
    HealthProber prober = prober(builder().policy(ProbeTargetPolicy.defaults().denying(List.of("127.0.0.0/8"))));
    Target target = app("local", server.uri("/healthz"), 30, 1000, 1);
    prober.monitor(target);

    HealthState state = awaitStatus(prober, target.key(), Status.UNREACHABLE);
    await().atMost(GUARD).until(() -> results.size() >= 5);

    assertThat(state.message()).isEqualTo("denied by policy: 127.0.0.1 is in the denied range 127.0.0.0/8");
    assertThat(server.requests()).isZero();
  }

  @Test
  void plainHttpGoesToTheCheckedAddressWithTheOriginalHost() throws Exception {
    assumeTrue(HealthProber.pinsPlainHttp(),
        "java.net.http was used in this JVM before jdk.httpclient.allowRestrictedHeaders=host was set");
    LocalServer server = server();
    AtomicInteger lookups = new AtomicInteger();
    // app.test exists only here: a probe that reached the server connected to the address we gave
    HealthProber prober = prober(builder().resolver(host -> {
      lookups.incrementAndGet();
      if (!host.equals("app.test")) {
        throw new UnknownHostException(host);
      }
      return List.of(InetAddress.getLoopbackAddress());
    }));
    Target target = app("pinned", URI.create("http://app.test:" + server.port() + "/healthz?probe=1"), 100, 1000, 1);
    prober.monitor(target);

    awaitStatus(prober, target.key(), Status.HEALTHY);

    assertThat(server.hosts).first().isEqualTo("app.test:" + server.port());
    assertThat(server.requestUris).first().hasToString("/healthz?probe=1");
    assertThat(lookups.get()).isPositive();
  }

  @Test
  void aRedirectIsHealthyAndNotFollowed() throws Exception {
    AtomicInteger followed = new AtomicInteger();
    LocalServer server = server()
        .handle("/moved", exchange -> {
          exchange.getResponseHeaders().add("Location", "/elsewhere");
          exchange.sendResponseHeaders(302, -1);
        })
        .handle("/elsewhere", exchange -> {
          followed.incrementAndGet();
          exchange.sendResponseHeaders(500, -1);
        });
    HealthProber prober = prober();
    Target target = app("moved", server.uri("/moved"), 30, 1000, 1);
    prober.monitor(target);

    HealthState state = awaitStatus(prober, target.key(), Status.HEALTHY);
    await().atMost(GUARD).until(() -> results.size() >= 5);

    assertThat(state.statusCode()).isEqualTo(302);
    assertThat(state.message()).isEqualTo("HTTP 302");
    assertThat(followed.get()).isZero();
  }

  @Test
  void anEndlessBodyIsReadOnlyUpToTheCap() throws Exception {
    AtomicLong mostWritten = new AtomicLong();
    AtomicInteger hungUp = new AtomicInteger();
    byte[] chunk = new byte[16 * 1024];
    LocalServer server = server().handle("/endless", exchange -> {
      exchange.sendResponseHeaders(200, 0);
      OutputStream body = exchange.getResponseBody();
      long written = 0;
      try {
        while (written < (1L << 30)) {
          body.write(chunk);
          written += chunk.length;
        }
      } catch (IOException e) {
        hungUp.incrementAndGet();
      } finally {
        mostWritten.accumulateAndGet(written, Math::max);
      }
    });
    HealthProber prober = prober(builder().bodyCap(4096));
    // reading it all would take longer than the timeout and make the target Unreachable
    Target target = app("endless", server.uri("/endless"), 2000, 1500, 1);
    prober.monitor(target);

    HealthState state = awaitStatus(prober, target.key(), Status.HEALTHY);
    await().atMost(GUARD).until(() -> hungUp.get() >= 1);

    assertThat(state.message()).isEqualTo("HTTP 200");
    assertThat(results).isNotEmpty().allSatisfy(result ->
        assertThat(result.bodyBytes()).isBetween(4096L, 4096L + 64 * 1024));
    // socket buffers take a few MiB at most; reading everything would have taken a GiB
    assertThat(mostWritten.get()).isLessThan(64L << 20);
  }

  @Test
  void aThousandTargetsNeverHaveMoreInFlightThanTheBound() throws Exception {
    LocalServer server = LocalServer.start(64);
    closing.add(server);
    server.delayMillis = 20;
    HealthProber prober = prober(builder().maxInFlight(16));
    // 2,000 probes a second wanted, 16 x 50 a second possible: the bound is what holds it back
    List<String> keys = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      Target target = app("app-" + i, server.uri("/t/" + i), 500, 5000, 3);
      prober.monitor(target);
      keys.add(target.key());
    }

    await().atMost(GUARD).until(() -> keys.stream()
        .allMatch(k -> prober.current(k).map(HealthState::status).orElse(null) == Status.HEALTHY));

    assertThat(server.maxInFlight()).isLessThanOrEqualTo(16).isGreaterThan(1);
    assertThat(prober.monitored()).hasSize(1000);
  }

  @Test
  void stopEndsTheProbesAndRemovesTheGauge() throws Exception {
    LocalServer server = server();
    HealthProber prober = prober();
    Target target = app("growth", server.uri("/healthz"), 30, 1000, 1);
    prober.monitor(target);
    awaitStatus(prober, target.key(), Status.HEALTHY);
    assertThat(appGauge("growth").gauge()).isNotNull();

    prober.stop(target.key());

    assertThat(prober.monitored()).isEmpty();
    assertThat(prober.current(target.key())).isEmpty();
    assertThat(appGauge("growth").gauge()).isNull();
    Thread.sleep(200); // a probe in flight at stop() may still land
    int settled = server.requests();
    await().during(Duration.ofMillis(500)).atMost(GUARD).until(() -> server.requests() == settled);
    assertThat(statuses(target.key())).containsExactly(Status.HEALTHY);
  }

  @Test
  void closeEndsTheThreadsTheProbesAndTheGauges() throws Exception {
    LocalServer server = server();
    HealthProber prober = prober();
    for (int i = 0; i < 5; i++) {
      prober.monitor(app("app-" + i, server.uri("/t/" + i), 30, 1000, 1));
    }
    await().atMost(GUARD).until(() -> prober.monitored().stream()
        .allMatch(k -> prober.current(k).orElseThrow().status() == Status.HEALTHY));
    assertThat(proberThreads()).isNotEmpty();
    assertThat(Search.in(registry).name(HealthMetrics.APP_HEALTHY).gauges()).hasSize(5);

    prober.close();

    await().atMost(GUARD).until(() -> proberThreads().isEmpty());
    assertThat(Search.in(registry).name(HealthMetrics.APP_HEALTHY).gauges()).isEmpty();
    assertThat(prober.monitored()).isEmpty();
    int settled = server.requests();
    await().during(Duration.ofMillis(300)).atMost(GUARD).until(() -> server.requests() == settled);
    assertThatThrownBy(() -> prober.monitor(app("late", server.uri("/"), 30, 1000, 1)))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void aClosedProberLeavesNoHttpClientThreadBehind() throws Exception {
    LocalServer server = server();
    Set<Thread> before = Thread.getAllStackTraces().keySet();
    HealthProber prober = builder().build();
    prober.monitor(app("growth", server.uri("/healthz"), 30, 1000, 1));
    awaitStatus(prober, "app/ns/growth", Status.HEALTHY);
    List<Thread> selectors = Thread.getAllStackTraces().keySet().stream()
        .filter(t -> !before.contains(t) && t.getName().endsWith("SelectorManager"))
        .toList();
    assertThat(selectors).hasSize(1);

    prober.close();
    prober = null;

    // Java 21 closes the client; on 17 its selector thread ends once the client is garbage
    await().atMost(GUARD).pollInterval(Duration.ofMillis(200)).until(() -> {
      System.gc();
      return !selectors.get(0).isAlive();
    });
  }

  @Test
  void monitoringAgainChangesOnlyWhatChanged() throws Exception {
    LocalServer up = server();
    LocalServer down = server();
    down.status.set(500);
    HealthProber prober = prober();
    Target target = app("growth", up.uri("/healthz"), 30, 1000, 2);
    prober.monitor(target);
    HealthState healthy = awaitStatus(prober, target.key(), Status.HEALTHY);

    prober.monitor(target);
    prober.monitor(app("growth", up.uri("/healthz"), 40, 800, 3));
    assertThat(prober.current(target.key())).contains(healthy);
    assertThat(appGauge("growth").gauge().value()).isEqualTo(1.0);

    prober.monitor(app("growth", down.uri("/healthz"), 30, 1000, 2));
    assertThat(prober.current(target.key()).orElseThrow().status()).isEqualTo(Status.UNKNOWN);
    assertThat(appGauge("growth").gauge()).isNull();

    HealthState unhealthy = awaitStatus(prober, target.key(), Status.UNHEALTHY);
    assertThat(unhealthy.statusCode()).isEqualTo(500);
    assertThat(appGauge("growth").gauge().value()).isEqualTo(0.0);
    assertThat(statuses(target.key())).containsExactly(Status.HEALTHY, Status.UNHEALTHY);
    Thread.sleep(200);
    int settled = up.requests();
    await().during(Duration.ofMillis(300)).atMost(GUARD).until(() -> up.requests() == settled);
  }

  private Search appGauge(String app) {
    return Search.in(registry).name(HealthMetrics.APP_HEALTHY).tags("namespace", "ns", "app", app);
  }

  private static List<String> proberThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(Thread::isAlive)
        .map(Thread::getName)
        .filter(name -> name.startsWith("health-"))
        .toList();
  }

  private void awaitRelease() {
    try {
      release.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
