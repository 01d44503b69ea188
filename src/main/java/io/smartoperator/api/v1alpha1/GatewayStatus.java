package io.smartoperator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.List;

/** What the operator observed of a Gateway. Written only when it changes. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class GatewayStatus {
  @JsonPropertyDescription("The metadata.generation this status describes.")
  private Long observedGeneration;

  @JsonPropertyDescription("Ready, Accepted, Discovered, Healthy.")
  private List<Condition> conditions = new ArrayList<>();

  @JsonPropertyDescription("What <fhirBaseUrl>/.well-known/smart-configuration says.")
  private SmartConfiguration smartConfiguration;

  @JsonPropertyDescription("fhirVersion of the CapabilityStatement at <fhirBaseUrl>/metadata, e.g. 4.0.1.")
  private String fhirVersion;

  @JsonPropertyDescription("Number of apps whose activation here is True.")
  private Integer attachedApps;

  public Long getObservedGeneration() { return observedGeneration; }
  public void setObservedGeneration(Long observedGeneration) { this.observedGeneration = observedGeneration; }
  public List<Condition> getConditions() { return conditions; }
  public void setConditions(List<Condition> conditions) { this.conditions = conditions; }
  public SmartConfiguration getSmartConfiguration() { return smartConfiguration; }
  public void setSmartConfiguration(SmartConfiguration smartConfiguration) { this.smartConfiguration = smartConfiguration; }
  public String getFhirVersion() { return fhirVersion; }
  public void setFhirVersion(String fhirVersion) { this.fhirVersion = fhirVersion; }
  public Integer getAttachedApps() { return attachedApps; }
  public void setAttachedApps(Integer attachedApps) { this.attachedApps = attachedApps; }
}
