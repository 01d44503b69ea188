package io.smartoperator.validation;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.smartoperator.api.v1alpha1.ClientType;
import io.smartoperator.api.v1alpha1.Credentials;
import io.smartoperator.api.v1alpha1.DeletionPolicy;
import io.smartoperator.api.v1alpha1.GatewayRef;
import io.smartoperator.api.v1alpha1.HealthCheck;
import io.smartoperator.api.v1alpha1.Patterns;
import io.smartoperator.api.v1alpha1.SecretTemplate;
import io.smartoperator.api.v1alpha1.SmartApp;
import io.smartoperator.api.v1alpha1.SmartAppSpec;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Every rule of the API for a SmartApp, repeated here because a CRD may be installed without its
 * schema: whatever the API server let through, this reports, and it never throws.
 */
public final class SmartAppRules {
  static final int MAX_REDIRECT_URIS = 32;
  static final int MAX_SCOPES = 100;
  static final int MAX_GATEWAY_REFS = 16;
  private static final Pattern CLIENT_ID = Pattern.compile(Patterns.CLIENT_ID);
  private static final String CREDENTIALS_SUFFIX = "-credentials";

  private SmartAppRules() {}

  public static Validation validate(SmartApp app) {
    Findings findings = new Findings();
    if (app == null || app.getSpec() == null) {
      findings.problem("spec", "is required");
      return findings.validation();
    }
    SmartAppSpec spec = app.getSpec();
    ObjectMeta metadata = app.getMetadata();
    String name = metadata == null ? null : metadata.getName();
    String namespace = metadata == null ? null : metadata.getNamespace();

    FieldRules.requiredText(findings, "spec.displayName", spec.getDisplayName(), 128);
    appId(findings, spec.getAppId(), name);
    FieldRules.maxLength(findings, "spec.description", spec.getDescription(), 1024);
    if (spec.getClientId() != null && !CLIENT_ID.matcher(spec.getClientId()).matches()) {
      findings.problem("spec.clientId", "must be 1 to 128 characters of A-Z a-z 0-9 . _ ~ -");
    }
    // An unknown type leaves the type-dependent rules unchecked rather than guessing which apply.
    Optional<ClientType> type = clientType(findings, spec.getClientType());
    launchUri(findings, type, spec.getLaunchUri());
    health(findings, spec.getHealthUri(), spec.getHealthCheck());
    redirectUris(findings, type, spec.getRedirectUris());
    scopes(findings, type, spec.getScopes());
    credentials(findings, type, spec.getCredentials(), name);
    gatewayRefs(findings, spec.getGatewayRefs(), namespace);
    if (DeletionPolicy.of(spec.getDeletionPolicy()).isEmpty()) {
      findings.problem("spec.deletionPolicy",
          "'" + spec.getDeletionPolicy() + "' is not a deletion policy: use Delete or Orphan");
    }
    return findings.validation();
  }

  /** The appId in force: spec.appId when given, else metadata.name. Null when neither is there. */
  public static String effectiveAppId(SmartApp app) {
    if (app == null) {
      return null;
    }
    if (app.getSpec() != null && app.getSpec().getAppId() != null) {
      return app.getSpec().getAppId();
    }
    return app.getMetadata() == null ? null : app.getMetadata().getName();
  }

  // metadata.name may be a DNS-1123 subdomain (dots, 253 characters), which is no valid appId.
  private static void appId(Findings findings, String appId, String name) {
    if (appId != null) {
      FieldRules.dnsLabel(findings, "spec.appId", appId);
    } else if (name == null) {
      findings.problem("spec.appId", "is not set and there is no metadata.name to default to");
    } else if (!FieldRules.isDnsLabel(name)) {
      findings.problem("spec.appId", "is not set, and metadata.name '" + name + "' is no valid default: "
          + "an appId is a DNS-1123 label (no dots, at most 63 characters); set spec.appId");
    }
  }

  private static Optional<ClientType> clientType(Findings findings, String value) {
    if (value == null || value.isEmpty()) {
      findings.problem("spec.clientType", "is required: public, confidential or backend-service");
      return Optional.empty();
    }
    Optional<ClientType> type = ClientType.of(value);
    if (type.isEmpty()) {
      findings.problem("spec.clientType",
          "'" + value + "' is not a client type: use public, confidential or backend-service");
    }
    return type;
  }

  private static void launchUri(Findings findings, Optional<ClientType> type, String launchUri) {
    if (type.isPresent() && type.get() == ClientType.BACKEND_SERVICE) {
      if (launchUri != null) {
        findings.warning("spec.launchUri", "is ignored: a backend-service is never launched");
      }
    } else if (type.isPresent() || launchUri != null) {
      findings.add(UriRules.launchUri("spec.launchUri", launchUri));
    }
  }

  // An empty healthUri means "not monitored", as its field description says.
  private static void health(Findings findings, String healthUri, HealthCheck check) {
    boolean monitored = healthUri != null && !healthUri.isEmpty();
    if (monitored) {
      findings.add(UriRules.healthUri("spec.healthUri", healthUri));
    }
    if (check == null) {
      return;
    }
    if (!monitored) {
      findings.warning("spec.healthCheck", "has no effect without spec.healthUri");
    }
    Integer period = check.getPeriodSeconds();
    Integer timeout = check.getTimeoutSeconds();
    range(findings, "spec.healthCheck.periodSeconds", period, 5, 3600);
    range(findings, "spec.healthCheck.timeoutSeconds", timeout, 1, 60);
    range(findings, "spec.healthCheck.failureThreshold", check.getFailureThreshold(), 1, 100);
    // Compared only when both are given, like the CRD's rule: defaults are the operator's business.
    if (period != null && timeout != null && timeout >= period) {
      findings.problem("spec.healthCheck.timeoutSeconds", "must be shorter than periodSeconds (" + period + ")");
    }
  }

  private static void range(Findings findings, String field, Integer value, int min, int max) {
    if (value != null && (value < min || value > max)) {
      findings.problem(field, "must be between " + min + " and " + max + " (is " + value + ")");
    }
  }

  private static void redirectUris(Findings findings, Optional<ClientType> type, List<String> uris) {
    List<String> list = uris == null ? List.of() : uris;
    if (list.isEmpty() && type.isPresent() && type.get() != ClientType.BACKEND_SERVICE) {
      findings.problem("spec.redirectUris", "needs at least one redirect URI unless clientType is backend-service");
    }
    FieldRules.maxItems(findings, "spec.redirectUris", list, MAX_REDIRECT_URIS);
    Map<String, Integer> seen = new HashMap<>();
    for (int i = 0; i < list.size(); i++) {
      String field = "spec.redirectUris[" + i + "]";
      String uri = list.get(i);
      if (uri == null) {
        findings.problem(field, "must be a URI, not null");
        continue;
      }
      Integer first = seen.putIfAbsent(uri, i);
      if (first != null) {
        findings.problem(field, "duplicates spec.redirectUris[" + first + "]");
        continue;
      }
      findings.add(UriRules.redirectUri(field, uri));
    }
  }

  private static void scopes(Findings findings, Optional<ClientType> type, List<String> scopes) {
    List<String> list = scopes == null ? List.of() : scopes;
    FieldRules.maxItems(findings, "spec.scopes", list, MAX_SCOPES);
    Map<String, Integer> seen = new HashMap<>();
    for (int i = 0; i < list.size(); i++) {
      String field = "spec.scopes[" + i + "]";
      String scope = list.get(i);
      if (scope == null) {
        findings.problem(field, "must be a scope, not null");
        continue;
      }
      Optional<String> problem = SmartScope.problem(scope);
      Integer first = seen.putIfAbsent(scope, i);
      if (problem.isPresent()) {
        findings.problem(field, "'" + scope + "' is not a SMART scope: " + problem.get());
      } else if (first != null) {
        findings.problem(field, "'" + scope + "' duplicates spec.scopes[" + first + "]");
      } else if (type.isPresent()) {
        boolean backendService = type.get() == ClientType.BACKEND_SERVICE;
        if (backendService && !SmartScope.isSystem(scope)) {
          findings.problem(field,
              "'" + scope + "' is not a system/ scope: a backend-service asks only for system/ scopes");
        } else if (!backendService && SmartScope.isSystem(scope)) {
          findings.problem(field, "'" + scope + "' is a system/ scope: those are for backend-service apps only");
        }
      }
    }
  }

  private static void credentials(Findings findings, Optional<ClientType> type, Credentials credentials, String name) {
    boolean holdsSecret = type.map(ClientType::hasSecret).orElse(false);
    if (credentials == null) {
      if (holdsSecret) {
        defaultSecretName(findings, name);
      }
      return;
    }
    if (type.isPresent() && !holdsSecret) {
      findings.problem("spec.credentials",
          "a public app has no client secret: remove credentials or change clientType");
      return;
    }
    if (credentials.getExistingSecretRef() != null) {
      FieldRules.secretKeyRef(findings, "spec.credentials.existingSecretRef", credentials.getExistingSecretRef());
      String why = "is not allowed with existingSecretRef: the operator writes no Secret of its own then";
      if (credentials.getSecretName() != null) {
        findings.problem("spec.credentials.secretName", why);
      }
      if (credentials.getRotation() != null) {
        findings.problem("spec.credentials.rotation", why);
      }
      if (credentials.getTemplate() != null) {
        findings.problem("spec.credentials.template", why);
      }
      return;
    }
    if (credentials.getSecretName() != null) {
      FieldRules.dnsSubdomain(findings, "spec.credentials.secretName", credentials.getSecretName());
    } else if (holdsSecret) {
      defaultSecretName(findings, name);
    }
    FieldRules.maxLength(findings, "spec.credentials.rotation", credentials.getRotation(), 63);
    if (credentials.getTemplate() != null) {
      SecretTemplate template = credentials.getTemplate();
      FieldRules.labels(findings, "spec.credentials.template.labels", template.getLabels());
      FieldRules.annotations(findings, "spec.credentials.template.annotations", template.getAnnotations());
    }
  }

  // The default <metadata.name>-credentials outgrows a Secret name when metadata.name is long.
  private static void defaultSecretName(Findings findings, String name) {
    if (name != null && !FieldRules.isDnsSubdomain(name + CREDENTIALS_SUFFIX)) {
      findings.problem("spec.credentials.secretName", "is not set, and the default <metadata.name>"
          + CREDENTIALS_SUFFIX + " is no valid Secret name (at most 253 characters): set a shorter secretName");
    }
  }

  private static void gatewayRefs(Findings findings, List<GatewayRef> refs, String appNamespace) {
    List<GatewayRef> list = refs == null ? List.of() : refs;
    FieldRules.maxItems(findings, "spec.gatewayRefs", list, MAX_GATEWAY_REFS);
    Map<String, Integer> seen = new HashMap<>();
    for (int i = 0; i < list.size(); i++) {
      String field = "spec.gatewayRefs[" + i + "]";
      GatewayRef ref = list.get(i);
      if (ref == null) {
        findings.problem(field, "must be a gateway reference, not null");
        continue;
      }
      FieldRules.dnsSubdomain(findings, field + ".name", ref.getName());
      if (ref.getNamespace() != null) {
        FieldRules.dnsLabel(findings, field + ".namespace", ref.getNamespace());
      }
      String namespace = ref.getNamespace() != null ? ref.getNamespace() : appNamespace == null ? "" : appNamespace;
      Integer first = ref.getName() == null ? null : seen.putIfAbsent(namespace + "/" + ref.getName(), i);
      if (first != null) {
        findings.problem(field, "refers to the same gateway as spec.gatewayRefs[" + first + "]");
      }
    }
  }
}
