package io.smartoperator.health;

import java.time.Instant;
import java.util.Objects;

/**
 * The health of a target as of its last transition. It changes only on a transition, so a
 * reconciler that copies it into status writes nothing new between transitions.
 *
 * @param status the verdict
 * @param message what happened, for the condition's message: {@code HTTP 503}, {@code connection
 *     refused}, {@code timed out after 5s}, {@code DNS: no such host x}, {@code TLS: ...},
 *     {@code denied by policy: ...}. It names at most the host, never the path or query.
 * @param statusCode the HTTP status of the probe that caused the transition, null when no
 *     response arrived
 * @param consecutiveFailures consecutive failed probes at the transition (0 when Healthy)
 * @param since when the transition happened
 */
public record HealthState(
    Status status, String message, Integer statusCode, int consecutiveFailures, Instant since) {

  /** The verdicts, with the reason and condition status each stands for. */
  public enum Status {
    /** The last probe got a 2xx or 3xx answer. */
    HEALTHY("Healthy", "True"),
    /** {@code failureThreshold} consecutive probes failed, the last with an HTTP answer other than 2xx/3xx. */
    UNHEALTHY("Unhealthy", "False"),
    /** {@code failureThreshold} consecutive probes failed, the last with no HTTP answer at all. */
    UNREACHABLE("Unreachable", "False"),
    /** No verdict yet: neither a success nor {@code failureThreshold} consecutive failures. */
    UNKNOWN("Pending", "Unknown");

    private final String reason;
    private final String conditionStatus;

    Status(String reason, String conditionStatus) {
      this.reason = reason;
      this.conditionStatus = conditionStatus;
    }

    /** The CamelCase reason of the Healthy condition. */
    public String reason() {
      return reason;
    }

    /** The status of the Healthy condition: True, False or Unknown. */
    public String conditionStatus() {
      return conditionStatus;
    }
  }

  public HealthState {
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(since, "since");
  }

  /** The state of a target that has not had a verdict yet. */
  static HealthState unknown(Instant since) {
    return new HealthState(Status.UNKNOWN,
        "no verdict yet: one success, or failureThreshold consecutive failures, decide", null, 0, since);
  }

  /** The CamelCase reason of the Healthy condition. */
  public String reason() {
    return status.reason();
  }

  /** The status of the Healthy condition: True, False or Unknown. */
  public String conditionStatus() {
    return status.conditionStatus();
  }
}
