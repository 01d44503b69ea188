package io.smartoperator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.SchemaFrom;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/** A FHIR endpoint, its authorization server, and who may activate apps on it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class GatewaySpec {
  @Required
  @Size(min = 1, max = 128)
  @JsonPropertyDescription("Name shown to administrators (1 to 128 characters).")
  private String displayName;

  @Size(max = 1024)
  @JsonPropertyDescription("Free text shown to administrators.")
  private String description;

  @Required
  @Size(min = 1, max = 2048)
  @JsonPropertyDescription("The FHIR base URL: the iss that activated apps are launched with. "
      + "SMART configuration is discovered at <fhirBaseUrl>/.well-known/smart-configuration.")
  private String fhirBaseUrl;

  @SchemaFrom(type = FhirVersion.class)
  @JsonPropertyDescription("FHIR release the endpoint serves: DSTU2, STU3, R4, R4B or R5.")
  private String fhirVersion;

  @Size(max = 2048)
  @JsonPropertyDescription("URI probed for the gateway's health. Default: <fhirBaseUrl>/metadata.")
  private String healthUri;

  @JsonPropertyDescription("Which namespaces may activate apps here. Default: the gateway's own namespace.")
  private AllowedApps allowedApps;

  @JsonPropertyDescription("How an activation reaches the gateway's authorization server. Default: mode None.")
  private Registration registration;

  public String getDisplayName() { return displayName; }
  public void setDisplayName(String displayName) { this.displayName = displayName; }
  public String getDescription() { return description; }
  public void setDescription(String description) { this.description = description; }
  public String getFhirBaseUrl() { return fhirBaseUrl; }
  public void setFhirBaseUrl(String fhirBaseUrl) { this.fhirBaseUrl = fhirBaseUrl; }
  public String getFhirVersion() { return fhirVersion; }
  public void setFhirVersion(String fhirVersion) { this.fhirVersion = fhirVersion; }
  public String getHealthUri() { return healthUri; }
  public void setHealthUri(String healthUri) { this.healthUri = healthUri; }
  public AllowedApps getAllowedApps() { return allowedApps; }
  public void setAllowedApps(AllowedApps allowedApps) { this.allowedApps = allowedApps; }
  public Registration getRegistration() { return registration; }
  public void setRegistration(Registration registration) { this.registration = registration; }
}
