package io.smartoperator.install;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.smartoperator.api.v1alpha1.Credentials;
import io.smartoperator.api.v1alpha1.Gateway;
import io.smartoperator.api.v1alpha1.GatewaySpec;
import io.smartoperator.api.v1alpha1.Registration;
import io.smartoperator.api.v1alpha1.SmartApp;
import io.smartoperator.install.MockCluster.ApiRequest;
import io.smartoperator.runtime.OperatorConfig;
import io.smartoperator.runtime.Permissions;
import io.smartoperator.runtime.Permissions.Permission;
import io.smartoperator.runtime.SmartOperator;
import io.smartoperator.testing.Apps;
import io.smartoperator.testing.FhirTestServer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * {@link Permissions} against what the code really sends: the operator runs a user's day on a
 * recording API server (leader election on, default platformId), and every request must be granted
 * by a declared permission; every declared permission must be seen, or be listed below with the
 * reason the scenario cannot show it.
 */
class PermissionsInUseTest {
  static final String LEASE = "smart-operator-leader";
  static final String OPERATOR = "smart-operator-under-test";

  /** Declared for paths a mock API server does not take: each with why it is needed. */
  static final Map<Permission, String> NOT_SEEN_HERE = Map.of(
      Permission.of(Permissions.SMART, "smartapps", "get"),
      "JOSDK re-reads a SmartApp when its finalizer patch meets a conflict",
      Permission.of(Permissions.SMART, "smartapps/finalizers", "update"),
      "checked by OwnerReferencesPermissionEnforcement admission for blockOwnerDeletion, not a request",
      Permission.of(Permissions.CORE, "secrets", "get"),
      "read after a 409 on create, when the informer cache is behind the API server",
      Permission.named(Permissions.COORDINATION, "leases", "update", LEASE),
      "JOSDK checks it with a SelfSubjectRulesReview before electing; fabric8's lock patches");

  @Test
  void everyRequestIsGrantedAndEveryPermissionIsUsed() throws Exception {
    SortedSet<Permission> declared = new TreeSet<>();
    declared.addAll(Permissions.watchedNamespaces());
    declared.addAll(Permissions.cluster(false));
    declared.addAll(Permissions.leaderElection(LEASE));

    try (MockCluster cluster = new MockCluster(Permissions.leaderElection(LEASE));
        FhirTestServer fhir = FhirTestServer.start()) {
      cluster.namespace("smart-operator");
      cluster.namespace("team");
      KubernetesClient operatorClient = cluster.client(OPERATOR);
      OperatorConfig config = OperatorConfig.defaults()
          .withLeaderElection(OperatorConfig.LeaderElection.on(LEASE, "smart-operator").withIdentity("replica-a"));
      SmartOperator operator = SmartOperator.start(operatorClient, config, new SimpleMeterRegistry(),
          () -> { throw new AssertionError("lost leadership"); });
      try {
        await().atMost(Duration.ofSeconds(30)).until(operator::isLeader);
        userDay(cluster, fhir);
      } finally {
        operator.close();
      }

      List<ApiRequest> requests = cluster.requestsOf(OPERATOR);
      List<String> ungranted = requests.stream()
          .filter(r -> declared.stream().noneMatch(r::grantedBy))
          .filter(r -> Permissions.grantedToEveryUser().stream().noneMatch(r::grantedBy))
          .map(r -> r.verb() + " " + r.method() + " " + r.path())
          .distinct().toList();
      assertThat(ungranted).as("requests that no permission in Permissions grants").isEmpty();

      Set<Permission> unused = declared.stream()
          .filter(p -> requests.stream().noneMatch(r -> r.grantedBy(p)))
          .filter(p -> !NOT_SEEN_HERE.containsKey(p))
          .collect(Collectors.toCollection(TreeSet::new));
      assertThat(unused).as("declared permissions that the operator never used (remove them, or say in "
          + "NOT_SEEN_HERE why a mock cannot show them)").isEmpty();
      assertThat(NOT_SEEN_HERE.keySet()).as("NOT_SEEN_HERE lists only declared permissions")
          .allMatch(declared::contains);
    }
  }

  /**
   * Watching a list of namespaces, the chart grants Roles in those namespaces only: every request
   * must stay in a watched namespace or the Lease's, or be a cluster-scoped read of
   * Permissions.cluster (a cluster-wide list of anything else would be refused).
   */
  @Test
  void watchingAListStaysInThoseNamespaces() throws Exception {
    try (MockCluster cluster = new MockCluster(Permissions.leaderElection(LEASE));
        FhirTestServer fhir = FhirTestServer.start()) {
      cluster.namespace("smart-operator");
      cluster.namespace("team");
      cluster.namespace("elsewhere");
      OperatorConfig config = OperatorConfig.defaults().withPlatformId("p").withWatchNamespaces(Set.of("team"))
          .withLeaderElection(OperatorConfig.LeaderElection.on(LEASE, "smart-operator").withIdentity("replica-a"));
      SmartOperator operator = SmartOperator.start(cluster.client(OPERATOR), config, new SimpleMeterRegistry(),
          () -> { throw new AssertionError("lost leadership"); });
      try {
        await().atMost(Duration.ofSeconds(30)).until(operator::isLeader);
        cluster.user.resource(Apps.confidential("elsewhere", "ignored")).create();
        userDay(cluster, fhir);
      } finally {
        operator.close();
      }
      List<String> outside = cluster.requestsOf(OPERATOR).stream()
          .filter(r -> !Permissions.grantedToEveryUser().stream().anyMatch(r::grantedBy))
          .filter(r -> !("team".equals(r.namespace())
              || ("smart-operator".equals(r.namespace()) && r.apiGroup().equals(Permissions.COORDINATION))
              || Permissions.cluster(true).stream().anyMatch(r::grantedBy)))
          .map(r -> r.verb() + " " + r.path()).distinct().toList();
      assertThat(outside).as("requests outside the watched namespace and the Lease").isEmpty();
    }
  }

  /**
   * Apps created, rotated, waiting for a Secret, deleted with either policy; a gateway in
   * registration mode Secret on a real FHIR server, with an app activated on it.
   */
  private static void userDay(MockCluster cluster, FhirTestServer fhir) {
    MockCluster.warmUp(fhir);
    KubernetesClient user = cluster.user;
    user.resource(Apps.withGateway(Apps.confidential("team", "deleted"), "prod", "team")).create();
    SmartApp orphaned = Apps.backend("team", "orphaned");
    orphaned.getSpec().setDeletionPolicy("Orphan");
    user.resource(orphaned).create();
    user.resource(Apps.withExistingSecret(Apps.confidential("team", "provided"), "provided-secret", "s")).create();
    Gateway gateway = new Gateway();
    gateway.setMetadata(new ObjectMetaBuilder().withNamespace("team").withName("prod").build());
    GatewaySpec spec = new GatewaySpec();
    spec.setDisplayName("Prod");
    spec.setFhirBaseUrl(fhir.baseUrl());
    Registration registration = new Registration();
    registration.setMode("Secret");
    spec.setRegistration(registration);
    gateway.setSpec(spec);
    user.resource(gateway).create();

    awaitCondition(user, "deleted", "CredentialsReady", "Generated");
    awaitCondition(user, "orphaned", "CredentialsReady", "Generated");
    awaitCondition(user, "provided", "CredentialsReady", "SecretNotFound");
    user.secrets().inNamespace("team").resource(new SecretBuilder()
        .withNewMetadata().withName("provided-secret").endMetadata()
        .addToData("s", "c2VjcmV0").build()).create();
    awaitCondition(user, "provided", "CredentialsReady", "Provided");
    awaitCondition(user, "deleted", "Activated", "Activated");
    await().atMost(Duration.ofSeconds(30)).until(() ->
        user.secrets().inNamespace("team").withName("prod-clients").get() != null);

    user.resources(SmartApp.class).inNamespace("team").withName("deleted").edit(a -> {
      Credentials c = new Credentials();
      c.setRotation("2026-12");
      a.getSpec().setCredentials(c);
      return a;
    });
    await().atMost(Duration.ofSeconds(30)).until(() -> "2026-12".equals(
        user.secrets().inNamespace("team").withName("deleted-credentials").get()
            .getMetadata().getAnnotations().get("smart-operator.io/rotation")));

    user.resources(SmartApp.class).inNamespace("team").withName("deleted").delete();
    user.resources(SmartApp.class).inNamespace("team").withName("orphaned").delete();
    await().atMost(Duration.ofSeconds(30)).until(() ->
        user.resources(SmartApp.class).inNamespace("team").list().getItems().size() == 1
            && user.secrets().inNamespace("team").withName("deleted-credentials").get() == null);
  }

  private static void awaitCondition(KubernetesClient user, String name, String type, String reason) {
    await().atMost(Duration.ofSeconds(30)).until(() -> {
      SmartApp app = user.resources(SmartApp.class).inNamespace("team").withName(name).get();
      return app.getStatus() != null && app.getStatus().getConditions().stream()
          .anyMatch(c -> type.equals(c.getType()) && reason.equals(c.getReason()));
    });
  }
}
