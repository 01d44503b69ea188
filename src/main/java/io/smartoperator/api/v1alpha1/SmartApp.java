package io.smartoperator.api.v1alpha1;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Categories;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Singular;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * One SMART on FHIR app registration: its ids, URIs, scopes, client type, and the gateways it is
 * activated on.
 */
@Group(SmartApp.GROUP)
@Version(SmartApp.VERSION)
@Kind("SmartApp")
@Plural("smartapps")
@Singular("smartapp")
@ShortNames("sapp")
@Categories("smart")
@AdditionalPrinterColumn(name = "Client-Type", jsonPath = ".spec.clientType", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Client-ID", jsonPath = ".status.clientId", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Ready", jsonPath = ".status.conditions[?(@.type==\"Ready\")].status", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Healthy", jsonPath = ".status.conditions[?(@.type==\"Healthy\")].status", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Gateways", jsonPath = ".status.activatedGateways", type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = AdditionalPrinterColumn.Type.DATE)
public class SmartApp extends CustomResource<SmartAppSpec, SmartAppStatus> implements Namespaced {
  public static final String GROUP = "smart-operator.io";
  public static final String VERSION = "v1alpha1";
  public static final String FINALIZER = "smart-operator.io/finalizer";

}
