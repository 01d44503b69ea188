package io.smartoperator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** The last health transition of a monitored app. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class HealthStatus {
  @JsonPropertyDescription("When the health last changed (RFC 3339).")
  private String lastTransitionTime;

  @JsonPropertyDescription("HTTP status of the probe that caused the last transition, when there was a response.")
  private Integer statusCode;

  @JsonPropertyDescription("Consecutive failed probes at the last transition.")
  private Integer consecutiveFailures;

  public String getLastTransitionTime() { return lastTransitionTime; }
  public void setLastTransitionTime(String lastTransitionTime) { this.lastTransitionTime = lastTransitionTime; }
  public Integer getStatusCode() { return statusCode; }
  public void setStatusCode(Integer statusCode) { this.statusCode = statusCode; }
  public Integer getConsecutiveFailures() { return consecutiveFailures; }
  public void setConsecutiveFailures(Integer consecutiveFailures) { this.consecutiveFailures = consecutiveFailures; }
}
