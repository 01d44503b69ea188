package io.smartoperator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** The gateway's side of the activation handshake (like Gateway API's allowedRoutes). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class AllowedApps {
  @JsonPropertyDescription("Namespaces whose apps may activate here.")
  private AllowedNamespaces namespaces;

  public AllowedNamespaces getNamespaces() { return namespaces; }
  public void setNamespaces(AllowedNamespaces namespaces) { this.namespaces = namespaces; }
}
