package io.smartoperator.runtime;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;

/**
 * A Kubernetes API server for dev mode: fabric8's CRUD mock on 127.0.0.1 over plain HTTP, with the
 * discovery kubectl needs, the smart-operator CRDs installed and the namespaces {@code kube-system}
 * and {@code default} created. Objects live in memory and are gone when it stops. No schema, no
 * server-side apply, no garbage collection: see {@link UnsupportedRequests}.
 */
public final class EmbeddedApiServer implements AutoCloseable {
  static final List<String> CRD_RESOURCES = List.of(
      "META-INF/fabric8/smartapps.smart-operator.io-v1.yml",
      "META-INF/fabric8/gateways.smart-operator.io-v1.yml");
  /** Name of the cluster, context and user in the kubeconfig; marks a kubeconfig as dev mode's own. */
  public static final String KUBECONFIG_NAME = "smart-operator-dev";

  // The mock logs every request at INFO through java.util.logging; a held reference keeps the level.
  private static final java.util.logging.Logger MOCK_WEB_SERVER_LOG =
      java.util.logging.Logger.getLogger(MockWebServer.class.getName());
  private static final int RECORDED_REQUESTS_KEPT = 256;

  private final KubernetesMockServer server;
  private final DevApiDispatcher dispatcher;
  private final KubernetesClient client;

  private EmbeddedApiServer(KubernetesMockServer server, DevApiDispatcher dispatcher, KubernetesClient client) {
    this.server = server;
    this.dispatcher = dispatcher;
    this.client = client;
  }

  /**
   * Starts the server on 127.0.0.1 and {@code port} (0: a free port), installs the CRDs from the
   * classpath and creates the namespaces {@code kube-system} and {@code default}.
   */
  public static EmbeddedApiServer start(int port) {
    MOCK_WEB_SERVER_LOG.setLevel(Level.WARNING);
    MockWebServer webServer = new MockWebServer();
    AtomicInteger requests = new AtomicInteger();
    // MockWebServer keeps every request for takeRequest(); a dev session would grow without bound.
    Runnable forgetOldRequests = () -> {
      if (requests.incrementAndGet() % RECORDED_REQUESTS_KEPT == 0) {
        webServer.reset();
      }
    };
    DevApiDispatcher dispatcher = new DevApiDispatcher(new KubernetesCrudDispatcher(), forgetOldRequests);
    KubernetesMockServer server = new KubernetesMockServer(
        new Context(Serialization.jsonMapper()), webServer, new HashMap<>(), dispatcher, false);
    try {
      server.start(InetAddress.getLoopbackAddress(), port);
    } catch (IllegalStateException e) {
      try {
        server.shutdown();
      } catch (RuntimeException ignored) {
        // the listen failed; closing Vert.x is all that is left to do
      }
      throw new IllegalStateException("cannot listen on 127.0.0.1:" + port
          + (e.getCause() == null ? "" : " (" + e.getCause().getMessage() + ")")
          + "; choose another --port, or 0 for a free one", e);
    }
    KubernetesClient client = null;
    try {
      client = newClient("http://127.0.0.1:" + server.getPort());
      installCrds(client);
      for (String namespace : List.of("kube-system", "default")) {
        client.namespaces().resource(new NamespaceBuilder()
            .withNewMetadata().withName(namespace).endMetadata()
            .withNewStatus().withPhase("Active").endStatus()
            .build()).create();
      }
      return new EmbeddedApiServer(server, dispatcher, client);
    } catch (RuntimeException e) {
      if (client != null) {
        client.close();
      }
      server.shutdown();
      throw e;
    }
  }

  private static KubernetesClient newClient(String url) {
    // Config.empty(): never read ~/.kube/config or the environment, so nothing reaches a real cluster.
    Config config = new ConfigBuilder(Config.empty())
        .withMasterUrl(url)
        .withNamespace("default")
        .withHttp2Disable(true)
        .withRequestRetryBackoffLimit(0)
        .build();
    return new KubernetesClientBuilder().withConfig(config).build();
  }

  private static void installCrds(KubernetesClient client) {
    ClassLoader loader = EmbeddedApiServer.class.getClassLoader();
    for (String resource : CRD_RESOURCES) {
      try (InputStream in = loader.getResourceAsStream(resource)) {
        if (in == null) {
          throw new IllegalStateException("CRD " + resource + " is not on the classpath; build with mvn package");
        }
        CustomResourceDefinition crd = Serialization.unmarshal(in, CustomResourceDefinition.class);
        client.apiextensions().v1().customResourceDefinitions().resource(crd).create();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  public int port() {
    return server.getPort();
  }

  /** The server's URL, {@code http://127.0.0.1:<port>}. */
  public String url() {
    return "http://127.0.0.1:" + port();
  }

  /** A client of this server, shared; closed with the server. */
  public KubernetesClient client() {
    return client;
  }

  /** A new client of this server; the caller closes it. */
  public KubernetesClient newClient() {
    return newClient(url());
  }

  ApiDiscovery discovery() {
    return dispatcher.discovery();
  }

  /** A kubeconfig whose current context points kubectl at this server. */
  public String kubeconfig() {
    return """
        apiVersion: v1
        kind: Config
        clusters:
        - name: %1$s
          cluster:
            server: %2$s
        contexts:
        - name: %1$s
          context:
            cluster: %1$s
            user: %1$s
            namespace: default
        current-context: %1$s
        users:
        - name: %1$s
          user: {}
        preferences: {}
        """.formatted(KUBECONFIG_NAME, url());
  }

  /**
   * Writes {@link #kubeconfig()} to {@code path}. Refuses to overwrite a file that is not a dev
   * mode kubeconfig, so that a mistyped {@code --kubeconfig ~/.kube/config} loses nothing.
   */
  public void writeKubeconfig(Path path) throws IOException {
    if (Files.exists(path) && Files.size(path) > 0
        && !Files.readString(path, StandardCharsets.UTF_8).contains("name: " + KUBECONFIG_NAME)) {
      throw new IOException(path + " exists and is not a smart-operator dev kubeconfig; "
          + "refusing to overwrite it. Choose another --kubeconfig path.");
    }
    Path parent = path.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    Files.writeString(path, kubeconfig(), StandardCharsets.UTF_8);
  }

  @Override
  public void close() {
    try {
      client.close();
    } finally {
      server.shutdown();
    }
  }
}
