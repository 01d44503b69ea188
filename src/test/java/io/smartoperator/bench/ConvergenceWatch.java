package io.smartoperator.bench;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.smartoperator.api.v1alpha1.SmartApp;
import io.smartoperator.bench.AppMix.PlannedApp;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Watches every SmartApp (one watch, through the driver's client) and notes when the last of them
 * reaches its {@link FinalState}. An app that leaves its final state afterwards is counted as a
 * regression: convergence that does not hold is no convergence.
 */
final class ConvergenceWatch implements AutoCloseable {
  private final Map<String, PlannedApp> plans = new LinkedHashMap<>();
  private final Map<String, String> missing = new ConcurrentHashMap<>();
  private final AtomicInteger finalApps = new AtomicInteger();
  private final AtomicInteger regressions = new AtomicInteger();
  private final AtomicLong convergedAtMillis = new AtomicLong();
  private final CountDownLatch converged = new CountDownLatch(1);
  private final SharedIndexInformer<SmartApp> informer;

  ConvergenceWatch(KubernetesClient driver, List<PlannedApp> apps) {
    apps.forEach(a -> plans.put(a.key(), a));
    plans.keySet().forEach(k -> missing.put(k, "not seen"));
    informer = driver.resources(SmartApp.class).inAnyNamespace().inform(new ResourceEventHandler<>() {
      @Override
      public void onAdd(SmartApp app) {
        observe(app);
      }

      @Override
      public void onUpdate(SmartApp before, SmartApp app) {
        observe(app);
      }

      @Override
      public void onDelete(SmartApp app, boolean unknownFinalState) {
        String key = key(app);
        if (plans.containsKey(key) && missing.put(key, "deleted") == null) {
          finalApps.decrementAndGet();
          regressions.incrementAndGet();
        }
      }
    }, 0);
  }

  // Informer callbacks come one at a time, so the bookkeeping below needs no lock.
  private void observe(SmartApp app) {
    String key = key(app);
    PlannedApp plan = plans.get(key);
    if (plan == null) {
      return;
    }
    String why = FinalState.missing(app, plan);
    boolean wasFinal = !missing.containsKey(key);
    if (why == null && !wasFinal) {
      missing.remove(key);
      if (finalApps.incrementAndGet() == plans.size() && convergedAtMillis.get() == 0) {
        convergedAtMillis.set(System.currentTimeMillis());
        converged.countDown();
      }
    } else if (why != null) {
      missing.put(key, why);
      if (wasFinal) {
        finalApps.decrementAndGet();
        regressions.incrementAndGet();
      }
    }
  }

  private static String key(SmartApp app) {
    return app.getMetadata().getNamespace() + "/" + app.getMetadata().getName();
  }

  /** Waits for every app to be final; returns the wall-clock millis when the last one became so, or 0. */
  long awaitConverged(Duration timeout) throws InterruptedException {
    converged.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    return convergedAtMillis.get();
  }

  int finalApps() {
    return finalApps.get();
  }

  int regressions() {
    return regressions.get();
  }

  /** A few apps that are not final, with what they lack. */
  Map<String, String> notFinal(int limit) {
    Map<String, String> out = new LinkedHashMap<>();
    missing.entrySet().stream().sorted(Map.Entry.comparingByKey()).limit(limit)
        .forEach(e -> out.put(e.getKey(), e.getValue()));
    return out;
  }

  @Override
  public void close() {
    informer.close();
  }
}
