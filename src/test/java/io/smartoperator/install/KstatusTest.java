package io.smartoperator.install;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.smartoperator.api.v1alpha1.Gateway;
import io.smartoperator.api.v1alpha1.GatewaySpec;
import io.smartoperator.testing.Apps;
import io.smartoperator.testing.FhirTestServer;
import io.smartoperator.testing.OperatorHarness;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Flux (kstatus) and {@code kubectl wait --for=condition=Ready} read the statuses the operator
 * writes. The rules are stated against real statuses: the operator runs on the mock API server.
 */
class KstatusTest {
  static final String NS = "gitops";
  static OperatorHarness k8s;
  static FhirTestServer fhir;

  enum Kstatus { CURRENT, IN_PROGRESS, FAILED, TERMINATING }

  /**
   * kstatus's generic rules (sigs.k8s.io/cli-utils status.checkGenericProperties), plus Flux's
   * reading of the Ready condition for custom resources.
   */
  static Kstatus kstatus(JsonNode o) {
    if (!o.at("/metadata/deletionTimestamp").asText("").isEmpty()) {
      return Kstatus.TERMINATING;
    }
    JsonNode observed = o.at("/status/observedGeneration");
    if (!observed.isMissingNode() && observed.asLong() != o.at("/metadata/generation").asLong()) {
      return Kstatus.IN_PROGRESS;
    }
    for (JsonNode c : o.at("/status/conditions")) {
      if (c.path("type").asText().equals("Reconciling") && c.path("status").asText().equals("True")) {
        return Kstatus.IN_PROGRESS;
      }
      if (c.path("type").asText().equals("Stalled") && c.path("status").asText().equals("True")) {
        return Kstatus.FAILED;
      }
    }
    for (JsonNode c : o.at("/status/conditions")) {
      if (c.path("type").asText().equals("Ready")) {
        return c.path("status").asText().equals("True") ? Kstatus.CURRENT : Kstatus.IN_PROGRESS;
      }
    }
    return Kstatus.CURRENT;
  }

  @BeforeAll
  static void start() {
    fhir = FhirTestServer.start();
    MockCluster.warmUp(fhir);
    k8s = OperatorHarness.start();
    k8s.namespace(NS);
    k8s.client.secrets().inNamespace(NS).resource(new SecretBuilder()
        .withNewMetadata().withName("no-key").endMetadata().addToData("other", "eA==").build()).create();

    k8s.apply(Apps.confidential(NS, "ready"));
    k8s.apply(Apps.withExistingSecret(Apps.confidential(NS, "waiting"), "not-yet-there", "client_secret"));
    k8s.apply(Apps.withExistingSecret(Apps.confidential(NS, "late"), "arrives-later", "client_secret"));
    k8s.apply(Apps.withExistingSecret(Apps.confidential(NS, "key-missing"), "no-key", "client_secret"));
    var invalid = Apps.publicApp(NS, "invalid");
    invalid.getSpec().setLaunchUri("http://insecure.example.org/launch");
    k8s.apply(invalid);
    k8s.client.resource(gateway("prod", fhir.baseUrl())).create();
    // Nothing listens there: discovery fails, and is retried without a user's edit.
    k8s.client.resource(gateway("unreachable", "https://127.0.0.1:1/fhir")).create();
    k8s.client.resource(gateway("broken", "not a url")).create();

    k8s.awaitCondition(NS, "ready", "Ready", "True", "Ready");
    k8s.awaitCondition(NS, "waiting", "CredentialsReady", "False", "SecretNotFound");
    k8s.awaitCondition(NS, "late", "CredentialsReady", "False", "SecretNotFound");
    k8s.awaitCondition(NS, "key-missing", "CredentialsReady", "False", "KeyNotFound");
    k8s.awaitCondition(NS, "invalid", "Accepted", "False", "InvalidSpec");
    await().atMost(OperatorHarness.WAIT).until(() -> hasCondition(k8s.gateway(NS, "prod"), "Ready", "True")
        && hasCondition(k8s.gateway(NS, "unreachable"), "Discovered", "False")
        && k8s.gateway(NS, "broken").getStatus() != null);
  }

  @AfterAll
  static void stop() {
    k8s.close();
    fhir.close();
  }

  static boolean hasCondition(Gateway g, String type, String status) {
    return g != null && g.getStatus() != null
        && OperatorHarness.condition(g.getStatus().getConditions(), type).map(c -> status.equals(c.getStatus()))
            .orElse(false);
  }

  static Gateway gateway(String name, String url) {
    Gateway g = new Gateway();
    g.setMetadata(new ObjectMetaBuilder().withNamespace(NS).withName(name).build());
    GatewaySpec spec = new GatewaySpec();
    spec.setDisplayName(name);
    spec.setFhirBaseUrl(url);
    g.setSpec(spec);
    return g;
  }

  static JsonNode app(String name) {
    return json(k8s.app(NS, name));
  }

  static JsonNode gateway(String name) {
    return json(k8s.gateway(NS, name));
  }

  static JsonNode json(HasMetadata o) {
    return k8s.client.getKubernetesSerialization().convertValue(o, JsonNode.class);
  }

  static List<JsonNode> all() {
    List<JsonNode> out = new ArrayList<>();
    for (String app : List.of("ready", "waiting", "key-missing", "invalid")) {
      out.add(app(app));
    }
    out.add(gateway("prod"));
    out.add(gateway("unreachable"));
    out.add(gateway("broken"));
    return out;
  }

  @Test
  void everyStatusSaysWhichGenerationItDescribes() {
    for (JsonNode o : all()) {
      long generation = o.at("/metadata/generation").asLong();
      assertThat(o.at("/status/observedGeneration").asLong()).as("%s status.observedGeneration", name(o))
          .isEqualTo(generation);
      for (JsonNode c : o.at("/status/conditions")) {
        assertThat(c.path("observedGeneration").asLong()).as("%s condition %s", name(o), c.path("type"))
            .isEqualTo(generation);
      }
    }
  }

  @Test
  void readyIsAlwaysThereForKubectlWait() {
    for (JsonNode o : all()) {
      assertThat(condition(o, "Ready")).as("%s has Ready", name(o)).isNotNull();
      assertThat(condition(o, "Ready").path("status").asText()).isIn("True", "False", "Unknown");
    }
    assertThat(condition(app("ready"), "Ready").path("status").asText()).isEqualTo("True");
    assertThat(condition(gateway("prod"), "Ready").path("status").asText()).isEqualTo("True");
  }

  @Test
  void stalledAppearsOnlyAsTrueAndReconcilingNever() {
    for (JsonNode o : all()) {
      JsonNode stalled = condition(o, "Stalled");
      if (stalled != null) {
        assertThat(stalled.path("status").asText()).as("%s Stalled", name(o)).isEqualTo("True");
      }
      assertThat(condition(o, "Reconciling")).isNull();
    }
  }

  @Test
  void fluxSeesCurrentInProgressAndFailedWhereAUserWould() {
    assertThat(kstatus(app("ready"))).isEqualTo(Kstatus.CURRENT);
    assertThat(kstatus(gateway("prod"))).isEqualTo(Kstatus.CURRENT);
    // A referenced Secret may arrive later (External Secrets): Flux waits instead of failing.
    assertThat(kstatus(app("waiting"))).isEqualTo(Kstatus.IN_PROGRESS);
    // An unreachable FHIR server may come up: discovery is retried, Flux waits.
    assertThat(kstatus(gateway("unreachable"))).isEqualTo(Kstatus.IN_PROGRESS);
    // Only a user's edit helps these: Flux fails fast.
    assertThat(kstatus(app("key-missing"))).isEqualTo(Kstatus.FAILED);
    assertThat(kstatus(app("invalid"))).isEqualTo(Kstatus.FAILED);
    assertThat(kstatus(gateway("broken"))).isEqualTo(Kstatus.FAILED);
  }

  @Test
  void aNewGenerationIsInProgressUntilObserved() {
    ObjectNode edited = (ObjectNode) app("ready").deepCopy();
    ((ObjectNode) edited.get("metadata")).put("generation", edited.at("/metadata/generation").asLong() + 1);
    assertThat(kstatus(edited)).isEqualTo(Kstatus.IN_PROGRESS);
    assertThat(ArgoHealthCheck.forKind("SmartApp").of(edited).status()).isEqualTo("Progressing");
  }

  @Test
  void argoCdReadsTheSameStatusesTheSameWay() {
    ArgoHealthCheck apps = ArgoHealthCheck.forKind("SmartApp");
    ArgoHealthCheck gateways = ArgoHealthCheck.forKind("Gateway");
    assertThat(apps.of(app("ready")).status()).isEqualTo("Healthy");
    assertThat(apps.of(app("waiting")).status()).isEqualTo("Progressing");
    assertThat(apps.of(app("key-missing")).status()).isEqualTo("Degraded");
    assertThat(apps.of(app("invalid")).status()).isEqualTo("Degraded");
    assertThat(gateways.of(gateway("prod")).status()).isEqualTo("Healthy");
    // Waiting for discovery, unless the prober has already found it down (Healthy=False).
    JsonNode unreachable = gateway("unreachable");
    JsonNode healthy = condition(unreachable, "Healthy");
    assertThat(gateways.of(unreachable).status()).isEqualTo(
        healthy != null && healthy.path("status").asText().equals("False") ? "Degraded" : "Progressing");
    assertThat(gateways.of(gateway("broken")).status()).isEqualTo("Degraded");
  }

  @Test
  void theAwaitedSecretArrivingMakesTheAppCurrent() {
    assertThat(kstatus(app("late"))).isEqualTo(Kstatus.IN_PROGRESS);
    k8s.client.secrets().inNamespace(NS).resource(new SecretBuilder()
        .withNewMetadata().withName("arrives-later").endMetadata().addToData("client_secret", "c2VjcmV0").build())
        .create();
    k8s.awaitCondition(NS, "late", "Ready", "True", "Ready");
    assertThat(kstatus(app("late"))).isEqualTo(Kstatus.CURRENT);
  }

  static JsonNode condition(JsonNode o, String type) {
    for (JsonNode c : o.at("/status/conditions")) {
      if (c.path("type").asText().equals(type)) {
        return c;
      }
    }
    return null;
  }

  static String name(JsonNode o) {
    return o.path("kind").asText() + " " + o.at("/metadata/name").asText();
  }
}
