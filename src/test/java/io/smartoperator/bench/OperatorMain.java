package io.smartoperator.bench;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.smartoperator.runtime.OperatorConfig;
import io.smartoperator.runtime.SmartOperator;
import java.time.Duration;
import java.util.Map;

/**
 * The operator's JVM in a benchmark run ({@link ForkedOperator} starts it): nothing but the
 * operator and the command loop (start, probe, measure, stop). Logs go to stderr.
 *
 * <p>Arguments: the API server URL, the resync period in seconds, the reconcile threads.
 */
public final class OperatorMain extends ChildMain {
  private final KubernetesClient client;
  private final OperatorConfig config;
  private SmartOperator operator;

  private OperatorMain(String url, OperatorConfig config) {
    this.client = new KubernetesClientBuilder().withConfig(BenchApiServer.clientConfig(url, "operator")).build();
    this.config = config;
  }

  public static void main(String[] args) throws Exception {
    OperatorConfig defaults = OperatorConfig.defaults();
    OperatorConfig config = new OperatorConfig(defaults.watchNamespaces(), AppMix.PLATFORM_ID,
        Integer.parseInt(args[2]), Duration.ofSeconds(Long.parseLong(args[1])));
    OperatorMain main = new OperatorMain(args[0], config);
    answer("ready", OperatorProbe.take(null, true));
    main.serve();
    System.exit(0);
  }

  @Override
  boolean handle(String command) {
    switch (command) {
      case "start" -> {
        long at = System.currentTimeMillis();
        long cpu = OperatorProbe.currentProcessCpuNanos();
        operator = SmartOperator.start(client, config);
        answer("started", new OperatorUnderTest.Started(at, cpu, System.currentTimeMillis()));
      }
      case "probe" -> answer("probe", OperatorProbe.take(operator == null ? null : operator.operator(), false));
      case "measure" -> answer("measure", OperatorProbe.take(operator == null ? null : operator.operator(), true));
      case "stop" -> {
        if (operator != null) {
          operator.close();
        }
        client.close();
        answer("stopped", Map.of());
        return false;
      }
      default -> unknown(command);
    }
    return true;
  }
}
