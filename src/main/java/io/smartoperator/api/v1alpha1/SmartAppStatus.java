package io.smartoperator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.List;

/** What the operator observed of a SmartApp. Written only when it changes. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class SmartAppStatus {
  @JsonPropertyDescription("The metadata.generation this status describes.")
  private Long observedGeneration;

  @JsonPropertyDescription("The effective client_id: spec.clientId, or the generated one.")
  private String clientId;

  @JsonPropertyDescription("The effective appId: spec.appId, or metadata.name.")
  private String appId;

  @JsonPropertyDescription("Name of the Secret holding the client secret (generated, or the existingSecretRef's).")
  private String credentialsSecret;

  @JsonPropertyDescription("Ready, Accepted, CredentialsReady, Activated, Healthy, and Stalled when an edit is needed.")
  private List<Condition> conditions = new ArrayList<>();

  @JsonPropertyDescription("One entry per gatewayRef: where the app is activated and how it is launched there.")
  private List<GatewayActivationStatus> gateways = new ArrayList<>();

  @JsonPropertyDescription("Number of gateways on which the app is activated.")
  private Integer activatedGateways;

  @JsonPropertyDescription("Result of health monitoring, when a healthUri is set. Updated on transitions only.")
  private HealthStatus health;

  public Long getObservedGeneration() { return observedGeneration; }
  public void setObservedGeneration(Long observedGeneration) { this.observedGeneration = observedGeneration; }
  public String getClientId() { return clientId; }
  public void setClientId(String clientId) { this.clientId = clientId; }
  public String getAppId() { return appId; }
  public void setAppId(String appId) { this.appId = appId; }
  public String getCredentialsSecret() { return credentialsSecret; }
  public void setCredentialsSecret(String credentialsSecret) { this.credentialsSecret = credentialsSecret; }
  public List<Condition> getConditions() { return conditions; }
  public void setConditions(List<Condition> conditions) { this.conditions = conditions; }
  public List<GatewayActivationStatus> getGateways() { return gateways; }
  public void setGateways(List<GatewayActivationStatus> gateways) { this.gateways = gateways; }
  public Integer getActivatedGateways() { return activatedGateways; }
  public void setActivatedGateways(Integer activatedGateways) { this.activatedGateways = activatedGateways; }
  public HealthStatus getHealth() { return health; }
  public void setHealth(HealthStatus health) { this.health = health; }
}
