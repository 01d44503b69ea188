package io.smartoperator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.SchemaFrom;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.ArrayList;
import java.util.List;

/** What a user declares about one app registration. The operator never writes it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "self.clientType == 'backend-service' || has(self.launchUri)",
    message = "launchUri is required unless clientType is backend-service")
@ValidationRule(
    value = "self.clientType == 'backend-service' || (has(self.redirectUris) && size(self.redirectUris) > 0)",
    message = "redirectUris needs at least one entry unless clientType is backend-service")
@ValidationRule(
    value = "self.clientType != 'public' || !has(self.credentials)",
    message = "credentials apply only to confidential and backend-service apps; remove them or change clientType")
@ValidationRule(
    value = "self.clientType != 'backend-service' || !has(self.scopes) || self.scopes.all(s, s.startsWith('system/'))",
    message = "a backend-service asks only for system/ scopes")
@ValidationRule(
    value = "self.clientType == 'backend-service' || !has(self.scopes) || self.scopes.all(s, !s.startsWith('system/'))",
    message = "system/ scopes are for backend-service apps only")
public class SmartAppSpec {

  @Required
  @Size(min = 1, max = 128)
  @JsonPropertyDescription("Name shown to administrators and in the app portal (1 to 128 characters).")
  private String displayName;

  @Size(max = 63)
  @Pattern(Patterns.DNS1123_LABEL)
  @JsonPropertyDescription("Identifies the registration within its namespace (the environment); unique there. "
      + "A DNS-1123 label. Default: metadata.name.")
  private String appId;

  @Size(max = 1024)
  @JsonPropertyDescription("Free text shown to administrators (at most 1024 characters).")
  private String description;

  @Pattern(Patterns.CLIENT_ID)
  @JsonPropertyDescription("OAuth client_id the app presents at the authorize step; unique across the platform. "
      + "Characters A-Z a-z 0-9 . _ ~ -, at most 128. Default: a UUIDv5 of <platformId>/<namespace>/<name>, "
      + "written to status.clientId (never into spec).")
  private String clientId;

  @Required
  @SchemaFrom(type = ClientType.class)
  @JsonPropertyDescription("public (no secret, e.g. a browser app), confidential (a server-side app with a client secret) "
      + "or backend-service (client_credentials, system/ scopes only).")
  private String clientType;

  @Size(max = 2048)
  @JsonPropertyDescription("The app's SMART launch URI. https, or http for loopback hosts only. "
      + "Required unless clientType is backend-service (ignored there).")
  private String launchUri;

  @Size(max = 2048)
  @JsonPropertyDescription("When set, the operator GETs this URI periodically and reports the Healthy condition. "
      + "http or https. When empty, the app is not monitored.")
  private String healthUri;

  @JsonPropertyDescription("How the healthUri is probed; operator defaults apply to fields left out.")
  private HealthCheck healthCheck;

  @Size(max = 32)
  @ValidationRule(value = "self.all(u, self.filter(v, v == u).size() == 1)", message = "redirectUris must be unique")
  @JsonPropertyDescription("Redirect URIs for the authorization code flow: https, http on loopback, or a private-use "
      + "scheme with a dot (com.example.app:/cb). At least one unless backend-service; at most 32; unique.")
  private List<@Size(max = 2048) String> redirectUris = new ArrayList<>();

  @Size(max = 100)
  @JsonPropertyDescription("SMART scopes (v1 or v2 grammar), e.g. launch, openid, fhirUser, patient/Observation.rs, "
      + "offline_access. A backend-service asks only for system/ scopes; other apps never do. At most 100.")
  private List<@Size(max = 256) String> scopes = new ArrayList<>();

  @JsonPropertyDescription("Where the client secret lives. Confidential and backend-service apps only.")
  private Credentials credentials;

  @Size(max = 16)
  @JsonPropertyDescription("Gateways this app is activated on (at most 16).")
  private List<GatewayRef> gatewayRefs = new ArrayList<>();

  @SchemaFrom(type = DeletionPolicy.class)
  @JsonPropertyDescription("Delete (default): on deletion, deregister from every gateway and delete the generated Secret. "
      + "Orphan: leave gateway registrations and the Secret in place.")
  private String deletionPolicy;

  public String getDisplayName() { return displayName; }
  public void setDisplayName(String displayName) { this.displayName = displayName; }
  public String getAppId() { return appId; }
  public void setAppId(String appId) { this.appId = appId; }
  public String getDescription() { return description; }
  public void setDescription(String description) { this.description = description; }
  public String getClientId() { return clientId; }
  public void setClientId(String clientId) { this.clientId = clientId; }
  public String getClientType() { return clientType; }
  public void setClientType(String clientType) { this.clientType = clientType; }
  public String getLaunchUri() { return launchUri; }
  public void setLaunchUri(String launchUri) { this.launchUri = launchUri; }
  public String getHealthUri() { return healthUri; }
  public void setHealthUri(String healthUri) { this.healthUri = healthUri; }
  public HealthCheck getHealthCheck() { return healthCheck; }
  public void setHealthCheck(HealthCheck healthCheck) { this.healthCheck = healthCheck; }
  public List<String> getRedirectUris() { return redirectUris; }
  public void setRedirectUris(List<String> redirectUris) { this.redirectUris = redirectUris; }
  public List<String> getScopes() { return scopes; }
  public void setScopes(List<String> scopes) { this.scopes = scopes; }
  public Credentials getCredentials() { return credentials; }
  public void setCredentials(Credentials credentials) { this.credentials = credentials; }
  public List<GatewayRef> getGatewayRefs() { return gatewayRefs; }
  public void setGatewayRefs(List<GatewayRef> gatewayRefs) { this.gatewayRefs = gatewayRefs; }
  public String getDeletionPolicy() { return deletionPolicy; }
  public void setDeletionPolicy(String deletionPolicy) { this.deletionPolicy = deletionPolicy; }
}
