package io.smartoperator.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.smartoperator.api.v1alpha1.Gateway;
import io.smartoperator.api.v1alpha1.GatewaySpec;
import io.smartoperator.testing.FhirTestServer;
import io.smartoperator.testing.OperatorHarness;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class GatewayControllerTest {
  static OperatorHarness k8s;
  static FhirTestServer fhir;

  @BeforeAll
  static void start() {
    fhir = FhirTestServer.start();
    k8s = OperatorHarness.start();
    k8s.namespace("platform");
  }

  @AfterAll
  static void stop() {
    k8s.close();
    fhir.close();
  }

  static Gateway awaitGateway(String name, String type, String status, String reason) {
    await().atMost(OperatorHarness.WAIT).untilAsserted(() -> {
      Gateway gw = k8s.gateway("platform", name);
      assertThat(gw.getStatus()).isNotNull();
      assertThat(condition(gw, type)).extracting(Condition::getStatus, Condition::getReason)
          .containsExactly(status, reason);
    });
    return k8s.gateway("platform", name);
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
    k8s.client.resource(gateway("prod", fhir.baseUrl())).create();
    Gateway gw = awaitGateway("prod", "Ready", "True", "Ready");
    assertThat(gw.getStatus().getConditions()).extracting(Condition::getType)
        .containsExactly("Ready", "Accepted", "Discovered", "Healthy");
    assertThat(condition(gw, "Accepted").getReason()).isEqualTo("Accepted");
    assertThat(condition(gw, "Discovered").getReason()).isEqualTo("Discovered");
    assertThat(gw.getStatus().getFhirVersion()).isEqualTo("4.0.1");
    assertThat(gw.getStatus().getSmartConfiguration().getTokenEndpoint()).endsWith("/oauth2/token");
    assertThat(gw.getStatus().getSmartConfiguration().getCapabilities()).contains("client-public");
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
    gw.getSpec().setFhirBaseUrl(fhir.baseUrl());
    gw.getSpec().setFhirVersion("R4");
    k8s.client.resource(gw).update();
    await().atMost(OperatorHarness.WAIT).untilAsserted(() -> {
      Gateway fixed = k8s.gateway("platform", "bad");
      assertThat(condition(fixed, "Ready").getStatus()).isEqualTo("True");
      assertThat(fixed.getStatus().getConditions()).extracting(Condition::getType).doesNotContain("Stalled");
    });
  }

  @Test
  void discoveryNamesMissingFieldsAndReportsNotFoundAndServerErrors() {
    try (FhirTestServer broken = FhirTestServer.start()) {
      Map<String, Object> doc = new java.util.LinkedHashMap<>(FhirTestServer.smartConfigurationFor("http://127.0.0.1:9/auth"));
      doc.remove("token_endpoint");
      doc.remove("grant_types_supported");
      broken.smartConfiguration(doc);
      k8s.client.resource(gateway("invalid-doc", broken.baseUrl())).create();
      Gateway invalid = awaitGateway("invalid-doc", "Discovered", "False", "Invalid");
      assertThat(condition(invalid, "Discovered").getMessage()).contains("token_endpoint", "grant_types_supported");
      assertThat(condition(invalid, "Ready").getStatus()).isEqualTo("False");

      broken.smartConfigurationNotFound();
      k8s.client.resource(gateway("not-found", broken.baseUrl())).create();
      awaitGateway("not-found", "Discovered", "False", "NotFound");

      broken.failEverything(true);
      k8s.client.resource(gateway("server-error", broken.baseUrl())).create();
      Gateway failing = awaitGateway("server-error", "Discovered", "False", "Unreachable");
      assertThat(condition(failing, "Discovered").getMessage()).contains("500");
      await().atMost(OperatorHarness.WAIT).untilAsserted(() -> assertThat(k8s.events("platform", "server-error"))
          .extracting(e -> e.getType() + "/" + e.getReason()).contains("Warning/Unreachable"));
    }
    assertThat(List.of("invalid-doc", "not-found", "server-error")).allSatisfy(
        name -> assertThat(condition(k8s.gateway("platform", name), "Accepted").getStatus()).isEqualTo("True"));
  }
}
