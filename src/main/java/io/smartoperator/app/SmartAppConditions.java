package io.smartoperator.app;

import io.smartoperator.status.Conditions;
import io.smartoperator.status.Conditions.Observed;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** The SmartApp's condition vocabulary and the summaries (Ready, Stalled) derived from it. */
final class SmartAppConditions {
  static final String READY = "Ready";
  static final String ACCEPTED = "Accepted";
  static final String CREDENTIALS_READY = AppCredentials.TYPE;
  static final String ACTIVATED = "Activated";
  static final String HEALTHY = "Healthy";
  static final String STALLED = "Stalled";
  static final String PENDING = "Pending";

  /** Reasons that only a user's edit can clear: Flux should fail fast on them. */
  static final Set<String> STALLING = Set.of(
      "InvalidSpec", "DuplicateAppId", "DuplicateClientId", "KeyNotFound", "SecretConflict");

  private SmartAppConditions() {}

  /**
   * Every condition, in a stable order. Ready is True when Accepted and CredentialsReady are True
   * and, with gatewayRefs, Activated is True; Activated=False/NoGateways does not block it, and
   * Healthy never does. Stalled is present only when True.
   */
  static List<Observed> all(Observed accepted, Observed credentials, Observed activated,
      Observed healthy, boolean hasGatewayRefs) {
    List<Observed> blocking = new ArrayList<>(List.of(accepted, credentials));
    if (hasGatewayRefs) {
      blocking.add(activated);
    }
    List<Observed> out = new ArrayList<>();
    out.add(ready(blocking));
    out.add(accepted);
    out.add(credentials);
    out.add(activated);
    out.add(healthy);
    blocking.stream()
        .filter(c -> Conditions.FALSE.equals(c.status()) && STALLING.contains(c.reason()))
        .findFirst()
        .ifPresent(c -> out.add(Observed.of(STALLED, Conditions.TRUE, c.reason(), c.message())));
    return out;
  }

  private static Observed ready(List<Observed> blocking) {
    for (String status : List.of(Conditions.FALSE, Conditions.UNKNOWN)) {
      for (Observed c : blocking) {
        if (status.equals(c.status())) {
          return Observed.of(READY, status, c.reason(), c.type() + ": " + c.message());
        }
      }
    }
    return Observed.of(READY, Conditions.TRUE, READY, "the app is registered and its credentials are ready");
  }
}
