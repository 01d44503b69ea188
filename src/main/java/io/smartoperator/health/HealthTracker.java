package io.smartoperator.health;

import io.smartoperator.health.HealthState.Status;
import java.time.Instant;
import java.util.Optional;

/**
 * The verdict rules for one target, apart from any I/O:
 *
 * <ul>
 *   <li>one success makes it Healthy, from any state (Unknown included);
 *   <li>{@code failureThreshold} consecutive failures make a Healthy or Unknown target Unhealthy
 *       (the last failure was an HTTP answer) or Unreachable (no answer);
 *   <li>an Unhealthy target becomes Unreachable, or the reverse, only after
 *       {@code failureThreshold} consecutive failures of the new kind, so that a target which
 *       alternates between 503 and timeouts does not flap;
 *   <li>another message or status code with the same verdict (503 then 500, refused then timeout)
 *       is no transition: the state keeps what the transition saw.
 * </ul>
 *
 * Not thread-safe; the prober records one probe of a target at a time.
 */
final class HealthTracker {
  private HealthState state;
  private int consecutiveFailures;
  private Status streakStatus;
  private int streak;

  HealthTracker(HealthState initial) {
    this.state = initial;
  }

  HealthState state() {
    return state;
  }

  int consecutiveFailures() {
    return consecutiveFailures;
  }

  /** Takes in one probe's result; returns the new state when it is a transition. */
  Optional<HealthState> record(ProbeResult result, int failureThreshold, Instant now) {
    if (result.outcome().succeeded()) {
      consecutiveFailures = 0;
      streak = 0;
      streakStatus = null;
      return state.status() == Status.HEALTHY ? Optional.empty() : moveTo(Status.HEALTHY, result, now);
    }
    consecutiveFailures++;
    Status failure = result.outcome().status();
    streak = failure == streakStatus ? streak + 1 : 1;
    streakStatus = failure;
    return switch (state.status()) {
      case HEALTHY, UNKNOWN -> consecutiveFailures >= failureThreshold
          ? moveTo(failure, result, now) : Optional.empty();
      case UNHEALTHY, UNREACHABLE -> failure != state.status() && streak >= failureThreshold
          ? moveTo(failure, result, now) : Optional.empty();
    };
  }

  private Optional<HealthState> moveTo(Status status, ProbeResult result, Instant now) {
    state = new HealthState(status, result.message(), result.statusCode(), consecutiveFailures, now);
    return Optional.of(state);
  }
}
