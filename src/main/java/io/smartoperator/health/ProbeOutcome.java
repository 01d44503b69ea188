package io.smartoperator.health;

import io.smartoperator.health.HealthState.Status;

/** How one probe ended; the lower-case tag is the {@code outcome} label of the probe metrics. */
enum ProbeOutcome {
  HEALTHY(Status.HEALTHY),
  UNHEALTHY(Status.UNHEALTHY),
  TIMEOUT(Status.UNREACHABLE),
  REFUSED(Status.UNREACHABLE),
  DNS(Status.UNREACHABLE),
  TLS(Status.UNREACHABLE),
  DENIED(Status.UNREACHABLE),
  ERROR(Status.UNREACHABLE);

  private final Status status;
  private final String tag;

  ProbeOutcome(Status status) {
    this.status = status;
    this.tag = name().toLowerCase(java.util.Locale.ROOT);
  }

  /** The verdict this outcome counts towards. */
  Status status() {
    return status;
  }

  String tag() {
    return tag;
  }

  boolean succeeded() {
    return this == HEALTHY;
  }
}
