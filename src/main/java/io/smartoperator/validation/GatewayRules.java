package io.smartoperator.validation;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.smartoperator.api.v1alpha1.AllowedNamespaces;
import io.smartoperator.api.v1alpha1.FhirVersion;
import io.smartoperator.api.v1alpha1.Gateway;
import io.smartoperator.api.v1alpha1.GatewaySpec;
import io.smartoperator.api.v1alpha1.NamespacesFrom;
import io.smartoperator.api.v1alpha1.Registration;
import io.smartoperator.api.v1alpha1.RegistrationMode;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Every rule of the API for a Gateway, repeated here because a CRD may be installed without its
 * schema. Never throws.
 */
public final class GatewayRules {
  private static final Set<String> SET_OPERATORS = Set.of("In", "NotIn");
  private static final Set<String> EXISTENCE_OPERATORS = Set.of("Exists", "DoesNotExist");

  private GatewayRules() {}

  public static Validation validate(Gateway gateway) {
    Findings findings = new Findings();
    if (gateway == null || gateway.getSpec() == null) {
      findings.problem("spec", "is required");
      return findings.validation();
    }
    GatewaySpec spec = gateway.getSpec();
    FieldRules.requiredText(findings, "spec.displayName", spec.getDisplayName(), 128);
    FieldRules.maxLength(findings, "spec.description", spec.getDescription(), 1024);
    findings.add(UriRules.fhirBaseUrl("spec.fhirBaseUrl", spec.getFhirBaseUrl()));
    if (spec.getFhirVersion() != null && !FhirVersion.isKnown(spec.getFhirVersion())) {
      findings.problem("spec.fhirVersion",
          "'" + spec.getFhirVersion() + "' is not a FHIR release: use DSTU2, STU3, R4, R4B or R5");
    }
    // An empty healthUri takes the default, <fhirBaseUrl>/metadata.
    if (spec.getHealthUri() != null && !spec.getHealthUri().isEmpty()) {
      findings.add(UriRules.healthUri("spec.healthUri", spec.getHealthUri()));
    }
    if (spec.getAllowedApps() != null) {
      allowedNamespaces(findings, spec.getAllowedApps().getNamespaces());
    }
    registration(findings, spec.getRegistration());
    return findings.validation();
  }

  private static void allowedNamespaces(Findings findings, AllowedNamespaces namespaces) {
    if (namespaces == null) {
      return;
    }
    String field = "spec.allowedApps.namespaces";
    Optional<NamespacesFrom> from = NamespacesFrom.of(namespaces.getFrom());
    if (from.isEmpty()) {
      findings.problem(field + ".from", "'" + namespaces.getFrom() + "' is not allowed: use Same, All or Selector");
    }
    LabelSelector selector = namespaces.getSelector();
    if (from.isPresent() && from.get() == NamespacesFrom.Selector && selector == null) {
      findings.problem(field + ".selector", "is required when from is Selector");
    } else if (from.isPresent() && from.get() != NamespacesFrom.Selector && selector != null) {
      findings.problem(field + ".selector", "is allowed only when from is Selector");
    }
    if (selector != null) {
      labelSelector(findings, field + ".selector", selector);
    }
  }

  private static void labelSelector(Findings findings, String field, LabelSelector selector) {
    FieldRules.labels(findings, field + ".matchLabels", selector.getMatchLabels());
    List<LabelSelectorRequirement> expressions =
        selector.getMatchExpressions() == null ? List.of() : selector.getMatchExpressions();
    boolean noLabels = selector.getMatchLabels() == null || selector.getMatchLabels().isEmpty();
    if (noLabels && expressions.isEmpty()) {
      findings.warning(field, "is empty and so matches every namespace: write from: All to mean that");
    }
    for (int i = 0; i < expressions.size(); i++) {
      String at = field + ".matchExpressions[" + i + "]";
      LabelSelectorRequirement expression = expressions.get(i);
      if (expression == null) {
        findings.problem(at, "must be a requirement, not null");
        continue;
      }
      FieldRules.metadataKey(findings, at + ".key", expression.getKey());
      List<String> values = expression.getValues() == null ? List.of() : expression.getValues();
      // Set.of(...).contains(null) throws, hence the empty string for a missing operator.
      String operator = expression.getOperator() == null ? "" : expression.getOperator();
      if (SET_OPERATORS.contains(operator) && values.isEmpty()) {
        findings.problem(at + ".values", "must not be empty when operator is " + operator);
      } else if (EXISTENCE_OPERATORS.contains(operator) && !values.isEmpty()) {
        findings.problem(at + ".values", "must be empty when operator is " + operator);
      } else if (!SET_OPERATORS.contains(operator) && !EXISTENCE_OPERATORS.contains(operator)) {
        String what = operator.isEmpty() ? "is required" : "'" + operator + "' is not an operator";
        findings.problem(at + ".operator", what + ": use In, NotIn, Exists or DoesNotExist");
      }
      for (int j = 0; j < values.size(); j++) {
        FieldRules.labelValue(findings, at + ".values[" + j + "]", values.get(j));
      }
    }
  }

  private static void registration(Findings findings, Registration registration) {
    if (registration == null) {
      return;
    }
    Optional<RegistrationMode> mode = RegistrationMode.of(registration.getMode());
    if (mode.isEmpty()) {
      findings.problem("spec.registration.mode",
          "'" + registration.getMode() + "' is not a registration mode: use None, Secret or DynamicClientRegistration");
    }
    boolean notDcr = mode.isPresent() && mode.get() != RegistrationMode.DynamicClientRegistration;
    String dcrOnly = "applies only to mode DynamicClientRegistration";
    if (registration.getEndpoint() != null) {
      if (notDcr) {
        findings.problem("spec.registration.endpoint", dcrOnly);
      }
      findings.add(UriRules.registrationEndpoint("spec.registration.endpoint", registration.getEndpoint()));
    }
    if (registration.getInitialAccessTokenSecretRef() != null) {
      if (notDcr) {
        findings.problem("spec.registration.initialAccessTokenSecretRef", dcrOnly);
      }
      FieldRules.secretKeyRef(findings, "spec.registration.initialAccessTokenSecretRef",
          registration.getInitialAccessTokenSecretRef());
    }
  }
}
