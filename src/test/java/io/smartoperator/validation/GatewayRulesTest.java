package io.smartoperator.validation;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.smartoperator.api.v1alpha1.AllowedApps;
import io.smartoperator.api.v1alpha1.AllowedNamespaces;
import io.smartoperator.api.v1alpha1.Gateway;
import io.smartoperator.api.v1alpha1.GatewaySpec;
import io.smartoperator.api.v1alpha1.Registration;
import io.smartoperator.api.v1alpha1.SecretKeyRef;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class GatewayRulesTest {

  static Gateway gateway(Consumer<GatewaySpec> edit) {
    Gateway gateway = new Gateway();
    gateway.setMetadata(new ObjectMetaBuilder().withName("prod").withNamespace("platform").build());
    GatewaySpec spec = new GatewaySpec();
    spec.setDisplayName("Production FHIR gateway");
    spec.setFhirBaseUrl("https://fhir.example.org/r4");
    gateway.setSpec(spec);
    edit.accept(spec);
    return gateway;
  }

  static AllowedApps from(String from, LabelSelector selector) {
    AllowedNamespaces namespaces = new AllowedNamespaces();
    namespaces.setFrom(from);
    namespaces.setSelector(selector);
    AllowedApps allowedApps = new AllowedApps();
    allowedApps.setNamespaces(namespaces);
    return allowedApps;
  }

  static Registration registration(String mode, String endpoint, SecretKeyRef token) {
    Registration registration = new Registration();
    registration.setMode(mode);
    registration.setEndpoint(endpoint);
    registration.setInitialAccessTokenSecretRef(token);
    return registration;
  }

  static void assertProblem(Gateway gateway, String field, String fragment) {
    Validation validation = GatewayRules.validate(gateway);
    assertThat(validation.problems()).as(validation.summary()).anySatisfy(p -> {
      assertThat(p.field()).isEqualTo(field);
      assertThat(p.message()).contains(fragment);
    });
  }

  static void assertOk(Gateway gateway) {
    Validation validation = GatewayRules.validate(gateway);
    assertThat(validation.problems()).as(validation.summary()).isEmpty();
  }

  @Test
  void aMinimalGatewayPasses() {
    Validation validation = GatewayRules.validate(gateway(spec -> {}));
    assertThat(validation.ok()).isTrue();
    assertThat(validation.warnings()).isEmpty();
  }

  @Test
  void aFullyPopulatedGatewayPasses() {
    assertOk(gateway(spec -> {
      spec.setDescription("The production FHIR server");
      spec.setFhirVersion("R4");
      spec.setHealthUri("https://fhir.example.org/r4/metadata");
      spec.setAllowedApps(from("Selector", new LabelSelectorBuilder()
          .withMatchLabels(Map.of("smart-operator.io/environment", "prod"))
          .addNewMatchExpression().withKey("team").withOperator("In").withValues("a", "b").endMatchExpression()
          .addNewMatchExpression().withKey("legacy").withOperator("DoesNotExist").endMatchExpression()
          .build()));
      spec.setRegistration(registration("DynamicClientRegistration", "https://auth.example.org/register",
          new SecretKeyRef("dcr-token", "token")));
    }));
  }

  @Test
  void displayNameIsRequiredWithAtMost128Characters() {
    assertProblem(gateway(s -> s.setDisplayName(null)), "spec.displayName", "is required");
    assertProblem(gateway(s -> s.setDisplayName(" ")), "spec.displayName", "blank");
    assertProblem(gateway(s -> s.setDisplayName("g".repeat(129))), "spec.displayName", "at most 128");
  }

  @Test
  void descriptionHasAtMost1024Characters() {
    assertProblem(gateway(s -> s.setDescription("d".repeat(1025))), "spec.description", "at most 1024");
  }

  @Test
  void fhirBaseUrlIsRequiredHttpsOrLoopbackWithoutQueryOrFragment() {
    assertProblem(gateway(s -> s.setFhirBaseUrl(null)), "spec.fhirBaseUrl", "is required");
    assertProblem(gateway(s -> s.setFhirBaseUrl("http://fhir.example.org/r4")), "spec.fhirBaseUrl", "https");
    assertProblem(gateway(s -> s.setFhirBaseUrl("https://fhir.example.org/r4?_format=json")), "spec.fhirBaseUrl", "query");
    assertProblem(gateway(s -> s.setFhirBaseUrl("https://fhir.example.org/r4#x")), "spec.fhirBaseUrl", "fragment");
    assertOk(gateway(s -> s.setFhirBaseUrl("http://127.0.0.1:8080/fhir")));
  }

  @ParameterizedTest
  @ValueSource(strings = {"r4", "4.0.1", "R6", ""})
  void fhirVersionIsAKnownRelease(String version) {
    assertProblem(gateway(s -> s.setFhirVersion(version)), "spec.fhirVersion", "DSTU2, STU3, R4, R4B or R5");
  }

  @ParameterizedTest
  @ValueSource(strings = {"DSTU2", "STU3", "R4", "R4B", "R5"})
  void knownFhirVersionsPass(String version) {
    assertOk(gateway(s -> s.setFhirVersion(version)));
  }

  @Test
  void healthUriFollowsTheHealthRules() {
    assertOk(gateway(s -> s.setHealthUri("http://hapi.fhir.svc:8080/fhir/metadata")));
    assertOk(gateway(s -> s.setHealthUri("")));
    assertProblem(gateway(s -> s.setHealthUri("fhir.svc/metadata")), "spec.healthUri", "absolute");
  }

  @Test
  void allowedNamespacesFromIsSameAllOrSelector() {
    assertOk(gateway(s -> s.setAllowedApps(from(null, null))));
    assertOk(gateway(s -> s.setAllowedApps(from("Same", null))));
    assertOk(gateway(s -> s.setAllowedApps(from("All", null))));
    assertOk(gateway(s -> s.setAllowedApps(new AllowedApps())));
    assertProblem(gateway(s -> s.setAllowedApps(from("all", null))), "spec.allowedApps.namespaces.from", "Same, All or Selector");
  }

  @Test
  void selectorIsRequiredExactlyWithFromSelector() {
    LabelSelector selector = new LabelSelectorBuilder().withMatchLabels(Map.of("env", "prod")).build();
    assertProblem(gateway(s -> s.setAllowedApps(from("Selector", null))), "spec.allowedApps.namespaces.selector", "is required");
    assertProblem(gateway(s -> s.setAllowedApps(from("Same", selector))), "spec.allowedApps.namespaces.selector", "only when");
    assertProblem(gateway(s -> s.setAllowedApps(from(null, selector))), "spec.allowedApps.namespaces.selector", "only when");
    assertOk(gateway(s -> s.setAllowedApps(from("Selector", selector))));
  }

  static LabelSelector expression(String key, String operator, List<String> values) {
    LabelSelectorRequirement requirement = new LabelSelectorRequirement(key, operator, values);
    return new LabelSelectorBuilder().withMatchExpressions(requirement).build();
  }

  @Test
  void matchExpressionsFollowLabelSelectorRules() {
    String at = "spec.allowedApps.namespaces.selector.matchExpressions[0]";
    assertProblem(gateway(s -> s.setAllowedApps(from("Selector", expression("env", "Equals", List.of("a"))))),
        at + ".operator", "'Equals' is not an operator");
    assertProblem(gateway(s -> s.setAllowedApps(from("Selector", expression("env", null, null)))),
        at + ".operator", "is required");
    assertProblem(gateway(s -> s.setAllowedApps(from("Selector", expression("env", "In", List.of())))),
        at + ".values", "must not be empty");
    assertProblem(gateway(s -> s.setAllowedApps(from("Selector", expression("env", "NotIn", null)))),
        at + ".values", "must not be empty");
    assertProblem(gateway(s -> s.setAllowedApps(from("Selector", expression("env", "Exists", List.of("a"))))),
        at + ".values", "must be empty");
    assertProblem(gateway(s -> s.setAllowedApps(from("Selector", expression(null, "Exists", null)))),
        at + ".key", "empty key");
    assertProblem(gateway(s -> s.setAllowedApps(from("Selector", expression("env", "In", List.of("not valid"))))),
        at + ".values[0]", "label value");
    assertOk(gateway(s -> s.setAllowedApps(from("Selector", expression("env", "NotIn", List.of("dev", ""))))));
  }

  @Test
  void matchLabelsAreValidLabels() {
    LabelSelector selector = new LabelSelectorBuilder().withMatchLabels(Map.of("env!", "prod")).build();
    assertProblem(gateway(s -> s.setAllowedApps(from("Selector", selector))),
        "spec.allowedApps.namespaces.selector.matchLabels", "key 'env!'");
  }

  @Test
  void anEmptySelectorIsAWarning() {
    Validation validation = GatewayRules.validate(gateway(s -> s.setAllowedApps(from("Selector", new LabelSelector()))));
    assertThat(validation.ok()).isTrue();
    assertThat(validation.warnings()).extracting(Problem::field).containsExactly("spec.allowedApps.namespaces.selector");
  }

  @ParameterizedTest
  @ValueSource(strings = {"None", "Secret", "DynamicClientRegistration"})
  void registrationModesPass(String mode) {
    assertOk(gateway(s -> s.setRegistration(registration(mode, null, null))));
  }

  @Test
  void anUnknownRegistrationModeIsAProblem() {
    assertProblem(gateway(s -> s.setRegistration(registration("DCR", null, null))), "spec.registration.mode", "'DCR'");
    assertOk(gateway(s -> s.setRegistration(registration(null, null, null))));
  }

  @ParameterizedTest
  @ValueSource(strings = {"None", "Secret"})
  void endpointAndTokenOnlyWithDynamicClientRegistration(String mode) {
    Validation validation = GatewayRules.validate(gateway(s -> s.setRegistration(
        registration(mode, "https://auth.example.org/register", new SecretKeyRef("dcr-token", "token")))));
    assertThat(validation.problems()).extracting(Problem::field)
        .containsExactly("spec.registration.endpoint", "spec.registration.initialAccessTokenSecretRef");
    assertThat(validation.problems()).allSatisfy(p -> assertThat(p.message()).contains("DynamicClientRegistration"));
    // absent mode means None
    assertProblem(gateway(s -> s.setRegistration(registration(null, "https://auth.example.org/register", null))),
        "spec.registration.endpoint", "only to mode DynamicClientRegistration");
  }

  @Test
  void endpointIsHttpsOrLoopback() {
    String dcr = "DynamicClientRegistration";
    assertProblem(gateway(s -> s.setRegistration(registration(dcr, "http://auth.example.org/register", null))),
        "spec.registration.endpoint", "https");
    assertProblem(gateway(s -> s.setRegistration(registration(dcr, "https://user@auth.example.org/register", null))),
        "spec.registration.endpoint", "userinfo");
    assertOk(gateway(s -> s.setRegistration(registration(dcr, "http://127.0.0.1:9000/register", null))));
  }

  @Test
  void initialAccessTokenSecretRefNeedsValidNameAndKey() {
    String dcr = "DynamicClientRegistration";
    String at = "spec.registration.initialAccessTokenSecretRef";
    assertProblem(gateway(s -> s.setRegistration(registration(dcr, null, new SecretKeyRef(null, "token")))),
        at + ".name", "is required");
    assertProblem(gateway(s -> s.setRegistration(registration(dcr, null, new SecretKeyRef("DCR", "token")))),
        at + ".name", "DNS-1123 subdomain");
    assertProblem(gateway(s -> s.setRegistration(registration(dcr, null, new SecretKeyRef("dcr-token", "")))),
        at + ".key", "must not be empty");
    assertProblem(gateway(s -> s.setRegistration(registration(dcr, null, new SecretKeyRef("dcr-token", "to ken")))),
        at + ".key", "not a Secret key");
  }

  @Test
  void aSpecWithSeveralProblemsListsAllOfThem() {
    Validation validation = GatewayRules.validate(gateway(s -> {
      s.setDisplayName(null);
      s.setFhirBaseUrl("ftp://fhir.example.org");
      s.setFhirVersion("R3");
      s.setAllowedApps(from("Selector", null));
      s.setRegistration(registration("Secret", "https://auth.example.org/register", null));
    }));
    assertThat(validation.problems()).extracting(Problem::field).containsExactly(
        "spec.displayName", "spec.fhirBaseUrl", "spec.fhirVersion", "spec.allowedApps.namespaces.selector",
        "spec.registration.endpoint");
  }

  @Test
  void nothingAtAllGivesProblemsNotExceptions() {
    assertThat(GatewayRules.validate(null).summary()).isEqualTo("spec: is required");
    assertThat(GatewayRules.validate(new Gateway()).summary()).isEqualTo("spec: is required");
    Gateway empty = new Gateway();
    empty.setSpec(new GatewaySpec());
    assertThat(GatewayRules.validate(empty).problems()).extracting(Problem::field)
        .containsExactly("spec.displayName", "spec.fhirBaseUrl");
  }
}
