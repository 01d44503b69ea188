package io.smartoperator.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.List;
import org.junit.jupiter.api.Test;

class StatusTableTest {

  static GenericKubernetesResource object(String json) {
    return Serialization.unmarshal(json, GenericKubernetesResource.class);
  }

  static final GenericKubernetesResource NEW_APP = object("""
      {"apiVersion": "smart-operator.io/v1alpha1", "kind": "SmartApp",
       "metadata": {"name": "growth-chart", "namespace": "pediatrics"},
       "spec": {"clientType": "confidential"}}
      """);

  static final GenericKubernetesResource RECONCILED_APP = object("""
      {"apiVersion": "smart-operator.io/v1alpha1", "kind": "SmartApp",
       "metadata": {"name": "bilirubin", "namespace": "pediatrics"},
       "spec": {"clientType": "public"},
       "status": {"conditions": [
         {"type": "Ready", "status": "False", "reason": "NotActivated", "message": "see Activated"},
         {"type": "Accepted", "status": "True", "reason": "Accepted", "message": ""},
         {"type": "CredentialsReady", "status": "True", "reason": "NotRequired", "message": ""},
         {"type": "Activated", "status": "False", "reason": "GatewayNotFound", "message": "Gateway platform/prod does not exist"},
         {"type": "Healthy", "status": "Unknown", "reason": "NotMonitored", "message": "no healthUri"}]}}
      """);

  static final GenericKubernetesResource GATEWAY = object("""
      {"apiVersion": "smart-operator.io/v1alpha1", "kind": "Gateway",
       "metadata": {"name": "prod", "namespace": "platform"},
       "spec": {"fhirBaseUrl": "https://fhir.example.org/r4"},
       "status": {"attachedApps": 3, "conditions": [
         {"type": "Ready", "status": "True", "reason": "Ready"},
         {"type": "Accepted", "status": "True", "reason": "Accepted"},
         {"type": "Discovered", "status": "True", "reason": "Discovered"},
         {"type": "Healthy", "status": "True", "reason": "Healthy"}]}}
      """);

  @Test
  void anAppWithoutStatusShowsDashesAndWaits() {
    String table = StatusTable.render(List.of(NEW_APP), List.of());

    assertThat(table.lines().findFirst()).get().asString().startsWith(
        "NAMESPACE    NAME           KIND       CLIENT-TYPE    READY   ACCEPTED   CREDENTIALS   ACTIVATED   HEALTHY   MESSAGE");
    assertThat(table).containsPattern(
        "pediatrics\\s+growth-chart\\s+SmartApp\\s+confidential\\s+-\\s+-\\s+-\\s+-\\s+-\\s+waiting for the operator");
    assertThat(table).contains("No Gateways.");
  }

  @Test
  void theMessageIsTheFirstConditionThatIsNotTrue() {
    String table = StatusTable.render(List.of(RECONCILED_APP, NEW_APP), List.of(GATEWAY));

    assertThat(table).containsPattern(
        "pediatrics\\s+bilirubin\\s+SmartApp\\s+public\\s+False\\s+True\\s+True\\s+False\\s+Unknown\\s+"
            + "GatewayNotFound: Gateway platform/prod does not exist");
    // sorted by namespace, then name
    assertThat(table.indexOf("bilirubin")).isLessThan(table.indexOf("growth-chart"));
    assertThat(table).containsPattern(
        "platform\\s+prod\\s+Gateway\\s+https://fhir.example.org/r4\\s+True\\s+True\\s+True\\s+True\\s+3\\s*\n");
  }

  @Test
  void aStalledConditionComesFirstAndLongMessagesAreCut() {
    GenericKubernetesResource stalled = object("""
        {"metadata": {"name": "dup", "namespace": "a"}, "spec": {"clientType": "public"},
         "status": {"conditions": [
           {"type": "Accepted", "status": "False", "reason": "DuplicateClientId", "message": "%s"},
           {"type": "Stalled", "status": "True", "reason": "DuplicateClientId", "message": "edit the clientId"}]}}
        """.formatted("x".repeat(200)));

    assertThat(StatusTable.message(stalled, List.of("Accepted"))).isEqualTo("DuplicateClientId: edit the clientId");
    stalled.setAdditionalProperty("status", java.util.Map.of("conditions", List.of(java.util.Map.of(
        "type", "Accepted", "status", "False", "reason", "InvalidSpec", "message", "y".repeat(200)))));
    assertThat(StatusTable.message(stalled, List.of("Accepted")))
        .hasSize(StatusTable.MESSAGE_WIDTH).endsWith("...");
  }
}
