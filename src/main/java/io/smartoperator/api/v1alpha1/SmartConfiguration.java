package io.smartoperator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.ArrayList;
import java.util.List;

/** The parts of a SMART configuration document the operator acts on. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class SmartConfiguration {
  @JsonPropertyDescription("issuer")
  private String issuer;
  @JsonPropertyDescription("authorization_endpoint")
  private String authorizationEndpoint;
  @JsonPropertyDescription("token_endpoint")
  private String tokenEndpoint;
  @JsonPropertyDescription("registration_endpoint")
  private String registrationEndpoint;
  @JsonPropertyDescription("capabilities, e.g. launch-ehr, client-public, client-confidential-symmetric")
  private List<String> capabilities = new ArrayList<>();
  @JsonPropertyDescription("grant_types_supported")
  private List<String> grantTypesSupported = new ArrayList<>();
  @JsonPropertyDescription("token_endpoint_auth_methods_supported")
  private List<String> tokenEndpointAuthMethodsSupported = new ArrayList<>();
  @JsonPropertyDescription("scopes_supported")
  private List<String> scopesSupported = new ArrayList<>();

  public String getIssuer() { return issuer; }
  public void setIssuer(String issuer) { this.issuer = issuer; }
  public String getAuthorizationEndpoint() { return authorizationEndpoint; }
  public void setAuthorizationEndpoint(String v) { this.authorizationEndpoint = v; }
  public String getTokenEndpoint() { return tokenEndpoint; }
  public void setTokenEndpoint(String tokenEndpoint) { this.tokenEndpoint = tokenEndpoint; }
  public String getRegistrationEndpoint() { return registrationEndpoint; }
  public void setRegistrationEndpoint(String v) { this.registrationEndpoint = v; }
  public List<String> getCapabilities() { return capabilities; }
  public void setCapabilities(List<String> capabilities) { this.capabilities = capabilities; }
  public List<String> getGrantTypesSupported() { return grantTypesSupported; }
  public void setGrantTypesSupported(List<String> v) { this.grantTypesSupported = v; }
  public List<String> getTokenEndpointAuthMethodsSupported() { return tokenEndpointAuthMethodsSupported; }
  public void setTokenEndpointAuthMethodsSupported(List<String> v) { this.tokenEndpointAuthMethodsSupported = v; }
  public List<String> getScopesSupported() { return scopesSupported; }
  public void setScopesSupported(List<String> scopesSupported) { this.scopesSupported = scopesSupported; }
}
