package io.smartoperator.crd;

import static io.smartoperator.crd.TestManifest.backendService;
import static io.smartoperator.crd.TestManifest.confidentialApp;
import static io.smartoperator.crd.TestManifest.gateway;
import static io.smartoperator.crd.TestManifest.numbered;
import static io.smartoperator.crd.TestManifest.publicApp;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.smartoperator.crd.CrdSchema.Violation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What the API server would accept and refuse, judged by the generated CRDs alone (schema and CEL),
 * so that a user learns of a mistake at {@code kubectl apply}, before the operator sees it.
 */
class SchemaValidationTest {
  private static final CrdSchema CRDS = CrdSchema.generated();

  // Rule messages, as the user reads them from kubectl.
  private static final String LAUNCH_URI_REQUIRED = "launchUri is required unless clientType is backend-service";
  private static final String REDIRECT_URIS_REQUIRED = "redirectUris needs at least one entry unless clientType is backend-service";
  private static final String NO_CREDENTIALS_FOR_PUBLIC =
      "credentials apply only to confidential and backend-service apps; remove them or change clientType";
  private static final String BACKEND_SYSTEM_SCOPES_ONLY = "a backend-service asks only for system/ scopes";
  private static final String SYSTEM_SCOPES_BACKEND_ONLY = "system/ scopes are for backend-service apps only";
  private static final String REDIRECT_URIS_UNIQUE = "redirectUris must be unique";
  private static final String EXISTING_SECRET_EXCLUSIVE =
      "existingSecretRef excludes secretName, rotation and template: the operator writes no Secret of its own then";
  private static final String TIMEOUT_BELOW_PERIOD = "timeoutSeconds must be shorter than periodSeconds";
  private static final String SELECTOR_IFF_FROM_SELECTOR = "selector is required when from is Selector, and allowed only then";
  private static final String DCR_FIELDS_ONLY_FOR_DCR =
      "endpoint and initialAccessTokenSecretRef apply only to mode DynamicClientRegistration";

  /** The check a case must be refused by: a schema keyword (or unknown-field, metadata, kind) at a path, or a rule's message there. */
  record Expected(String check, String path, String message) {
    boolean matches(Violation v) {
      return v.check().equals(check) && v.path().equals(path) && (message == null || v.message().equals(message));
    }

    @Override
    public String toString() {
      return message == null ? check + " at " + path : "rule at " + path + ": " + message;
    }
  }

  static Expected schema(String keyword, String path) {
    return new Expected(keyword, path, null);
  }

  static Expected rule(String path, String message) {
    return new Expected(CrdSchema.RULE, path, message);
  }

  record Invalid(String reason, TestManifest manifest, List<Expected> expected) {
    @Override
    public String toString() {
      return reason + " -> " + expected;
    }
  }

  static Invalid invalid(String reason, TestManifest manifest, Expected... expected) {
    return new Invalid(reason, manifest, List.of(expected));
  }

  static Stream<Invalid> invalidManifests() {
    String longText = "x".repeat(1025);
    return Stream.of(
        // SmartApp: fields
        invalid("missing displayName", publicApp().without("spec.displayName"),
            schema("required", "spec.displayName")),
        invalid("empty displayName", publicApp().with("spec.displayName", ""),
            schema("minLength", "spec.displayName")),
        invalid("displayName of 129 characters", publicApp().with("spec.displayName", "x".repeat(129)),
            schema("maxLength", "spec.displayName")),
        invalid("missing clientType", publicApp().without("spec.clientType"),
            schema("required", "spec.clientType")),
        invalid("clientType spa is not a SMART client type", publicApp().with("spec.clientType", "spa"),
            schema("enum", "spec.clientType")),
        invalid("appId not a DNS label", publicApp().with("spec.appId", "Growth_Chart"),
            schema("pattern", "spec.appId")),
        invalid("appId of 64 characters", publicApp().with("spec.appId", "a".repeat(64)),
            schema("maxLength", "spec.appId")),
        invalid("clientId with a space and !", publicApp().with("spec.clientId", "growth chart!"),
            schema("pattern", "spec.clientId")),
        invalid("clientId of 129 characters", publicApp().with("spec.clientId", "c".repeat(129)),
            schema("pattern", "spec.clientId")),
        invalid("description over 1024 characters", publicApp().with("spec.description", longText),
            schema("maxLength", "spec.description")),
        invalid("deletionPolicy Retain", publicApp().with("spec.deletionPolicy", "Retain"),
            schema("enum", "spec.deletionPolicy")),
        invalid("misspelt field redirectUri", publicApp().without("spec.redirectUris")
                .with("spec.redirectUri", "https://app.example.org/callback"),
            schema(CrdSchema.UNKNOWN_FIELD, "spec.redirectUri")),
        invalid("metadata.name with upper case", publicApp().with("metadata.name", "Test_App"),
            schema(CrdSchema.METADATA, "metadata.name")),
        invalid("apiVersion v1 is not served", publicApp().with("apiVersion", "smart-operator.io/v1"),
            schema(CrdSchema.KIND, "")),

        // SmartApp: client types
        invalid("public app without redirectUris", publicApp().without("spec.redirectUris"),
            rule("spec", REDIRECT_URIS_REQUIRED)),
        invalid("public app with empty redirectUris", publicApp().with("spec.redirectUris", List.of()),
            rule("spec", REDIRECT_URIS_REQUIRED)),
        invalid("public app without launchUri", publicApp().without("spec.launchUri"),
            rule("spec", LAUNCH_URI_REQUIRED)),
        invalid("confidential app without launchUri", confidentialApp().without("spec.launchUri"),
            rule("spec", LAUNCH_URI_REQUIRED)),
        invalid("confidential app without redirectUris", confidentialApp().without("spec.redirectUris"),
            rule("spec", REDIRECT_URIS_REQUIRED)),
        invalid("public app with credentials", publicApp().withYaml("spec.credentials", "{rotation: '2026-11'}"),
            rule("spec", NO_CREDENTIALS_FOR_PUBLIC)),
        invalid("backend-service asking for a patient/ scope",
            backendService().with("spec.scopes", List.of("system/Patient.rs", "patient/Observation.rs")),
            rule("spec", BACKEND_SYSTEM_SCOPES_ONLY)),
        invalid("backend-service asking for openid",
            backendService().with("spec.scopes", List.of("openid", "system/Patient.rs")),
            rule("spec", BACKEND_SYSTEM_SCOPES_ONLY)),
        invalid("confidential app asking for a system/ scope",
            confidentialApp().with("spec.scopes", List.of("launch", "system/Patient.rs")),
            rule("spec", SYSTEM_SCOPES_BACKEND_ONLY)),
        invalid("public app asking for a system/ scope",
            publicApp().with("spec.scopes", List.of("system/*.rs")),
            rule("spec", SYSTEM_SCOPES_BACKEND_ONLY)),

        // SmartApp: lists
        invalid("duplicate redirectUris", publicApp().with("spec.redirectUris",
                List.of("https://app.example.org/a", "https://app.example.org/b", "https://app.example.org/a")),
            rule("spec.redirectUris", REDIRECT_URIS_UNIQUE)),
        invalid("33 redirectUris", publicApp().with("spec.redirectUris", numbered("https://app.example.org/cb%d", 33)),
            schema("maxItems", "spec.redirectUris")),
        invalid("101 scopes", publicApp().with("spec.scopes", numbered("patient/Observation.rs?code=%d", 101)),
            schema("maxItems", "spec.scopes")),
        invalid("17 gatewayRefs", publicApp().with("spec.gatewayRefs",
                numbered("gw-%d", 17).stream().map(name -> Map.of("name", name)).toList()),
            schema("maxItems", "spec.gatewayRefs")),
        invalid("gatewayRef without name", publicApp().withYaml("spec.gatewayRefs", "[{namespace: platform}]"),
            schema("required", "spec.gatewayRefs[0].name")),
        invalid("second gatewayRef's namespace not a DNS label",
            publicApp().withYaml("spec.gatewayRefs", "[{name: sandbox}, {name: prod, namespace: Platform}]"),
            schema("pattern", "spec.gatewayRefs[1].namespace")),

        // SmartApp: credentials
        invalid("existingSecretRef together with rotation", confidentialApp().withYaml("spec.credentials",
                "{existingSecretRef: {name: app-secret, key: client-secret}, rotation: '2026-11'}"),
            rule("spec.credentials", EXISTING_SECRET_EXCLUSIVE)),
        invalid("existingSecretRef together with secretName", confidentialApp().withYaml("spec.credentials",
                "{existingSecretRef: {name: app-secret, key: client-secret}, secretName: app-credentials}"),
            rule("spec.credentials", EXISTING_SECRET_EXCLUSIVE)),
        invalid("existingSecretRef together with template", confidentialApp().withYaml("spec.credentials",
                "{existingSecretRef: {name: app-secret, key: client-secret}, template: {labels: {a: b}}}"),
            rule("spec.credentials", EXISTING_SECRET_EXCLUSIVE)),
        invalid("existingSecretRef without key",
            confidentialApp().withYaml("spec.credentials", "{existingSecretRef: {name: app-secret}}"),
            schema("required", "spec.credentials.existingSecretRef.key")),
        invalid("existingSecretRef key with a slash",
            confidentialApp().withYaml("spec.credentials", "{existingSecretRef: {name: app-secret, key: a/b}}"),
            schema("pattern", "spec.credentials.existingSecretRef.key")),
        invalid("secretName not a DNS subdomain",
            confidentialApp().withYaml("spec.credentials", "{secretName: App_Credentials}"),
            schema("pattern", "spec.credentials.secretName")),
        invalid("rotation of 64 characters",
            confidentialApp().with("spec.credentials.rotation", "r".repeat(64)),
            schema("maxLength", "spec.credentials.rotation")),

        // SmartApp: health checks
        invalid("healthCheck timeout equal to the period",
            publicApp().withYaml("spec.healthCheck", "{periodSeconds: 10, timeoutSeconds: 10}"),
            rule("spec.healthCheck", TIMEOUT_BELOW_PERIOD)),
        invalid("healthCheck timeout longer than the period",
            publicApp().withYaml("spec.healthCheck", "{periodSeconds: 10, timeoutSeconds: 30}"),
            rule("spec.healthCheck", TIMEOUT_BELOW_PERIOD)),
        invalid("periodSeconds below 5", publicApp().with("spec.healthCheck.periodSeconds", 4),
            schema("minimum", "spec.healthCheck.periodSeconds")),
        invalid("periodSeconds above 3600", publicApp().with("spec.healthCheck.periodSeconds", 3601),
            schema("maximum", "spec.healthCheck.periodSeconds")),
        invalid("timeoutSeconds 0", publicApp().with("spec.healthCheck.timeoutSeconds", 0),
            schema("minimum", "spec.healthCheck.timeoutSeconds")),
        invalid("failureThreshold above 100", publicApp().with("spec.healthCheck.failureThreshold", 101),
            schema("maximum", "spec.healthCheck.failureThreshold")),
        invalid("periodSeconds given as 30s", publicApp().with("spec.healthCheck.periodSeconds", "30s"),
            schema("type", "spec.healthCheck.periodSeconds")),

        // Gateway
        invalid("Gateway without fhirBaseUrl", gateway().without("spec.fhirBaseUrl"),
            schema("required", "spec.fhirBaseUrl")),
        invalid("Gateway with an empty fhirBaseUrl", gateway().with("spec.fhirBaseUrl", ""),
            schema("minLength", "spec.fhirBaseUrl")),
        invalid("Gateway without displayName", gateway().without("spec.displayName"),
            schema("required", "spec.displayName")),
        invalid("Gateway fhirVersion R6", gateway().with("spec.fhirVersion", "R6"),
            schema("enum", "spec.fhirVersion")),
        invalid("Gateway fhirVersion 4.0.1 (a version, not a release name)", gateway().with("spec.fhirVersion", "4.0.1"),
            schema("enum", "spec.fhirVersion")),
        invalid("allowedApps from Any", gateway().with("spec.allowedApps.namespaces.from", "Any"),
            schema("enum", "spec.allowedApps.namespaces.from")),
        invalid("allowedApps from Selector without selector",
            gateway().with("spec.allowedApps.namespaces.from", "Selector"),
            rule("spec.allowedApps.namespaces", SELECTOR_IFF_FROM_SELECTOR)),
        invalid("allowedApps selector with from All", gateway().withYaml("spec.allowedApps.namespaces",
                "{from: All, selector: {matchLabels: {team: a}}}"),
            rule("spec.allowedApps.namespaces", SELECTOR_IFF_FROM_SELECTOR)),
        invalid("allowedApps selector without from (Same by default)", gateway().withYaml("spec.allowedApps.namespaces",
                "{selector: {matchLabels: {team: a}}}"),
            rule("spec.allowedApps.namespaces", SELECTOR_IFF_FROM_SELECTOR)),
        invalid("registration mode OAuth", gateway().with("spec.registration.mode", "OAuth"),
            schema("enum", "spec.registration.mode")),
        invalid("registration endpoint with mode None", gateway().withYaml("spec.registration",
                "{mode: None, endpoint: 'https://auth.example.org/register'}"),
            rule("spec.registration", DCR_FIELDS_ONLY_FOR_DCR)),
        invalid("registration endpoint without a mode (None by default)",
            gateway().with("spec.registration.endpoint", "https://auth.example.org/register"),
            rule("spec.registration", DCR_FIELDS_ONLY_FOR_DCR)),
        invalid("initialAccessTokenSecretRef with mode Secret", gateway().withYaml("spec.registration",
                "{mode: Secret, initialAccessTokenSecretRef: {name: dcr-token, key: token}}"),
            rule("spec.registration", DCR_FIELDS_ONLY_FOR_DCR)),
        invalid("initialAccessTokenSecretRef without name", gateway().withYaml("spec.registration",
                "{mode: DynamicClientRegistration, initialAccessTokenSecretRef: {key: token}}"),
            schema("required", "spec.registration.initialAccessTokenSecretRef.name")),
        invalid("misspelt field registration.endpointUrl", gateway().withYaml("spec.registration",
                "{mode: DynamicClientRegistration, endpointUrl: 'https://auth.example.org/register'}"),
            schema(CrdSchema.UNKNOWN_FIELD, "spec.registration.endpointUrl")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidManifests")
  void refused(Invalid invalid) {
    List<Violation> violations = CRDS.check(invalid.manifest().node());
    // Exactly the expected checks, so a case cannot pass because something else refused it.
    assertThat(violations).as("%s; violations of %s", invalid, invalid.manifest()).hasSameSizeAs(invalid.expected());
    for (Expected expected : invalid.expected()) {
      assertThat(violations).as("%s; violations of %s", invalid, invalid.manifest()).anyMatch(expected::matches);
    }
  }

  @Test
  void theTableCoversEnoughCases() {
    assertThat(invalidManifests().count()).isGreaterThanOrEqualTo(20);
  }

  static Stream<Valid> edgeValidManifests() {
    String allowedClientIdChars = "AZaz09._~-";
    return Stream.of(
        new Valid("backend-service without launchUri and redirectUris", backendService()),
        new Valid("backend-service with an empty redirectUris list", backendService().with("spec.redirectUris", List.of())),
        new Valid("backend-service with generated credentials and a template", backendService()
            .withYaml("spec.credentials", "{secretName: export-credentials, rotation: '1', template: {labels: {backup: 'yes'}}}")),
        new Valid("app without scopes", publicApp().without("spec.scopes")),
        new Valid("app with an empty scope list", publicApp().with("spec.scopes", List.of())),
        new Valid("app without gatewayRefs", publicApp().without("spec.gatewayRefs")),
        new Valid("displayName of exactly 128 characters", publicApp().with("spec.displayName", "x".repeat(128))),
        new Valid("clientId of 128 characters using every allowed punctuation",
            publicApp().with("spec.clientId", allowedClientIdChars + "c".repeat(128 - allowedClientIdChars.length()))),
        new Valid("exactly 32 redirectUris, 16 gatewayRefs and 100 scopes", publicApp()
            .with("spec.redirectUris", numbered("https://app.example.org/cb%d", 32))
            .with("spec.gatewayRefs", numbered("gw-%d", 16).stream().map(name -> Map.of("name", name)).toList())
            .with("spec.scopes", numbered("patient/Observation.rs?code=%d", 100))),
        new Valid("private-use scheme redirect URI (RFC 8252)",
            publicApp().with("spec.redirectUris", List.of("com.example.app:/callback"))),
        new Valid("confidential app with existingSecretRef only", confidentialApp()
            .withYaml("spec.credentials", "{existingSecretRef: {name: app-secret, key: client-secret}}")),
        new Valid("confidential app without credentials (generated under the default name)", confidentialApp()),
        new Valid("healthCheck with only timeoutSeconds", publicApp().with("spec.healthCheck.timeoutSeconds", 60)),
        new Valid("healthCheck at its bounds", publicApp()
            .withYaml("spec.healthCheck", "{periodSeconds: 5, timeoutSeconds: 4, failureThreshold: 100}")),
        new Valid("a null field, which the API server prunes", publicApp().with("spec.description", null)),
        new Valid("minimal Gateway", gateway()),
        new Valid("Gateway with an empty registration (mode None by default)", gateway().withYaml("spec.registration", "{}")),
        new Valid("Gateway DynamicClientRegistration with a discovered endpoint",
            gateway().with("spec.registration.mode", "DynamicClientRegistration")),
        new Valid("Gateway allowedApps from Selector with matchExpressions", gateway().withYaml("spec.allowedApps.namespaces",
            "{from: Selector, selector: {matchExpressions: [{key: team, operator: In, values: [a, b]}]}}")));
  }

  record Valid(String reason, TestManifest manifest) {
    @Override
    public String toString() {
      return reason;
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("edgeValidManifests")
  void accepted(Valid valid) {
    assertThat(CRDS.violations(valid.manifest().node())).as("%s: violations of %s", valid, valid.manifest()).isEmpty();
  }

  static Stream<ExampleDocument> exampleResources() throws IOException {
    List<ExampleDocument> documents = new ArrayList<>();
    try (Stream<Path> files = Files.list(ProjectPaths.examples())) {
      for (Path file : files.filter(SchemaValidationTest::isYaml).sorted().toList()) {
        for (JsonNode document : YamlDocuments.read(file)) {
          if (CRDS.serves(document) || document.path("apiVersion").asText().startsWith("smart-operator.io/")) {
            documents.add(new ExampleDocument(file.getFileName().toString(), document));
          }
        }
      }
    }
    // Guards against an empty or misplaced examples/ making the parameterized test vacuous.
    assertThat(documents).as("SmartApps and Gateways in examples/").hasSizeGreaterThanOrEqualTo(7);
    return documents.stream();
  }

  record ExampleDocument(String file, JsonNode document) {
    @Override
    public String toString() {
      return file + ": " + document.path("kind").asText() + " " + document.path("metadata").path("name").asText();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("exampleResources")
  void everyExampleIsAccepted(ExampleDocument example) {
    assertThat(CRDS.violations(example.document())).as(example.toString()).isEmpty();
  }

  static boolean isYaml(Path file) {
    String name = file.getFileName().toString();
    return name.endsWith(".yaml") || name.endsWith(".yml");
  }
}
