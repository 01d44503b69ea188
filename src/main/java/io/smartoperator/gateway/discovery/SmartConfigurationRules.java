package io.smartoperator.gateway.discovery;

import com.fasterxml.jackson.databind.JsonNode;
import io.smartoperator.api.v1alpha1.SmartConfiguration;
import io.smartoperator.validation.Problem;
import io.smartoperator.validation.UriRules;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * Checks a SMART configuration document (SMART App Launch 2.x, "Metadata") and reads the parts
 * the operator acts on. Pure: no I/O, never throws.
 *
 * <p>Required: token_endpoint, capabilities, grant_types_supported (non-empty);
 * authorization_endpoint when a launch-* capability or the authorization_code grant is
 * advertised; issuer and jwks_uri with sso-openid-connect. Not required, though 2.x lists it:
 * code_challenge_methods_supported, because 1.x servers in service lack it and the operator never
 * runs an authorization-code flow itself.
 */
public final class SmartConfigurationRules {
  private SmartConfigurationRules() {}

  /**
   * What the check found.
   *
   * @param configuration the operator's view of the document, null unless valid
   * @param missing required fields that are absent, null or empty, in the order above
   * @param problems fields that are present but wrong, as "field: what is wrong"
   */
  public record Outcome(SmartConfiguration configuration, List<String> missing, List<String> problems) {
    public Outcome {
      missing = List.copyOf(missing);
      problems = List.copyOf(problems);
    }

    public boolean valid() {
      return missing.isEmpty() && problems.isEmpty();
    }

    /** "missing a, b; c: must be ..." for a condition message; empty when valid. */
    public String summary() {
      List<String> parts = new ArrayList<>();
      if (!missing.isEmpty()) {
        parts.add("missing " + String.join(", ", missing));
      }
      parts.addAll(problems);
      return String.join("; ", parts);
    }
  }

  public static Outcome check(JsonNode document) {
    List<String> missing = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    if (document == null || !document.isObject()) {
      problems.add("the document must be a JSON object");
      return new Outcome(null, missing, problems);
    }
    BiConsumer<String, String> problem = (field, message) -> problems.add(field + ": " + message);

    String tokenEndpoint = endpoint(document, "token_endpoint", true, missing, problems);
    List<String> capabilities = strings(document, "capabilities", true, false, missing, problem);
    List<String> grantTypes = strings(document, "grant_types_supported", true, true, missing, problem);

    boolean launches = capabilities.stream().anyMatch(c -> c.startsWith("launch-"));
    boolean authorizationCode = grantTypes.contains("authorization_code");
    if ((launches || authorizationCode) && absent(document, "authorization_endpoint")) {
      missing.add("authorization_endpoint (required with "
          + (launches ? "a launch-* capability" : "the authorization_code grant") + ")");
    }
    String authorizationEndpoint = endpoint(document, "authorization_endpoint", false, missing, problems);

    boolean openIdConnect = capabilities.contains("sso-openid-connect");
    for (String field : List.of("issuer", "jwks_uri")) {
      if (openIdConnect && absent(document, field)) {
        missing.add(field + " (required with sso-openid-connect)");
      }
    }
    String issuer = endpoint(document, "issuer", false, missing, problems);
    endpoint(document, "jwks_uri", false, missing, problems);
    String registrationEndpoint = endpoint(document, "registration_endpoint", false, missing, problems);
    List<String> authMethods =
        strings(document, "token_endpoint_auth_methods_supported", false, false, missing, problem);
    List<String> scopes = strings(document, "scopes_supported", false, false, missing, problem);

    if (!missing.isEmpty() || !problems.isEmpty()) {
      return new Outcome(null, missing, problems);
    }
    SmartConfiguration configuration = new SmartConfiguration();
    configuration.setIssuer(issuer);
    configuration.setAuthorizationEndpoint(authorizationEndpoint);
    configuration.setTokenEndpoint(tokenEndpoint);
    configuration.setRegistrationEndpoint(registrationEndpoint);
    configuration.setCapabilities(new ArrayList<>(capabilities));
    configuration.setGrantTypesSupported(new ArrayList<>(grantTypes));
    configuration.setTokenEndpointAuthMethodsSupported(new ArrayList<>(authMethods));
    configuration.setScopesSupported(new ArrayList<>(scopes));
    return new Outcome(configuration, missing, problems);
  }

  /** Absent, JSON null and "" all count as missing: a server that writes "" has not configured it. */
  private static boolean absent(JsonNode document, String field) {
    JsonNode node = document.get(field);
    return node == null || node.isNull() || (node.isTextual() && node.asText().isEmpty());
  }

  /**
   * An endpoint URL: absolute https, or http on a loopback host (the tests' servers). It may live
   * on another origin than the FHIR server: authorization servers usually do. A missing optional
   * endpoint gives null and no finding (the conditional requirements are checked by the caller).
   */
  private static String endpoint(
      JsonNode document, String field, boolean required, List<String> missing, List<String> problems) {
    if (absent(document, field)) {
      if (required) {
        missing.add(field);
      }
      return null;
    }
    JsonNode node = document.get(field);
    if (!node.isTextual()) {
      problems.add(field + ": must be a string (a URL)");
      return null;
    }
    String url = node.asText();
    for (Problem p : UriRules.registrationEndpoint(field, url).problems()) {
      problems.add(p.toString());
    }
    return url;
  }

  private static List<String> strings(JsonNode document, String field, boolean required, boolean nonEmpty,
      List<String> missing, BiConsumer<String, String> problem) {
    JsonNode node = document.get(field);
    if (node == null || node.isNull()) {
      if (required) {
        missing.add(field);
      }
      return List.of();
    }
    if (!node.isArray()) {
      problem.accept(field, "must be an array of strings");
      return List.of();
    }
    List<String> values = new ArrayList<>();
    for (JsonNode item : node) {
      if (!item.isTextual()) {
        problem.accept(field, "must be an array of strings");
        return List.of();
      }
      values.add(item.asText());
    }
    if (nonEmpty && values.isEmpty()) {
      missing.add(field + " (it is empty)");
    }
    return values;
  }
}
