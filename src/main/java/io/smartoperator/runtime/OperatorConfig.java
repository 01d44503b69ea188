package io.smartoperator.runtime;

import io.smartoperator.health.HealthProber;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * Operator configuration, from flags or environment variables (see {@link RunCommand}).
 *
 * @param watchNamespaces namespaces to watch; empty means all
 * @param platformId the platform's identity in generated client ids; null means the uid of the
 *     kube-system namespace
 * @param reconcileThreads concurrent reconciles
 * @param resyncPeriod how often every resource is reconciled even without an event
 * @param health health monitoring: probes in flight, addresses never probed
 * @param leaderElection whether and where replicas elect a leader
 */
public record OperatorConfig(
    Set<String> watchNamespaces,
    String platformId,
    int reconcileThreads,
    Duration resyncPeriod,
    Health health,
    LeaderElection leaderElection) {

  public static final int DEFAULT_RECONCILE_THREADS = 10;
  public static final Duration DEFAULT_RESYNC = Duration.ofMinutes(10);

  /**
   * Health monitoring, operator-wide. An app's period, timeout and failure threshold come from its
   * spec.healthCheck, or the API's defaults (30 s, 5 s, 3).
   *
   * @param concurrency probes in flight at once, over all apps and gateways
   * @param deniedCidrs address ranges never probed, on top of link-local and cloud metadata
   */
  public record Health(int concurrency, List<String> deniedCidrs) {
    /** The prober's own default, so that a flag left alone changes nothing. */
    public static final Health DEFAULTS = new Health(HealthProber.DEFAULT_MAX_IN_FLIGHT, List.of());

    public Health {
      deniedCidrs = List.copyOf(deniedCidrs);
    }
  }

  /**
   * Leader election through a coordination.k8s.io Lease.
   *
   * @param enabled whether to elect; off runs every replica as a leader (run one replica only)
   * @param leaseName the Lease's name
   * @param leaseNamespace the Lease's namespace; null means the namespace the operator runs in
   * @param identity this replica's name in the Lease; null means the HOSTNAME (the pod name)
   */
  public record LeaderElection(boolean enabled, String leaseName, String leaseNamespace, String identity) {
    public static final String DEFAULT_LEASE_NAME = "smart-operator-leader";
    public static final LeaderElection OFF = new LeaderElection(false, DEFAULT_LEASE_NAME, null, null);

    public static LeaderElection on(String leaseName, String leaseNamespace) {
      return new LeaderElection(true, leaseName, leaseNamespace, null);
    }

    public LeaderElection withIdentity(String id) {
      return new LeaderElection(enabled, leaseName, leaseNamespace, id);
    }
  }

  public OperatorConfig {
    watchNamespaces = Set.copyOf(watchNamespaces);
  }

  /** The configuration before health and leader election were configurable: their defaults. */
  public OperatorConfig(
      Set<String> watchNamespaces, String platformId, int reconcileThreads, Duration resyncPeriod) {
    this(watchNamespaces, platformId, reconcileThreads, resyncPeriod, Health.DEFAULTS, LeaderElection.OFF);
  }

  public static OperatorConfig defaults() {
    return new OperatorConfig(Set.of(), null, DEFAULT_RECONCILE_THREADS, DEFAULT_RESYNC);
  }

  public OperatorConfig withPlatformId(String id) {
    return new OperatorConfig(watchNamespaces, id, reconcileThreads, resyncPeriod, health, leaderElection);
  }

  public OperatorConfig withWatchNamespaces(Set<String> namespaces) {
    return new OperatorConfig(namespaces, platformId, reconcileThreads, resyncPeriod, health, leaderElection);
  }

  public OperatorConfig withResyncPeriod(Duration period) {
    return new OperatorConfig(watchNamespaces, platformId, reconcileThreads, period, health, leaderElection);
  }

  public OperatorConfig withReconcileThreads(int threads) {
    return new OperatorConfig(watchNamespaces, platformId, threads, resyncPeriod, health, leaderElection);
  }

  public OperatorConfig withHealth(Health h) {
    return new OperatorConfig(watchNamespaces, platformId, reconcileThreads, resyncPeriod, h, leaderElection);
  }

  public OperatorConfig withLeaderElection(LeaderElection election) {
    return new OperatorConfig(watchNamespaces, platformId, reconcileThreads, resyncPeriod, health, election);
  }

  public boolean watchesAllNamespaces() {
    return watchNamespaces.isEmpty();
  }
}
