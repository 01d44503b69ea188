package io.smartoperator.bench;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.util.Map;

/**
 * The floor's JVM: started like the operator's, with the same options, so that both pay the same
 * cold start. Arguments: the API server URL, the threads. Commands: start (answers "done" with
 * seconds and CPU), stop.
 */
public final class FloorMain extends ChildMain {
  private final KubernetesClient client;
  private final int threads;

  private FloorMain(String url, int threads) {
    this.client = new KubernetesClientBuilder().withConfig(BenchApiServer.clientConfig(url, "floor")).build();
    this.threads = threads;
  }

  public static void main(String[] args) throws Exception {
    FloorMain main = new FloorMain(args[0], Integer.parseInt(args[1]));
    answer("ready", Map.of());
    main.serve();
    System.exit(0);
  }

  @Override
  boolean handle(String command) throws Exception {
    switch (command) {
      case "start" -> {
        long cpu = OperatorProbe.currentProcessCpuNanos();
        double seconds = Floor.run(client, threads);
        answer("done", new Floor.Run(seconds, OperatorProbe.currentProcessCpuNanos() - cpu));
      }
      case "stop" -> {
        client.close();
        answer("stopped", Map.of());
        return false;
      }
      default -> unknown(command);
    }
    return true;
  }
}
