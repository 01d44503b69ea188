package io.smartoperator.bench;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;

/**
 * fabric8's CRUD mock API server with the smart-operator CRDs installed and every request counted.
 * Clients are told apart by their User-Agent ({@link #client(String, String)}).
 */
final class BenchApiServer implements AutoCloseable {
  /**
   * MockWebServer logs every request at INFO through java.util.logging; that would charge the
   * server a formatted log line per request. Held here so that the level setting is not collected.
   */
  private static final java.util.logging.Logger MOCK_LOG = java.util.logging.Logger.getLogger(MockWebServer.class.getName());

  static {
    MOCK_LOG.setLevel(java.util.logging.Level.WARNING);
  }

  private final KubernetesMockServer server;
  private final CountingDispatcher dispatcher;
  private final Thread drain;

  private BenchApiServer(Path requestLog) {
    dispatcher = new CountingDispatcher(requestLog);
    server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(), dispatcher, false);
    server.init();
    // MockWebServer also keeps every request in a queue of its own; empty it so that memory stays flat.
    drain = new Thread(() -> {
      try {
        while (!Thread.currentThread().isInterrupted()) {
          server.takeRequest();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "bench-drain-recorded-requests");
    drain.setDaemon(true);
    drain.start();
  }

  /** Starts a server and installs the CRDs with a client tagged "setup". */
  static BenchApiServer start(Path requestLog) {
    BenchApiServer s = new BenchApiServer(requestLog);
    try (KubernetesClient setup = s.client("setup")) {
      for (String crd : List.of("smartapps.smart-operator.io-v1.yml", "gateways.smart-operator.io-v1.yml")) {
        try (InputStream in = BenchApiServer.class.getResourceAsStream("/META-INF/fabric8/" + crd)) {
          setup.apiextensions().v1().customResourceDefinitions()
              .resource(setup.getKubernetesSerialization().unmarshal(in, CustomResourceDefinition.class))
              .create();
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
    }
    return s;
  }

  String url() {
    return server.url("/");
  }

  /** A client whose requests the server counts under {@code name}. */
  KubernetesClient client(String name) {
    return new KubernetesClientBuilder().withConfig(clientConfig(url(), name)).build();
  }

  /** The configuration of a client for a server at {@code url}, tagged {@code name} (also used by a forked operator). */
  static Config clientConfig(String url, String name) {
    return new ConfigBuilder(Config.empty())
        .withMasterUrl(url)
        .withTrustCerts(true)
        .withHttp2Disable(true)
        .withNamespace("default")
        .withUserAgent(CountingDispatcher.AGENT_PREFIX + name)
        .build();
  }

  RequestCounts.Snapshot counts() {
    return dispatcher.counts().snapshot();
  }

  CountingDispatcher dispatcher() {
    return dispatcher;
  }

  /** CPU time of the server's Vert.x threads, which serve every request (nothing else here uses Vert.x). */
  static long serverCpuNanos() {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    long sum = 0;
    for (var info : threads.getThreadInfo(threads.getAllThreadIds())) {
      if (info != null && info.getThreadName().startsWith("vert.x-")) {
        long t = threads.getThreadCpuTime(info.getThreadId());
        if (t > 0) {
          sum += t;
        }
      }
    }
    return sum;
  }

  @Override
  public void close() {
    drain.interrupt();
    server.destroy();
    dispatcher.closeLog();
  }
}
