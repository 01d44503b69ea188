package io.smartoperator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.SchemaFrom;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.LabelSelector;

/** Same (default), All, or Selector on namespace labels. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "(has(self.from) && self.from == 'Selector') == has(self.selector)",
    message = "selector is required when from is Selector, and allowed only then")
public class AllowedNamespaces {
  @SchemaFrom(type = NamespacesFrom.class)
  @JsonPropertyDescription("Same: the gateway's namespace only (default). All: every namespace. "
      + "Selector: namespaces whose labels match selector.")
  private String from;

  @JsonPropertyDescription("Namespace label selector, with from: Selector.")
  private LabelSelector selector;

  public String getFrom() { return from; }
  public void setFrom(String from) { this.from = from; }
  public LabelSelector getSelector() { return selector; }
  public void setSelector(LabelSelector selector) { this.selector = selector; }
}
