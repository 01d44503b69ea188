package io.smartoperator.bench;

import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.smartoperator.api.v1alpha1.SmartApp;
import io.smartoperator.api.v1alpha1.SmartAppStatus;
import io.smartoperator.app.ClientIds;
import io.smartoperator.status.Conditions;
import io.smartoperator.status.Conditions.Observed;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The least API work that N confidential apps need, done by a bare fabric8 client: one list to
 * learn the apps, then per app the finalizer (a merge patch), the credentials Secret (a create)
 * and one status write (a merge patch of the status subresource), the same content the operator
 * writes. Apps are spread over as many threads as the operator has reconcile threads.
 */
final class Floor {
  private static final SecureRandom RANDOM = new SecureRandom();

  /** What the floor took: wall-clock seconds and the CPU of the JVM that ran it. */
  record Run(double seconds, long cpuNanos) {}

  private Floor() {}

  /** Creates N confidential apps in the benchmark's namespaces (not timed). */
  static List<SmartApp> confidentialApps(int n) {
    List<SmartApp> apps = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      apps.add(io.smartoperator.testing.Apps.confidential(AppMix.namespace(i), AppMix.name(i)));
    }
    return apps;
  }

  /** Does the floor's writes for every SmartApp on the server; returns the seconds it took. */
  static double run(KubernetesClient floor, int threads) throws Exception {
    long start = System.nanoTime();
    List<SmartApp> apps = floor.resources(SmartApp.class).inAnyNamespace().list().getItems();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (SmartApp app : apps) {
        done.add(pool.submit(() -> converge(floor, app)));
      }
      for (Future<?> f : done) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
    return (System.nanoTime() - start) / 1e9;
  }

  private static void converge(KubernetesClient floor, SmartApp app) {
    String ns = app.getMetadata().getNamespace();
    String name = app.getMetadata().getName();
    // resource(app), not withName(name): fabric8 would GET an object it is not handed before patching.
    var resource = floor.resources(SmartApp.class).inNamespace(ns).resource(app);
    resource.patch(PatchContext.of(PatchType.JSON_MERGE),
        "{\"metadata\":{\"finalizers\":[\"" + SmartApp.FINALIZER + "\"]}}");
    String clientId = ClientIds.generated(AppMix.PLATFORM_ID, ns, name);
    floor.secrets().inNamespace(ns).resource(secret(app, clientId)).create();
    resource.subresource("status").patch(PatchContext.of(PatchType.JSON_MERGE),
        Serialization.asJson(Map.of("status", status(app, clientId))));
  }

  private static Secret secret(SmartApp app, String clientId) {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    String clientSecret = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    return new SecretBuilder()
        .withNewMetadata()
        .withName(app.getMetadata().getName() + "-credentials")
        .withNamespace(app.getMetadata().getNamespace())
        .addToLabels("app.kubernetes.io/managed-by", "smart-operator")
        .addToLabels("smart-operator.io/app", app.getMetadata().getName())
        .addToAnnotations("smart-operator.io/rotation", "")
        .withOwnerReferences(new OwnerReferenceBuilder()
            .withApiVersion(app.getApiVersion()).withKind(app.getKind())
            .withName(app.getMetadata().getName()).withUid(app.getMetadata().getUid())
            .withController(true).withBlockOwnerDeletion(true).build())
        .endMetadata()
        .withType("Opaque")
        .addToData("client_id", encode(clientId))
        .addToData("client_secret", encode(clientSecret))
        .build();
  }

  /** The status the operator reports for a ready confidential app. */
  private static SmartAppStatus status(SmartApp app, String clientId) {
    String name = app.getMetadata().getName();
    Long generation = app.getMetadata().getGeneration();
    SmartAppStatus status = new SmartAppStatus();
    status.setObservedGeneration(generation);
    status.setAppId(name);
    status.setClientId(clientId);
    status.setCredentialsSecret(name + "-credentials");
    status.setActivatedGateways(0);
    status.setConditions(Conditions.merge(List.of(), List.of(
        Observed.of("Ready", "True", "Ready", "the app is registered and its credentials are ready"),
        Observed.of("Accepted", "True", "Accepted", "the spec is valid and its ids are unique"),
        Observed.of("CredentialsReady", "True", "Generated", "client secret generated in Secret \"" + name + "-credentials\""),
        Observed.of("Activated", "False", "NoGateways",
            "spec.gatewayRefs is empty: the app is registered but not activated on any gateway"),
        Observed.of("Healthy", "Unknown", "NotMonitored", "spec.healthUri is not set: the app is not monitored")),
        generation, Instant.now()));
    return status;
  }

  private static String encode(String value) {
    return Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8));
  }
}
