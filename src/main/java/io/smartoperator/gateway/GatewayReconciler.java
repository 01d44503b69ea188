package io.smartoperator.gateway;

import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.smartoperator.api.v1alpha1.Gateway;
import io.smartoperator.status.EventRecorder;

/** Placeholder, being built. */
public class GatewayReconciler implements Reconciler<Gateway> {
  public GatewayReconciler(EventRecorder events) {}

  @Override
  public UpdateControl<Gateway> reconcile(Gateway gateway, Context<Gateway> context) {
    return UpdateControl.noUpdate();
  }
}
