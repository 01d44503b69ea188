package io.smartoperator.runtime;

import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.processing.retry.GenericRetry;
import io.smartoperator.app.SmartAppReconciler;
import io.smartoperator.gateway.GatewayReconciler;
import io.smartoperator.health.HealthProber;
import io.smartoperator.status.EventRecorder;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The running operator: both controllers on one JOSDK {@link Operator}. */
public final class SmartOperator implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(SmartOperator.class);

  private final Operator operator;
  private final String platformId;

  private final HealthProber prober;

  private SmartOperator(Operator operator, String platformId, HealthProber prober) {
    this.operator = operator;
    this.platformId = platformId;
    this.prober = prober;
  }

  /** Registers both controllers and starts them; returns once the informers have synced. */
  public static SmartOperator start(KubernetesClient client, OperatorConfig config) {
    String platformId = resolvePlatformId(client, config);
    Operator operator =
        new Operator(
            o ->
                o.withKubernetesClient(client)
                    // The fabric8 mock has no server-side apply; production runs the same way, so
                    // what the tests prove is what runs.
                    .withUseSSAToPatchPrimaryResource(false)
                    .withSSABasedCreateUpdateMatchForDependentResources(false)
                    .withConcurrentReconciliationThreads(config.reconcileThreads())
                    .withCloseClientOnStop(false)
                    .withReconciliationTerminationTimeout(Duration.ofSeconds(10)));
    EventRecorder events = new EventRecorder(client);
    HealthProber prober = HealthProber.builder(new io.micrometer.core.instrument.simple.SimpleMeterRegistry()).build();
    operator.register(
        new SmartAppReconciler(client, platformId, events, prober),
        c -> {
          namespaces(c, config);
          c.withReconciliationMaxInterval(config.resyncPeriod());
          c.withRetry(retry());
        });
    operator.register(
        new GatewayReconciler(client, events, prober),
        c -> {
          namespaces(c, config);
          c.withReconciliationMaxInterval(config.resyncPeriod());
          c.withRetry(retry());
        });
    operator.start();
    log.info(
        "smart-operator started: platformId={}, namespaces={}",
        platformId,
        config.watchesAllNamespaces() ? "all" : config.watchNamespaces());
    return new SmartOperator(operator, platformId, prober);
  }

  private static void namespaces(
      io.javaoperatorsdk.operator.api.config.ControllerConfigurationOverrider<?> c,
      OperatorConfig config) {
    if (config.watchesAllNamespaces()) {
      c.watchingAllNamespaces();
    } else {
      c.settingNamespaces(config.watchNamespaces());
    }
  }

  /**
   * Failed reconciles (an API error, a conflict) are retried with exponential backoff from 1 s up
   * to 5 minutes, without a limit: giving up would leave a finalizer or a Secret behind.
   */
  static GenericRetry retry() {
    return new GenericRetry()
        .setInitialInterval(1000)
        .setIntervalMultiplier(2)
        .setMaxInterval(Duration.ofMinutes(5).toMillis())
        .withoutMaxAttempts();
  }

  static String resolvePlatformId(KubernetesClient client, OperatorConfig config) {
    if (config.platformId() != null && !config.platformId().isBlank()) {
      return config.platformId();
    }
    Namespace kubeSystem = client.namespaces().withName("kube-system").get();
    if (kubeSystem == null || kubeSystem.getMetadata().getUid() == null) {
      throw new IllegalStateException(
          "cannot read the uid of namespace kube-system to derive the platformId; "
              + "set --platform-id (SMART_OPERATOR_PLATFORM_ID) or grant get on namespaces");
    }
    return kubeSystem.getMetadata().getUid();
  }

  public String platformId() {
    return platformId;
  }

  public HealthProber healthProber() {
    return prober;
  }

  public Operator operator() {
    return operator;
  }

  @Override
  public void close() {
    operator.stop();
    prober.close();
  }
}
