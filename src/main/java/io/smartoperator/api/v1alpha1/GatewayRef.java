package io.smartoperator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/** A Gateway an app is activated on. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class GatewayRef {
  @Required
  @Size(min = 1, max = 253)
  @Pattern(Patterns.DNS1123_SUBDOMAIN)
  @JsonPropertyDescription("Name of the Gateway (gateways.smart-operator.io).")
  private String name;

  @Size(max = 63)
  @Pattern(Patterns.DNS1123_LABEL)
  @JsonPropertyDescription("Namespace of the Gateway. Default: the app's namespace.")
  private String namespace;

  public GatewayRef() {}

  public GatewayRef(String name, String namespace) {
    this.name = name;
    this.namespace = namespace;
  }

  public String getName() { return name; }
  public void setName(String name) { this.name = name; }
  public String getNamespace() { return namespace; }
  public void setNamespace(String namespace) { this.namespace = namespace; }
}
