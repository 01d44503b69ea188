package io.smartoperator.install;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.smartoperator.install.ArgoHealthCheck.Health;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The Argo CD health checks, run with luaj against status fixtures. */
class ArgoHealthLuaTest {

  static JsonNode resource(String kind, long generation, String status) {
    String yaml = "apiVersion: smart-operator.io/v1alpha1\nkind: " + kind + "\n"
        + "metadata: {name: x, namespace: team, generation: " + generation + "}\n"
        + (status == null ? "" : "status:\n" + status);
    return Manifests.parse(yaml).objects().get(0);
  }

  static String conditions(long observed, String... typeStatusReason) {
    StringBuilder s = new StringBuilder("  observedGeneration: " + observed + "\n  conditions:\n");
    for (String c : typeStatusReason) {
      String[] p = c.split("/");
      s.append("    - {type: ").append(p[0]).append(", status: \"").append(p[1]).append("\", reason: ")
          .append(p[2]).append(", message: \"").append(p[0]).append(" says ").append(p[2])
          .append("\", observedGeneration: ").append(observed).append("}\n");
    }
    return s.toString();
  }

  static Health health(String kind, long generation, String status) {
    return ArgoHealthCheck.forKind(kind).of(resource(kind, generation, status));
  }

  @ParameterizedTest
  @ValueSource(strings = {"SmartApp", "Gateway"})
  void progressingWithoutStatus(String kind) {
    assertThat(health(kind, 1, null).status()).isEqualTo("Progressing");
    assertThat(health(kind, 1, "  conditions: []\n").status()).as("no observedGeneration").isEqualTo("Progressing");
  }

  @ParameterizedTest
  @ValueSource(strings = {"SmartApp", "Gateway"})
  void progressingWhileTheGenerationIsNotObserved(String kind) {
    Health h = health(kind, 3, conditions(2, "Ready/True/Ready", "Accepted/True/Accepted"));
    assertThat(h.status()).isEqualTo("Progressing");
    assertThat(h.message()).contains("generation 3");
  }

  @ParameterizedTest
  @ValueSource(strings = {"SmartApp", "Gateway"})
  void healthyWhenReady(String kind) {
    Health h = health(kind, 2, conditions(2, "Ready/True/Ready", "Accepted/True/Accepted",
        "Healthy/Unknown/NotMonitored"));
    assertThat(h).isEqualTo(new Health("Healthy", "Ready says Ready"));
  }

  @Test
  void degradedWhenNotAccepted() {
    Health h = health("SmartApp", 1, conditions(1, "Ready/False/InvalidSpec", "Accepted/False/InvalidSpec",
        "CredentialsReady/Unknown/Pending", "Stalled/True/InvalidSpec"));
    assertThat(h.status()).isEqualTo("Degraded");
    assertThat(h.message()).isEqualTo("Accepted=False (InvalidSpec): Accepted says InvalidSpec");
  }

  @Test
  void degradedWhenStalled() {
    Health h = health("SmartApp", 1, conditions(1, "Ready/False/KeyNotFound", "Accepted/True/Accepted",
        "CredentialsReady/False/KeyNotFound", "Stalled/True/KeyNotFound"));
    assertThat(h.status()).isEqualTo("Degraded");
    assertThat(h.message()).startsWith("Stalled=True (KeyNotFound)");
  }

  @ParameterizedTest
  @ValueSource(strings = {"SmartApp", "Gateway"})
  void degradedWhenUnhealthyThoughReady(String kind) {
    Health h = health(kind, 1, conditions(1, "Ready/True/Ready", "Accepted/True/Accepted", "Healthy/False/Unreachable"));
    assertThat(h.status()).isEqualTo("Degraded");
    assertThat(h.message()).startsWith("Healthy=False (Unreachable)");
  }

  @Test
  void progressingWhileASecretIsAwaited() {
    // SecretNotFound is not Stalled: External Secrets or Sealed Secrets may deliver it a moment later.
    Health h = health("SmartApp", 1, conditions(1, "Ready/False/SecretNotFound", "Accepted/True/Accepted",
        "CredentialsReady/False/SecretNotFound", "Healthy/Unknown/NotMonitored"));
    assertThat(h.status()).isEqualTo("Progressing");
    assertThat(h.message()).startsWith("Ready=False (SecretNotFound)");
  }

  @Test
  void progressingWhenReadyIsUnknownOrMissing() {
    assertThat(health("SmartApp", 1, conditions(1, "Ready/Unknown/Pending", "Accepted/True/Accepted")).status())
        .isEqualTo("Progressing");
    assertThat(health("SmartApp", 1, conditions(1, "Accepted/True/Accepted")).status()).isEqualTo("Progressing");
  }

  @Test
  void healthIsNotDegradedByOtherFalseConditions() {
    // Activated=False/NoGateways is a state, not a fault, and does not block Ready.
    assertThat(health("SmartApp", 1, conditions(1, "Ready/True/Ready", "Accepted/True/Accepted",
        "Activated/False/NoGateways")).status()).isEqualTo("Healthy");
  }

  @Test
  void chartAndDeploySnippetsAreTheSame() throws Exception {
    assertThat(Files.readString(ArgoHealthCheck.DEPLOY_SNIPPET))
        .as("deploy/argocd/argocd-cm-health.yaml must equal the chart's; copy it")
        .isEqualTo(Files.readString(ArgoHealthCheck.CHART_SNIPPET));
    JsonNode cm = Manifests.parse(Files.readString(ArgoHealthCheck.CHART_SNIPPET)).one("ConfigMap");
    assertThat(cm.at("/metadata/name").asText()).isEqualTo("argocd-cm");
    assertThat(cm.path("data").size()).isEqualTo(2);
  }
}
