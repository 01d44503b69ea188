package io.smartoperator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.List;

/** The state of one activation: an app on one gateway (Gateway API style per-parent status). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class GatewayActivationStatus {
  @JsonPropertyDescription("Name of the Gateway.")
  private String name;

  @JsonPropertyDescription("Namespace of the Gateway.")
  private String namespace;

  @JsonPropertyDescription("The gateway's FHIR base URL: the iss the app is launched with.")
  private String fhirBaseUrl;

  @JsonPropertyDescription("The app's launchUri with iss added.")
  private String launchUrl;

  @JsonPropertyDescription("The client_id the gateway's authorization server issued (dynamic client registration).")
  private String clientId;

  @JsonPropertyDescription("Activated, with the reason when it is not True.")
  private List<Condition> conditions = new ArrayList<>();

  public String getName() { return name; }
  public void setName(String name) { this.name = name; }
  public String getNamespace() { return namespace; }
  public void setNamespace(String namespace) { this.namespace = namespace; }
  public String getFhirBaseUrl() { return fhirBaseUrl; }
  public void setFhirBaseUrl(String fhirBaseUrl) { this.fhirBaseUrl = fhirBaseUrl; }
  public String getLaunchUrl() { return launchUrl; }
  public void setLaunchUrl(String launchUrl) { this.launchUrl = launchUrl; }
  public String getClientId() { return clientId; }
  public void setClientId(String clientId) { this.clientId = clientId; }
  public List<Condition> getConditions() { return conditions; }
  public void setConditions(List<Condition> conditions) { this.conditions = conditions; }
}
