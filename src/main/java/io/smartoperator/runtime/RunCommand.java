package io.smartoperator.runtime;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Runs the operator against the cluster of the current kubeconfig, or in-cluster. */
@Command(name = "run", mixinStandardHelpOptions = true,
    description = "Run the operator against a cluster (kubeconfig or in-cluster configuration).")
public final class RunCommand implements Callable<Integer> {

  @Option(names = "--watch-namespaces", defaultValue = "${env:SMART_OPERATOR_WATCH_NAMESPACES:-}",
      description = "Comma-separated namespaces to watch; empty watches all (env SMART_OPERATOR_WATCH_NAMESPACES).")
  String watchNamespaces;

  @Option(names = "--platform-id", defaultValue = "${env:SMART_OPERATOR_PLATFORM_ID:-}",
      description = "Platform identity in generated client ids; default the uid of namespace kube-system "
          + "(env SMART_OPERATOR_PLATFORM_ID).")
  String platformId;

  @Option(names = "--reconcile-threads", defaultValue = "${env:SMART_OPERATOR_RECONCILE_THREADS:-10}",
      description = "Concurrent reconciles (env SMART_OPERATOR_RECONCILE_THREADS).")
  int reconcileThreads;

  @Option(names = "--resync-period", defaultValue = "${env:SMART_OPERATOR_RESYNC_PERIOD:-PT10M}",
      description = "ISO-8601 duration after which every resource is reconciled again (env SMART_OPERATOR_RESYNC_PERIOD).")
  Duration resyncPeriod;

  @Override
  public Integer call() throws InterruptedException {
    OperatorConfig config = new OperatorConfig(
        parseNamespaces(watchNamespaces), platformId.isBlank() ? null : platformId,
        reconcileThreads, resyncPeriod);
    KubernetesClient client = new KubernetesClientBuilder().build();
    CountDownLatch stopped = new CountDownLatch(1);
    SmartOperator operator = SmartOperator.start(client, config);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      operator.close();
      client.close();
      stopped.countDown();
    }, "smart-operator-shutdown"));
    stopped.await();
    return 0;
  }

  static Set<String> parseNamespaces(String csv) {
    Set<String> out = new LinkedHashSet<>();
    if (csv != null) {
      Arrays.stream(csv.split(",")).map(String::trim).filter(s -> !s.isEmpty()).forEach(out::add);
    }
    return out;
  }
}
