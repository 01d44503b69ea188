package io.smartoperator.runtime;

import java.time.Duration;
import java.util.Set;

/**
 * Operator configuration, from flags or environment variables.
 *
 * @param watchNamespaces namespaces to watch; empty means all
 * @param platformId the platform's identity in generated client ids; null means the uid of the
 *     kube-system namespace
 * @param reconcileThreads concurrent reconciles
 * @param resyncPeriod how often every resource is reconciled even without an event
 */
public record OperatorConfig(
    Set<String> watchNamespaces, String platformId, int reconcileThreads, Duration resyncPeriod) {

  public static final int DEFAULT_RECONCILE_THREADS = 10;
  public static final Duration DEFAULT_RESYNC = Duration.ofMinutes(10);

  public static OperatorConfig defaults() {
    return new OperatorConfig(Set.of(), null, DEFAULT_RECONCILE_THREADS, DEFAULT_RESYNC);
  }

  public OperatorConfig withPlatformId(String id) {
    return new OperatorConfig(watchNamespaces, id, reconcileThreads, resyncPeriod);
  }

  public OperatorConfig withWatchNamespaces(Set<String> namespaces) {
    return new OperatorConfig(Set.copyOf(namespaces), platformId, reconcileThreads, resyncPeriod);
  }

  public OperatorConfig withResyncPeriod(Duration period) {
    return new OperatorConfig(watchNamespaces, platformId, reconcileThreads, period);
  }

  public boolean watchesAllNamespaces() {
    return watchNamespaces.isEmpty();
  }
}
