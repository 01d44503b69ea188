package io.smartoperator.runtime;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running dev mode: the embedded API server, its kubeconfig, the operator on it and the
 * manifests applied. {@code smart-operator dev} runs one; tests start one in-process.
 */
public final class DevMode implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(DevMode.class);

  /**
   * How to start dev mode.
   *
   * @param port the API server's port on 127.0.0.1; 0 picks a free one
   * @param kubeconfig where to write the kubeconfig; null writes a temporary file, deleted on close
   * @param applyDirectory YAML files to apply after start; null applies nothing
   * @param operatorConfig the operator's configuration
   */
  public record Options(int port, Path kubeconfig, Path applyDirectory, OperatorConfig operatorConfig) {
    public static Options defaults() {
      return new Options(0, null, null, OperatorConfig.defaults());
    }

    public Options withPort(int port) {
      return new Options(port, kubeconfig, applyDirectory, operatorConfig);
    }

    public Options withKubeconfig(Path path) {
      return new Options(port, path, applyDirectory, operatorConfig);
    }

    public Options withApplyDirectory(Path directory) {
      return new Options(port, kubeconfig, directory, operatorConfig);
    }

    public Options withOperatorConfig(OperatorConfig config) {
      return new Options(port, kubeconfig, applyDirectory, config);
    }
  }

  private final EmbeddedApiServer server;
  private final Path kubeconfigPath;
  private final boolean kubeconfigIsTemporary;
  private final SmartOperator operator;
  private final ManifestDirectory.Result applied;

  private DevMode(EmbeddedApiServer server, Path kubeconfigPath, boolean kubeconfigIsTemporary,
      SmartOperator operator, ManifestDirectory.Result applied) {
    this.server = server;
    this.kubeconfigPath = kubeconfigPath;
    this.kubeconfigIsTemporary = kubeconfigIsTemporary;
    this.operator = operator;
    this.applied = applied;
  }

  /**
   * Starts the API server, writes the kubeconfig, starts the operator, then applies the
   * directory's manifests. On failure everything started so far is stopped again.
   */
  public static DevMode start(Options options) throws IOException {
    if (options.applyDirectory() != null && !Files.isDirectory(options.applyDirectory())) {
      throw new IOException("--apply " + options.applyDirectory() + " is not a directory");
    }
    EmbeddedApiServer server = EmbeddedApiServer.start(options.port());
    Path kubeconfig = null;
    boolean temporary = options.kubeconfig() == null;
    SmartOperator operator = null;
    try {
      kubeconfig = temporary
          ? Files.createTempFile("smart-operator-dev-", ".kubeconfig")
          : options.kubeconfig().toAbsolutePath();
      server.writeKubeconfig(kubeconfig);
      operator = SmartOperator.start(server.client(), options.operatorConfig());
      ManifestDirectory.Result applied = options.applyDirectory() == null
          ? new ManifestDirectory.Result(List.of(), List.of())
          : ManifestDirectory.apply(server.client(), server.discovery(), options.applyDirectory());
      return new DevMode(server, kubeconfig, temporary, operator, applied);
    } catch (IOException | RuntimeException e) {
      if (operator != null) {
        operator.close();
      }
      server.close();
      if (temporary && kubeconfig != null) {
        Files.deleteIfExists(kubeconfig);
      }
      throw e;
    }
  }

  public Path kubeconfigPath() {
    return kubeconfigPath;
  }

  public int port() {
    return server.port();
  }

  /** The API server's URL, {@code http://127.0.0.1:<port>}. */
  public String url() {
    return server.url();
  }

  /** A client of the embedded API server, the one the operator uses; closed with dev mode. */
  public KubernetesClient client() {
    return server.client();
  }

  public SmartOperator operator() {
    return operator;
  }

  /** The objects applied at start, as "file: Kind namespace/name". */
  public List<String> applied() {
    return applied.applied();
  }

  /** The objects of the apply directory that dev mode does not serve, with why. */
  public List<String> skipped() {
    return applied.skipped();
  }

  /** The conditions table of every SmartApp and Gateway, as dev mode prints it. */
  public String statusTable() {
    return StatusTable.snapshot(server.client());
  }

  /** Stops the operator, then the API server; deletes a temporary kubeconfig. */
  @Override
  public void close() {
    try {
      operator.close();
    } catch (RuntimeException e) {
      log.warn("stopping the operator failed", e);
    }
    server.close();
    if (kubeconfigIsTemporary) {
      try {
        Files.deleteIfExists(kubeconfigPath);
      } catch (IOException e) {
        log.warn("could not delete {}: {}", kubeconfigPath, e.getMessage());
      }
    }
  }
}
