package io.smartoperator.bench;

import io.fabric8.kubernetes.api.model.Condition;
import io.smartoperator.api.v1alpha1.SmartApp;
import io.smartoperator.api.v1alpha1.SmartAppStatus;
import io.smartoperator.bench.AppMix.Outcome;
import io.smartoperator.bench.AppMix.PlannedApp;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * When an app has its final conditions: what the operator must report, per kind of app, once it
 * has nothing left to do for it. Every app, whatever its kind:
 * <ul>
 *   <li>carries the finalizer {@code smart-operator.io/finalizer};
 *   <li>has {@code status.observedGeneration} and every condition's observedGeneration equal to
 *       {@code metadata.generation};
 *   <li>reports its effective {@code status.clientId} and {@code status.appId} (= its name);
 *   <li>has exactly the condition types below (Stalled only where listed), as status/reason:
 * </ul>
 * <pre>
 * kind                 Ready                    Accepted                 CredentialsReady      Activated           Healthy               Stalled
 * confidential         True/Ready               True/Accepted            True/Generated        False/NoGateways    Unknown/NotMonitored  -
 * backend-service      True/Ready               True/Accepted            True/Generated        False/NoGateways    Unknown/NotMonitored  -
 * public               True/Ready               True/Accepted            True/NotRequired      False/NoGateways    Unknown/NotMonitored  -
 * invalid spec         False/InvalidSpec        False/InvalidSpec        Unknown/Pending       False/NoGateways    Unknown/NotMonitored  True/InvalidSpec
 * duplicate clientId   False/DuplicateClientId  False/DuplicateClientId  Unknown/Pending       False/NoGateways    Unknown/NotMonitored  True/DuplicateClientId
 * </pre>
 * and {@code status.credentialsSecret} is {@code <name>-credentials} for the first two kinds and
 * absent for the rest. (The Secret itself is checked once at the end, by listing Secrets.)
 */
final class FinalState {
  static final String FINALIZER = SmartApp.FINALIZER;

  private FinalState() {}

  /** Condition type → "status/reason" that {@code outcome} ends with, in the operator's order. */
  static Map<String, String> expectedConditions(Outcome outcome) {
    Map<String, String> c = new LinkedHashMap<>();
    switch (outcome) {
      case CONFIDENTIAL, BACKEND_SERVICE, PUBLIC -> {
        c.put("Ready", "True/Ready");
        c.put("Accepted", "True/Accepted");
        c.put("CredentialsReady", outcome == Outcome.PUBLIC ? "True/NotRequired" : "True/Generated");
      }
      case INVALID_SPEC, DUPLICATE_CLIENT_ID -> {
        String reason = outcome == Outcome.INVALID_SPEC ? "InvalidSpec" : "DuplicateClientId";
        c.put("Ready", "False/" + reason);
        c.put("Accepted", "False/" + reason);
        c.put("CredentialsReady", "Unknown/Pending");
      }
    }
    c.put("Activated", "False/NoGateways");
    c.put("Healthy", "Unknown/NotMonitored");
    if (outcome == Outcome.INVALID_SPEC) {
      c.put("Stalled", "True/InvalidSpec");
    } else if (outcome == Outcome.DUPLICATE_CLIENT_ID) {
      c.put("Stalled", "True/DuplicateClientId");
    }
    return c;
  }

  /** Null when {@code app} is final for {@code plan}; otherwise what is still missing, for diagnostics. */
  static String missing(SmartApp app, PlannedApp plan) {
    if (app.getMetadata().getFinalizers() == null || !app.getMetadata().getFinalizers().contains(FINALIZER)) {
      return "no finalizer";
    }
    SmartAppStatus status = app.getStatus();
    if (status == null || status.getConditions() == null) {
      return "no status";
    }
    Long generation = app.getMetadata().getGeneration();
    if (!Objects.equals(status.getObservedGeneration(), generation)) {
      return "observedGeneration " + status.getObservedGeneration() + " != generation " + generation;
    }
    if (!plan.clientId().equals(status.getClientId())) {
      return "clientId " + status.getClientId();
    }
    if (!app.getMetadata().getName().equals(status.getAppId())) {
      return "appId " + status.getAppId();
    }
    String secret = plan.hasGeneratedSecret() ? app.getMetadata().getName() + "-credentials" : null;
    if (!Objects.equals(secret, status.getCredentialsSecret())) {
      return "credentialsSecret " + status.getCredentialsSecret();
    }
    Map<String, String> actual = new LinkedHashMap<>();
    for (Condition c : status.getConditions()) {
      actual.put(c.getType(), c.getStatus() + "/" + c.getReason());
      if (!Objects.equals(c.getObservedGeneration(), generation)) {
        return c.getType() + ".observedGeneration " + c.getObservedGeneration();
      }
    }
    Map<String, String> expected = expectedConditions(plan.outcome());
    return actual.equals(expected) ? null : "conditions " + actual;
  }

  /** The table above, for the results file. */
  static Map<String, Map<String, String>> table() {
    Map<String, Map<String, String>> out = new LinkedHashMap<>();
    for (Outcome o : List.of(Outcome.values())) {
      out.put(o.name(), expectedConditions(o));
    }
    return out;
  }
}
