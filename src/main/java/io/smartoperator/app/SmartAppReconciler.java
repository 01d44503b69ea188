package io.smartoperator.app;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.smartoperator.api.v1alpha1.SmartApp;
import io.smartoperator.status.EventRecorder;

/** Placeholder, being built. */
public class SmartAppReconciler implements Reconciler<SmartApp> {
  public SmartAppReconciler(KubernetesClient client, String platformId, EventRecorder events) {}

  @Override
  public UpdateControl<SmartApp> reconcile(SmartApp app, Context<SmartApp> context) {
    return UpdateControl.noUpdate();
  }
}
