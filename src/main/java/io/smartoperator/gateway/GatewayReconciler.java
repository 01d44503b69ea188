package io.smartoperator.gateway;

import io.fabric8.kubernetes.client.utils.Serialization;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.smartoperator.api.v1alpha1.Gateway;
import io.smartoperator.api.v1alpha1.GatewayStatus;
import io.smartoperator.status.Conditions;
import io.smartoperator.status.Conditions.Observed;
import io.smartoperator.status.EventRecorder;
import io.smartoperator.validation.GatewayRules;
import io.smartoperator.validation.Validation;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The Gateway controller, first part: validates the spec and reports Accepted and Ready. SMART
 * discovery, health and activation come with the Gateway issue; until then Discovered and Healthy
 * stay Unknown and Ready follows Accepted.
 */
@ControllerConfiguration(name = GatewayReconciler.NAME)
public class GatewayReconciler implements Reconciler<Gateway> {
  public static final String NAME = "gateway";
  static final String READY = "Ready";
  static final String ACCEPTED = "Accepted";
  static final String DISCOVERED = "Discovered";
  static final String HEALTHY = "Healthy";
  static final String STALLED = "Stalled";

  private final EventRecorder events;

  public GatewayReconciler(EventRecorder events) {
    this.events = events;
  }

  @Override
  public UpdateControl<Gateway> reconcile(Gateway gateway, Context<Gateway> context) {
    GatewayStatus previous = gateway.getStatus() == null ? new GatewayStatus() : gateway.getStatus();
    Validation validation = GatewayRules.validate(gateway);
    Observed accepted = validation.ok()
        ? Observed.of(ACCEPTED, Conditions.TRUE, "Accepted", "the spec is valid")
        : Observed.of(ACCEPTED, Conditions.FALSE, "InvalidSpec", validation.summary());
    List<Observed> observed = new ArrayList<>();
    observed.add(validation.ok()
        ? Observed.of(READY, Conditions.TRUE, READY, "the gateway is accepted")
        : Observed.of(READY, Conditions.FALSE, "InvalidSpec", ACCEPTED + ": " + validation.summary()));
    observed.add(accepted);
    observed.add(Observed.of(DISCOVERED, Conditions.UNKNOWN, "Pending",
        "SMART configuration has not been discovered yet"));
    observed.add(Observed.of(HEALTHY, Conditions.UNKNOWN, "Pending", "the gateway has not been probed yet"));
    if (!validation.ok()) {
      observed.add(Observed.of(STALLED, Conditions.TRUE, "InvalidSpec", validation.summary()));
    }

    GatewayStatus next = new GatewayStatus();
    next.setObservedGeneration(gateway.getMetadata().getGeneration());
    next.setSmartConfiguration(previous.getSmartConfiguration());
    next.setFhirVersion(previous.getFhirVersion());
    next.setAttachedApps(previous.getAttachedApps() == null ? 0 : previous.getAttachedApps());
    next.setConditions(Conditions.merge(previous.getConditions(), observed,
        gateway.getMetadata().getGeneration(), Instant.now()));
    var mapper = Serialization.jsonMapper();
    if (Objects.equals(mapper.valueToTree(previous), mapper.valueToTree(next))) {
      return UpdateControl.noUpdate();
    }
    for (var c : next.getConditions()) {
      if (ACCEPTED.equals(c.getType()) && Conditions.transitioned(previous.getConditions(), c)) {
        if (Conditions.TRUE.equals(c.getStatus())) {
          events.normal(gateway, c.getReason(), c.getMessage());
        } else {
          events.warning(gateway, c.getReason(), c.getMessage());
        }
      }
    }
    gateway.setStatus(next);
    return UpdateControl.patchStatus(gateway);
  }
}
