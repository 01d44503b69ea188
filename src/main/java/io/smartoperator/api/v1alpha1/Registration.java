package io.smartoperator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.SchemaFrom;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/** How activations are made known to the gateway's authorization server. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "(has(self.mode) && self.mode == 'DynamicClientRegistration') || (!has(self.endpoint) && !has(self.initialAccessTokenSecretRef))",
    message = "endpoint and initialAccessTokenSecretRef apply only to mode DynamicClientRegistration")
public class Registration {
  @SchemaFrom(type = RegistrationMode.class)
  @JsonPropertyDescription("None (default): activation is recorded in statuses only. Secret: the operator keeps a Secret "
      + "<gateway>-clients with clients.json for the gateway to mount. DynamicClientRegistration: RFC 7591/7592 "
      + "against the authorization server.")
  private String mode;

  @Size(max = 2048)
  @JsonPropertyDescription("RFC 7591 registration endpoint. Default: registration_endpoint from SMART discovery.")
  private String endpoint;

  @JsonPropertyDescription("Secret key holding an initial access token for the registration endpoint.")
  private SecretKeyRef initialAccessTokenSecretRef;

  public String getMode() { return mode; }
  public void setMode(String mode) { this.mode = mode; }
  public String getEndpoint() { return endpoint; }
  public void setEndpoint(String endpoint) { this.endpoint = endpoint; }
  public SecretKeyRef getInitialAccessTokenSecretRef() { return initialAccessTokenSecretRef; }
  public void setInitialAccessTokenSecretRef(SecretKeyRef ref) { this.initialAccessTokenSecretRef = ref; }
}
