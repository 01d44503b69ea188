package io.smartoperator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.ValidationRule;

/** Probe settings for a healthUri; a field left out takes the operator's default. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "!has(self.periodSeconds) || !has(self.timeoutSeconds) || self.timeoutSeconds < self.periodSeconds",
    message = "timeoutSeconds must be shorter than periodSeconds")
public class HealthCheck {
  @Min(5)
  @Max(3600)
  @JsonPropertyDescription("Seconds between probes, 5 to 3600. Operator default: 30.")
  private Integer periodSeconds;

  @Min(1)
  @Max(60)
  @JsonPropertyDescription("Seconds before a probe counts as failed, 1 to 60. Operator default: 5.")
  private Integer timeoutSeconds;

  @Min(1)
  @Max(100)
  @JsonPropertyDescription("Consecutive failures before the app is reported unhealthy, 1 to 100. Operator default: 3.")
  private Integer failureThreshold;

  public Integer getPeriodSeconds() { return periodSeconds; }
  public void setPeriodSeconds(Integer periodSeconds) { this.periodSeconds = periodSeconds; }
  public Integer getTimeoutSeconds() { return timeoutSeconds; }
  public void setTimeoutSeconds(Integer timeoutSeconds) { this.timeoutSeconds = timeoutSeconds; }
  public Integer getFailureThreshold() { return failureThreshold; }
  public void setFailureThreshold(Integer failureThreshold) { this.failureThreshold = failureThreshold; }
}
