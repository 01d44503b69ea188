package io.smartoperator.runtime;

import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.javaoperatorsdk.operator.monitoring.micrometer.MicrometerMetrics;
import io.javaoperatorsdk.operator.processing.retry.GenericRetry;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.smartoperator.app.SmartAppReconciler;
import io.smartoperator.gateway.GatewayReconciler;
import io.smartoperator.health.HealthProber;
import io.smartoperator.health.ProbeTargetPolicy;
import io.smartoperator.status.EventRecorder;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running operator: both controllers on one JOSDK {@link Operator}. With leader election on,
 * every replica starts its informers (so it is ready to take over) and only the leader reconciles.
 */
public final class SmartOperator implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(SmartOperator.class);
  /** In-flight reconciles get this long to finish on shutdown; the chart's grace period is longer. */
  public static final Duration RECONCILE_TERMINATION_TIMEOUT = Duration.ofSeconds(10);

  private final Operator operator;
  private final String platformId;
  private final HealthProber prober;
  private final MeterRegistry registry;
  private final AtomicBoolean leading;
  private final AtomicBoolean closing;

  private SmartOperator(Operator operator, String platformId, HealthProber prober, MeterRegistry registry,
      AtomicBoolean leading, AtomicBoolean closing) {
    this.operator = operator;
    this.platformId = platformId;
    this.prober = prober;
    this.registry = registry;
    this.leading = leading;
    this.closing = closing;
  }

  /**
   * Registers both controllers and starts them; returns once the informers have synced. Meters go
   * to a registry of its own; a replica that loses its leadership exits the process with status 1.
   */
  public static SmartOperator start(KubernetesClient client, OperatorConfig config) {
    return start(client, config, new SimpleMeterRegistry(), SmartOperator::exitOnLostLeadership);
  }

  /**
   * Registers both controllers and starts them; returns once the informers have synced.
   *
   * @param registry where JOSDK's and the operator's meters go
   * @param onLostLeadership run when this replica stops leading while it is not being closed:
   *     another replica may already reconcile, so going on would mean two writers
   */
  public static SmartOperator start(KubernetesClient client, OperatorConfig config,
      MeterRegistry registry, Runnable onLostLeadership) {
    String platformId = resolvePlatformId(client, config);
    AtomicBoolean leading = new AtomicBoolean(!config.leaderElection().enabled());
    AtomicBoolean closing = new AtomicBoolean(false);
    Operator operator =
        new Operator(
            o -> {
              o.withKubernetesClient(client)
                  // The fabric8 mock has no server-side apply; production runs the same way, so
                  // what the tests prove is what runs.
                  .withUseSSAToPatchPrimaryResource(false)
                  .withSSABasedCreateUpdateMatchForDependentResources(false)
                  .withConcurrentReconciliationThreads(config.reconcileThreads())
                  .withCloseClientOnStop(false)
                  .withReconciliationTerminationTimeout(RECONCILE_TERMINATION_TIMEOUT)
                  // Per-resource meters would make one time series per app: aggregate by kind.
                  .withMetrics(MicrometerMetrics.withoutPerResourceMetrics(registry));
              if (config.leaderElection().enabled()) {
                o.withLeaderElectionConfiguration(
                    leaderElection(config.leaderElection(), leading, closing, onLostLeadership));
              }
            });
    EventRecorder events = new EventRecorder(client);
    // The prober's meters go where JOSDK's do, so one scrape of /metrics has them all.
    HealthProber prober = HealthProber.builder(registry)
        .maxInFlight(config.health().concurrency())
        .policy(ProbeTargetPolicy.defaults().denying(config.health().deniedCidrs()))
        .build();
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
        "smart-operator started: platformId={}, namespaces={}, leader election={}",
        platformId,
        config.watchesAllNamespaces() ? "all" : config.watchNamespaces(),
        config.leaderElection().enabled() ? "on, lease " + config.leaderElection().leaseName() : "off");
    return new SmartOperator(operator, platformId, prober, registry, leading, closing);
  }

  /**
   * JOSDK's own exit on lost leadership is off: it would also fire when the operator is stopped on
   * SIGTERM (JOSDK then calls System.exit from within the shutdown), so the callback tells a real
   * loss from a shutdown.
   */
  static LeaderElectionConfiguration leaderElection(OperatorConfig.LeaderElection election,
      AtomicBoolean leading, AtomicBoolean closing, Runnable onLostLeadership) {
    LeaderCallbacks callbacks = new LeaderCallbacks(
        () -> {
          leading.set(true);
          log.info("leading through Lease {}", election.leaseName());
        },
        () -> {
          leading.set(false);
          if (!closing.get()) {
            log.error("lost the leadership of Lease {}; stopping so that one replica reconciles at a time",
                election.leaseName());
            onLostLeadership.run();
          }
        },
        leader -> log.info("the leader is {}", leader));
    return new LeaderElectionConfiguration(
        election.leaseName(),
        election.leaseNamespace(),
        LeaderElectionConfiguration.LEASE_DURATION_DEFAULT_VALUE,
        LeaderElectionConfiguration.RENEW_DEADLINE_DEFAULT_VALUE,
        LeaderElectionConfiguration.RETRY_PERIOD_DEFAULT_VALUE,
        election.identity(),
        callbacks,
        false);
  }

  /**
   * Exits with status 1 so that Kubernetes restarts the replica as a standby. From a new thread:
   * System.exit waits for the shutdown hook, which waits for the pool this callback runs on.
   */
  public static void exitOnLostLeadership() {
    new Thread(() -> System.exit(1), "smart-operator-lost-leadership").start();
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

  public MeterRegistry meterRegistry() {
    return registry;
  }

  /** Whether this replica reconciles: always with leader election off, else while it holds the Lease. */
  public boolean isLeader() {
    return leading.get();
  }

  /** Started, informers synced, and every informer still watching. */
  public boolean isReady() {
    var runtime = operator.getRuntimeInfo();
    return !closing.get() && runtime.isStarted() && runtime.allEventSourcesAreHealthy();
  }

  /** Stops reconciling: in-flight reconciles get {@link #RECONCILE_TERMINATION_TIMEOUT} to finish. */
  @Override
  public void close() {
    if (closing.compareAndSet(false, true)) {
      operator.stop();
      prober.close();
    }
  }
}
