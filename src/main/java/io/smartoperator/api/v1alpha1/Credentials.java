package io.smartoperator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/**
 * The client secret of a confidential or backend-service app: generated into a Secret the
 * operator owns, or read from a Secret the user supplies.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "!has(self.existingSecretRef) || (!has(self.secretName) && !has(self.rotation) && !has(self.template))",
    message = "existingSecretRef excludes secretName, rotation and template: the operator writes no Secret of its own then")
public class Credentials {
  @Size(max = 253)
  @Pattern(Patterns.DNS1123_SUBDOMAIN)
  @JsonPropertyDescription("Name of the Secret the operator writes (keys client_id, client_secret). "
      + "Default: <metadata.name>-credentials.")
  private String secretName;

  @JsonPropertyDescription("A Secret the user supplies, holding the client secret under the given key. "
      + "The operator only reads it; when it is missing the app waits (SecretNotFound), nothing is generated.")
  private SecretKeyRef existingSecretRef;

  @Size(max = 63)
  @JsonPropertyDescription("Change this value (for example to the month, \"2026-11\") to rotate a generated secret.")
  private String rotation;

  @JsonPropertyDescription("Extra labels and annotations for the generated Secret.")
  private SecretTemplate template;

  public String getSecretName() { return secretName; }
  public void setSecretName(String secretName) { this.secretName = secretName; }
  public SecretKeyRef getExistingSecretRef() { return existingSecretRef; }
  public void setExistingSecretRef(SecretKeyRef existingSecretRef) { this.existingSecretRef = existingSecretRef; }
  public String getRotation() { return rotation; }
  public void setRotation(String rotation) { this.rotation = rotation; }
  public SecretTemplate getTemplate() { return template; }
  public void setTemplate(SecretTemplate template) { this.template = template; }
}
