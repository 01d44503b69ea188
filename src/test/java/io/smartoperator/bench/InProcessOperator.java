package io.smartoperator.bench;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.smartoperator.runtime.OperatorConfig;
import io.smartoperator.runtime.SmartOperator;

/**
 * The operator in the benchmark's own JVM, beside the API server: good for correctness (the smoke
 * test), not for heap or CPU figures, which are then the sum of both.
 */
final class InProcessOperator implements OperatorUnderTest {
  private final KubernetesClient client;
  private final OperatorConfig config;
  private SmartOperator operator;

  InProcessOperator(String serverUrl, OperatorConfig config) {
    this.client = new KubernetesClientBuilder().withConfig(BenchApiServer.clientConfig(serverUrl, "operator")).build();
    this.config = config;
  }

  @Override
  public OperatorProbe baseline() {
    return OperatorProbe.take(null, false);
  }

  @Override
  public Started start() {
    long at = System.currentTimeMillis();
    long cpu = OperatorProbe.currentProcessCpuNanos();
    operator = SmartOperator.start(client, config);
    return new Started(at, cpu, System.currentTimeMillis());
  }

  @Override
  public OperatorProbe probe(boolean fullGc) {
    // No GC: this JVM's heap is the server's and the operator's together, so it is not reported.
    return OperatorProbe.take(operator == null ? null : operator.operator(), false);
  }

  @Override
  public boolean isolated() {
    return false;
  }

  @Override
  public void close() {
    if (operator != null) {
      operator.close();
    }
    client.close();
  }
}
