package io.smartoperator.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.smartoperator.api.v1alpha1.Gateway;
import io.smartoperator.api.v1alpha1.GatewaySpec;
import io.smartoperator.testing.OperatorHarness;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class GatewayControllerTest {
  static OperatorHarness k8s;

  @BeforeAll
  static void start() {
    k8s = OperatorHarness.start();
    k8s.namespace("platform");
  }

  @AfterAll
  static void stop() {
    k8s.close();
  }

  static Gateway gateway(String name, String fhirBaseUrl) {
    Gateway gw = new Gateway();
    gw.setMetadata(new ObjectMetaBuilder().withNamespace("platform").withName(name).build());
    GatewaySpec spec = new GatewaySpec();
    spec.setDisplayName("Gateway " + name);
    spec.setFhirBaseUrl(fhirBaseUrl);
    gw.setSpec(spec);
    return gw;
  }

  static Condition condition(Gateway gw, String type) {
    return OperatorHarness.condition(gw.getStatus().getConditions(), type).orElseThrow();
  }

  @Test
  void validGatewayIsAcceptedAndReadyWithEveryCondition() {
    k8s.client.resource(gateway("prod", "https://fhir.example.org/r4")).create();
    await().atMost(OperatorHarness.WAIT).untilAsserted(() -> {
      Gateway gw = k8s.gateway("platform", "prod");
      assertThat(gw.getStatus()).isNotNull();
      assertThat(condition(gw, "Ready").getStatus()).isEqualTo("True");
    });
    Gateway gw = k8s.gateway("platform", "prod");
    assertThat(gw.getStatus().getConditions()).extracting(Condition::getType)
        .containsExactly("Ready", "Accepted", "Discovered", "Healthy");
    assertThat(condition(gw, "Accepted").getReason()).isEqualTo("Accepted");
    assertThat(condition(gw, "Discovered").getStatus()).isEqualTo("Unknown");
    assertThat(gw.getStatus().getObservedGeneration()).isEqualTo(gw.getMetadata().getGeneration());
    assertThat(gw.getStatus().getAttachedApps()).isZero();
  }

  @Test
  void invalidGatewayIsNotAcceptedAndSaysWhatToChange() {
    Gateway bad = gateway("bad", "http://fhir.example.org/r4#frag");
    bad.getSpec().setFhirVersion("R9");
    k8s.client.resource(bad).create();
    await().atMost(OperatorHarness.WAIT).untilAsserted(() -> {
      Gateway gw = k8s.gateway("platform", "bad");
      assertThat(gw.getStatus()).isNotNull();
      assertThat(condition(gw, "Accepted").getReason()).isEqualTo("InvalidSpec");
    });
    Gateway gw = k8s.gateway("platform", "bad");
    assertThat(condition(gw, "Accepted").getMessage()).contains("spec.fhirBaseUrl", "spec.fhirVersion");
    assertThat(condition(gw, "Ready").getStatus()).isEqualTo("False");
    assertThat(condition(gw, "Stalled").getStatus()).isEqualTo("True");
    await().atMost(OperatorHarness.WAIT).untilAsserted(() -> assertThat(k8s.events("platform", "bad"))
        .extracting(e -> e.getType() + "/" + e.getReason()).containsExactly("Warning/InvalidSpec"));

    // Fixed by the user: Accepted, Ready, and Stalled gone.
    gw.getSpec().setFhirBaseUrl("https://fhir.example.org/r4");
    gw.getSpec().setFhirVersion("R4");
    k8s.client.resource(gw).update();
    await().atMost(OperatorHarness.WAIT).untilAsserted(() -> {
      Gateway fixed = k8s.gateway("platform", "bad");
      assertThat(condition(fixed, "Ready").getStatus()).isEqualTo("True");
      assertThat(fixed.getStatus().getConditions()).extracting(Condition::getType).doesNotContain("Stalled");
    });
  }
}
