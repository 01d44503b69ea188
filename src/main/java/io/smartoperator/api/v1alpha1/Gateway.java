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
 * A FHIR endpoint with its authorization server, where SmartApps become reachable. Not to be
 * confused with gateway.networking.k8s.io/Gateway: use the short name {@code sgw} or
 * {@code gateways.smart-operator.io}.
 */
@Group(SmartApp.GROUP)
@Version(SmartApp.VERSION)
@Kind("Gateway")
@Plural("gateways")
@Singular("gateway")
@ShortNames("sgw")
@Categories("smart")
@AdditionalPrinterColumn(name = "FHIR-URL", jsonPath = ".spec.fhirBaseUrl", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Ready", jsonPath = ".status.conditions[?(@.type==\"Ready\")].status", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Healthy", jsonPath = ".status.conditions[?(@.type==\"Healthy\")].status", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Apps", jsonPath = ".status.attachedApps", type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = AdditionalPrinterColumn.Type.DATE)
public class Gateway extends CustomResource<GatewaySpec, GatewayStatus> implements Namespaced {
}
