package io.smartoperator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.LinkedHashMap;
import java.util.Map;

/** Metadata added to a generated Secret, e.g. for a backup tool or a reflector. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public class SecretTemplate {
  @JsonPropertyDescription("Labels added to the Secret. The operator's own labels win on a clash.")
  private Map<String, String> labels = new LinkedHashMap<>();

  @JsonPropertyDescription("Annotations added to the Secret.")
  private Map<String, String> annotations = new LinkedHashMap<>();

  public Map<String, String> getLabels() { return labels; }
  public void setLabels(Map<String, String> labels) { this.labels = labels; }
  public Map<String, String> getAnnotations() { return annotations; }
  public void setAnnotations(Map<String, String> annotations) { this.annotations = annotations; }
}
