package io.smartoperator.health;

/**
 * One probe's result.
 *
 * @param outcome how it ended
 * @param message what happened, as {@link HealthState#message()} shows it
 * @param statusCode the HTTP status, null when no response arrived
 * @param bodyBytes body bytes the prober took in before it stopped reading
 */
record ProbeResult(ProbeOutcome outcome, String message, Integer statusCode, long bodyBytes) {

  static ProbeResult answered(int statusCode, long bodyBytes) {
    // 3xx counts as healthy: redirects are not followed, so the answer itself is the verdict
    ProbeOutcome outcome = statusCode >= 200 && statusCode < 400 ? ProbeOutcome.HEALTHY : ProbeOutcome.UNHEALTHY;
    return new ProbeResult(outcome, "HTTP " + statusCode, statusCode, bodyBytes);
  }

  static ProbeResult failed(ProbeOutcome outcome, String message, Integer statusCode) {
    return new ProbeResult(outcome, message, statusCode, 0);
  }
}
