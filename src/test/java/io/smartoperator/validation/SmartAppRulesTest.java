package io.smartoperator.validation;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.smartoperator.api.v1alpha1.Credentials;
import io.smartoperator.api.v1alpha1.GatewayRef;
import io.smartoperator.api.v1alpha1.HealthCheck;
import io.smartoperator.api.v1alpha1.SecretKeyRef;
import io.smartoperator.api.v1alpha1.SecretTemplate;
import io.smartoperator.api.v1alpha1.SmartApp;
import io.smartoperator.api.v1alpha1.SmartAppSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SmartAppRulesTest {

  static SmartApp app(String clientType, Consumer<SmartAppSpec> edit) {
    SmartApp app = new SmartApp();
    app.setMetadata(new ObjectMetaBuilder().withName("growth-chart").withNamespace("pediatrics").build());
    SmartAppSpec spec = new SmartAppSpec();
    spec.setDisplayName("Growth Chart");
    spec.setClientType(clientType);
    if (clientType.equals("backend-service")) {
      spec.setScopes(new ArrayList<>(List.of("system/Patient.rs", "system/Observation.read")));
      spec.setCredentials(new Credentials());
    } else {
      spec.setLaunchUri("https://growth.example.org/launch");
      spec.setRedirectUris(new ArrayList<>(List.of("https://growth.example.org/callback")));
      spec.setScopes(new ArrayList<>(List.of("launch", "openid", "fhirUser", "patient/Observation.rs", "offline_access")));
    }
    spec.setGatewayRefs(new ArrayList<>(List.of(new GatewayRef("prod", "platform"))));
    app.setSpec(spec);
    edit.accept(spec);
    return app;
  }

  static SmartApp confidential(Consumer<SmartAppSpec> edit) {
    return app("confidential", edit);
  }

  /** Asserts the edit makes exactly the given field fail with a message containing the fragment. */
  static void assertProblem(SmartApp app, String field, String fragment) {
    Validation validation = SmartAppRules.validate(app);
    assertThat(validation.ok()).isFalse();
    assertThat(validation.problems()).as(validation.summary())
        .anySatisfy(p -> {
          assertThat(p.field()).isEqualTo(field);
          assertThat(p.message()).contains(fragment);
        });
  }

  static void assertOk(SmartApp app) {
    Validation validation = SmartAppRules.validate(app);
    assertThat(validation.problems()).as(validation.summary()).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"public", "confidential", "backend-service"})
  void aValidAppOfEachClientTypePasses(String clientType) {
    Validation validation = SmartAppRules.validate(app(clientType, spec -> {}));
    assertThat(validation.ok()).as(validation.summary()).isTrue();
    assertThat(validation.warnings()).isEmpty();
    assertThat(validation.summary()).isEmpty();
  }

  @Test
  void aFullyPopulatedConfidentialAppPasses() {
    assertOk(confidential(spec -> {
      spec.setAppId("growth");
      spec.setDescription("Pediatric growth charts");
      spec.setClientId("7d0c-growth_chart.v2~x");
      spec.setHealthUri("http://growth-chart.pediatrics.svc:8080/healthz");
      HealthCheck check = new HealthCheck();
      check.setPeriodSeconds(30);
      check.setTimeoutSeconds(5);
      check.setFailureThreshold(3);
      spec.setHealthCheck(check);
      spec.setRedirectUris(List.of("https://growth.example.org/cb", "http://127.0.0.1:3000/cb", "com.example.growth:/cb"));
      Credentials credentials = new Credentials();
      credentials.setSecretName("growth-chart-credentials");
      credentials.setRotation("2026-11");
      SecretTemplate template = new SecretTemplate();
      template.setLabels(Map.of("team", "pediatrics", "example.org/tier", ""));
      template.setAnnotations(Map.of("reflector.v1.k8s.emberstack.com/reflection-allowed", "true"));
      credentials.setTemplate(template);
      spec.setCredentials(credentials);
      spec.setGatewayRefs(List.of(new GatewayRef("prod", "platform"), new GatewayRef("staging", null)));
      spec.setDeletionPolicy("Orphan");
    }));
  }

  // texts and ids

  @Test
  void displayNameIsRequired() {
    assertProblem(confidential(s -> s.setDisplayName(null)), "spec.displayName", "is required");
    assertProblem(confidential(s -> s.setDisplayName("")), "spec.displayName", "is required");
    assertProblem(confidential(s -> s.setDisplayName("   ")), "spec.displayName", "blank");
  }

  @Test
  void displayNameHasAtMost128Characters() {
    assertProblem(confidential(s -> s.setDisplayName("x".repeat(129))), "spec.displayName", "at most 128");
    assertOk(confidential(s -> s.setDisplayName("x".repeat(128))));
    // Characters, not UTF-16 units: 128 emoji are 256 chars in Java and still fit.
    assertOk(confidential(s -> s.setDisplayName("\uD83D\uDCC8".repeat(128))));
  }

  @Test
  void descriptionHasAtMost1024Characters() {
    assertProblem(confidential(s -> s.setDescription("d".repeat(1025))), "spec.description", "at most 1024");
    assertOk(confidential(s -> s.setDescription("d".repeat(1024))));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "has space", "ümlaut", "a/b", "a:b"})
  void clientIdFollowsItsPattern(String clientId) {
    assertProblem(confidential(s -> s.setClientId(clientId)), "spec.clientId", "1 to 128");
  }

  @Test
  void clientIdHasAtMost128Characters() {
    assertProblem(confidential(s -> s.setClientId("c".repeat(129))), "spec.clientId", "1 to 128");
    assertOk(confidential(s -> s.setClientId("c".repeat(128))));
  }

  // appId

  @ParameterizedTest
  @ValueSource(strings = {"", "Growth", "growth_chart", "growth.chart", "-growth", "growth-"})
  void aGivenAppIdIsADnsLabel(String appId) {
    String reason = appId.isEmpty() ? "must not be empty" : "'" + appId + "' is not a DNS-1123 label";
    assertProblem(confidential(s -> s.setAppId(appId)), "spec.appId", reason);
  }

  @Test
  void aGivenAppIdHasAtMost63Characters() {
    assertProblem(confidential(s -> s.setAppId("a".repeat(64))), "spec.appId", "DNS-1123 label");
    assertOk(confidential(s -> s.setAppId("a".repeat(63))));
  }

  @Test
  void theDefaultFromMetadataNameMustBeALabelToo() {
    SmartApp dotted = confidential(s -> {});
    dotted.getMetadata().setName("growth.chart");
    assertProblem(dotted, "spec.appId", "metadata.name 'growth.chart'");
    assertThat(SmartAppRules.effectiveAppId(dotted)).isEqualTo("growth.chart");

    SmartApp dottedWithAppId = confidential(s -> s.setAppId("growth-chart"));
    dottedWithAppId.getMetadata().setName("growth.chart");
    assertOk(dottedWithAppId);
    assertThat(SmartAppRules.effectiveAppId(dottedWithAppId)).isEqualTo("growth-chart");
  }

  @Test
  void noAppIdAndNoNameIsAProblem() {
    SmartApp app = confidential(s -> {});
    app.setMetadata(null);
    assertProblem(app, "spec.appId", "no metadata.name");
    assertThat(SmartAppRules.effectiveAppId(app)).isNull();
  }

  // clientType

  @ParameterizedTest
  @ValueSource(strings = {"Public", "CONFIDENTIAL", "backend_service", "native", " public"})
  void anUnknownClientTypeIsAProblemNotAnException(String clientType) {
    assertProblem(app(clientType, s -> {}), "spec.clientType", "'" + clientType + "' is not a client type");
  }

  @Test
  void clientTypeIsRequired() {
    assertProblem(confidential(s -> s.setClientType(null)), "spec.clientType", "is required");
    assertProblem(confidential(s -> s.setClientType("")), "spec.clientType", "is required");
  }

  @Test
  void anUnknownClientTypeStillHasItsGivenUrisChecked() {
    assertProblem(app("native", s -> s.setLaunchUri("http://growth.example.org/launch")), "spec.launchUri", "https");
  }

  // launchUri

  @ParameterizedTest
  @ValueSource(strings = {"public", "confidential"})
  void launchUriIsRequiredUnlessBackendService(String clientType) {
    assertProblem(app(clientType, s -> s.setLaunchUri(null)), "spec.launchUri", "is required");
  }

  @Test
  void launchUriFollowsTheLaunchUriRules() {
    assertProblem(confidential(s -> s.setLaunchUri("http://growth.example.org/launch")), "spec.launchUri", "https");
    assertProblem(confidential(s -> s.setLaunchUri("https://growth.example.org/launch#x")), "spec.launchUri", "fragment");
  }

  @Test
  void launchUriOnLocalhostIsAWarning() {
    Validation validation = SmartAppRules.validate(confidential(s -> s.setLaunchUri("http://localhost:9000/launch")));
    assertThat(validation.ok()).isTrue();
    assertThat(validation.warnings()).extracting(Problem::field).containsExactly("spec.launchUri");
  }

  @Test
  void launchUriIsIgnoredForABackendService() {
    Validation validation = SmartAppRules.validate(app("backend-service", s -> s.setLaunchUri("not a uri")));
    assertThat(validation.ok()).as(validation.summary()).isTrue();
    assertThat(validation.warnings()).extracting(Problem::field).containsExactly("spec.launchUri");
  }

  // healthUri and healthCheck

  @Test
  void healthUriFollowsTheHealthRules() {
    assertOk(confidential(s -> s.setHealthUri("http://growth.pediatrics.svc/healthz")));
    assertProblem(confidential(s -> s.setHealthUri("growth.pediatrics.svc/healthz")), "spec.healthUri", "absolute");
    assertProblem(confidential(s -> s.setHealthUri("https://*.example.org/h")), "spec.healthUri", "wildcards");
  }

  @Test
  void anEmptyHealthUriMeansNotMonitored() {
    assertOk(confidential(s -> s.setHealthUri("")));
  }

  static HealthCheck check(Integer period, Integer timeout, Integer threshold) {
    HealthCheck check = new HealthCheck();
    check.setPeriodSeconds(period);
    check.setTimeoutSeconds(timeout);
    check.setFailureThreshold(threshold);
    return check;
  }

  static SmartApp monitored(HealthCheck check) {
    return confidential(s -> {
      s.setHealthUri("https://growth.example.org/healthz");
      s.setHealthCheck(check);
    });
  }

  @Test
  void healthCheckBoundsAreChecked() {
    assertProblem(monitored(check(4, null, null)), "spec.healthCheck.periodSeconds", "between 5 and 3600");
    assertProblem(monitored(check(3601, null, null)), "spec.healthCheck.periodSeconds", "between 5 and 3600");
    assertProblem(monitored(check(null, 0, null)), "spec.healthCheck.timeoutSeconds", "between 1 and 60");
    assertProblem(monitored(check(null, 61, null)), "spec.healthCheck.timeoutSeconds", "between 1 and 60");
    assertProblem(monitored(check(null, null, 0)), "spec.healthCheck.failureThreshold", "between 1 and 100");
    assertProblem(monitored(check(null, null, 101)), "spec.healthCheck.failureThreshold", "between 1 and 100");
    assertOk(monitored(check(5, 1, 1)));
    assertOk(monitored(check(3600, 60, 100)));
    assertOk(monitored(check(null, null, null)));
  }

  @Test
  void timeoutIsShorterThanPeriod() {
    assertProblem(monitored(check(10, 10, null)), "spec.healthCheck.timeoutSeconds", "shorter than periodSeconds");
    assertProblem(monitored(check(10, 20, null)), "spec.healthCheck.timeoutSeconds", "shorter than periodSeconds");
    assertOk(monitored(check(10, 9, null)));
  }

  @Test
  void healthCheckWithoutHealthUriIsAWarning() {
    Validation validation = SmartAppRules.validate(confidential(s -> s.setHealthCheck(check(30, 5, 3))));
    assertThat(validation.ok()).isTrue();
    assertThat(validation.warnings()).extracting(Problem::field).containsExactly("spec.healthCheck");
  }

  // redirectUris

  @ParameterizedTest
  @ValueSource(strings = {"public", "confidential"})
  void redirectUrisHaveAtLeastOneUnlessBackendService(String clientType) {
    assertProblem(app(clientType, s -> s.setRedirectUris(List.of())), "spec.redirectUris", "at least one");
    assertProblem(app(clientType, s -> s.setRedirectUris(null)), "spec.redirectUris", "at least one");
  }

  @Test
  void noRedirectUrisIsFineForABackendService() {
    assertOk(app("backend-service", s -> s.setRedirectUris(null)));
    assertOk(app("backend-service", s -> s.setRedirectUris(List.of())));
  }

  @Test
  void atMost32RedirectUris() {
    List<String> uris = IntStream.range(0, 33).mapToObj(i -> "https://growth.example.org/cb" + i).toList();
    assertProblem(confidential(s -> s.setRedirectUris(uris)), "spec.redirectUris", "at most 32");
    assertOk(confidential(s -> s.setRedirectUris(uris.subList(0, 32))));
  }

  @Test
  void redirectUrisAreUnique() {
    assertProblem(confidential(s -> s.setRedirectUris(List.of("https://a.example.org/cb", "https://b.example.org/cb",
        "https://a.example.org/cb"))), "spec.redirectUris[2]", "duplicates spec.redirectUris[0]");
  }

  @Test
  void eachRedirectUriFollowsTheRedirectRules() {
    Validation validation = SmartAppRules.validate(confidential(s -> s.setRedirectUris(Arrays.asList(
        "https://growth.example.org/cb", "myapp:/cb", null, "http://growth.example.org/cb"))));
    assertThat(validation.problems()).extracting(Problem::field)
        .containsExactly("spec.redirectUris[1]", "spec.redirectUris[2]", "spec.redirectUris[3]");
  }

  // scopes

  @Test
  void eachScopeIsASmartScope() {
    Validation validation = SmartAppRules.validate(confidential(s -> s.setScopes(List.of(
        "launch", "openid", "fhirUser", "patient/Observation.xyz"))));
    assertThat(validation.summary())
        .isEqualTo("spec.scopes[3]: 'patient/Observation.xyz' is not a SMART scope: permissions 'xyz' must be "
            + "read, write or * (v1), or some of c, r, u, d, s in that order (v2)");
  }

  @Test
  void atMost100Scopes() {
    List<String> scopes = IntStream.range(0, 101).mapToObj(i -> "__scope" + i).toList();
    assertProblem(confidential(s -> s.setScopes(scopes)), "spec.scopes", "at most 100");
    assertOk(confidential(s -> s.setScopes(scopes.subList(0, 100))));
  }

  @Test
  void noDuplicateScopes() {
    assertProblem(confidential(s -> s.setScopes(List.of("openid", "launch", "openid"))),
        "spec.scopes[2]", "duplicates spec.scopes[0]");
  }

  @Test
  void aBackendServiceAsksOnlyForSystemScopes() {
    assertProblem(app("backend-service", s -> s.setScopes(List.of("system/Patient.rs", "openid"))),
        "spec.scopes[1]", "a backend-service asks only for system/ scopes");
    assertProblem(app("backend-service", s -> s.setScopes(List.of("patient/Patient.rs"))),
        "spec.scopes[0]", "a backend-service asks only for system/ scopes");
  }

  @ParameterizedTest
  @ValueSource(strings = {"public", "confidential"})
  void userFacingAppsNeverAskForSystemScopes(String clientType) {
    assertProblem(app(clientType, s -> s.setScopes(List.of("openid", "system/*.rs"))),
        "spec.scopes[1]", "for backend-service apps only");
  }

  @Test
  void nullScopeListsAndEntries() {
    assertOk(confidential(s -> s.setScopes(null)));
    assertProblem(confidential(s -> s.setScopes(Collections.singletonList(null))), "spec.scopes[0]", "not null");
  }

  // credentials

  static Credentials existing(String name, String key) {
    Credentials credentials = new Credentials();
    credentials.setExistingSecretRef(new SecretKeyRef(name, key));
    return credentials;
  }

  @Test
  void credentialsOnlyForConfidentialAndBackendService() {
    assertProblem(app("public", s -> s.setCredentials(new Credentials())), "spec.credentials", "public app");
    assertOk(app("confidential", s -> s.setCredentials(existing("growth-secret", "client_secret"))));
    assertOk(app("backend-service", s -> s.setCredentials(existing("growth-secret", "client-secret.txt"))));
  }

  @Test
  void existingSecretRefNeedsValidNameAndKey() {
    assertProblem(confidential(s -> s.setCredentials(existing(null, "k"))), "spec.credentials.existingSecretRef.name", "is required");
    assertProblem(confidential(s -> s.setCredentials(existing("n", null))), "spec.credentials.existingSecretRef.key", "is required");
    assertProblem(confidential(s -> s.setCredentials(existing("Growth_Secret", "k"))),
        "spec.credentials.existingSecretRef.name", "DNS-1123 subdomain");
    assertProblem(confidential(s -> s.setCredentials(existing("n", "client secret"))),
        "spec.credentials.existingSecretRef.key", "not a Secret key");
    assertProblem(confidential(s -> s.setCredentials(existing("n", "a/b"))),
        "spec.credentials.existingSecretRef.key", "not a Secret key");
  }

  @Test
  void existingSecretRefExcludesWhatOnlyAGeneratedSecretHas() {
    Validation validation = SmartAppRules.validate(confidential(s -> {
      Credentials credentials = existing("growth-secret", "k");
      credentials.setSecretName("growth-chart-credentials");
      credentials.setRotation("2026-11");
      credentials.setTemplate(new SecretTemplate());
      s.setCredentials(credentials);
    }));
    assertThat(validation.problems()).extracting(Problem::field).containsExactly(
        "spec.credentials.secretName", "spec.credentials.rotation", "spec.credentials.template");
    assertThat(validation.problems()).allSatisfy(p -> assertThat(p.message()).contains("existingSecretRef"));
  }

  @Test
  void secretNameIsADnsSubdomainOfAtMost253() {
    Credentials bad = new Credentials();
    bad.setSecretName("Growth_Credentials");
    assertProblem(confidential(s -> s.setCredentials(bad)), "spec.credentials.secretName", "DNS-1123 subdomain");
    Credentials tooLong = new Credentials();
    tooLong.setSecretName("a".repeat(254));
    assertProblem(confidential(s -> s.setCredentials(tooLong)), "spec.credentials.secretName", "at most 253");
  }

  @Test
  void theDefaultSecretNameMustFitToo() {
    SmartApp app = confidential(s -> s.setAppId("growth"));
    app.getMetadata().setName("a".repeat(250));
    assertProblem(app, "spec.credentials.secretName", "set a shorter secretName");
    app.getSpec().setCredentials(existing("growth-secret", "k"));
    assertOk(app);
  }

  @Test
  void rotationHasAtMost63Characters() {
    Credentials credentials = new Credentials();
    credentials.setRotation("r".repeat(64));
    assertProblem(confidential(s -> s.setCredentials(credentials)), "spec.credentials.rotation", "at most 63");
  }

  @Test
  void templateLabelsAndAnnotationsAreValidMetadata() {
    Credentials credentials = new Credentials();
    SecretTemplate template = new SecretTemplate();
    template.setLabels(Map.of("team", "a b"));
    template.setAnnotations(Map.of("Bad_Prefix/x", "anything goes here"));
    credentials.setTemplate(template);
    Validation validation = SmartAppRules.validate(confidential(s -> s.setCredentials(credentials)));
    assertThat(validation.problems()).extracting(Problem::field).containsExactlyInAnyOrder(
        "spec.credentials.template.labels[team]", "spec.credentials.template.annotations");
  }

  // gatewayRefs

  @Test
  void atMost16GatewayRefs() {
    List<GatewayRef> refs = IntStream.range(0, 17).mapToObj(i -> new GatewayRef("gw" + i, null)).toList();
    assertProblem(confidential(s -> s.setGatewayRefs(refs)), "spec.gatewayRefs", "at most 16");
    assertOk(confidential(s -> s.setGatewayRefs(refs.subList(0, 16))));
  }

  @Test
  void gatewayRefNameIsARequiredDnsSubdomain() {
    assertProblem(confidential(s -> s.setGatewayRefs(List.of(new GatewayRef(null, null)))),
        "spec.gatewayRefs[0].name", "is required");
    assertProblem(confidential(s -> s.setGatewayRefs(List.of(new GatewayRef("Prod", null)))),
        "spec.gatewayRefs[0].name", "DNS-1123 subdomain");
    assertOk(confidential(s -> s.setGatewayRefs(List.of(new GatewayRef("prod.eu-1", null)))));
  }

  @Test
  void gatewayRefNamespaceIsADnsLabelWhenGiven() {
    assertProblem(confidential(s -> s.setGatewayRefs(List.of(new GatewayRef("prod", "plat.form")))),
        "spec.gatewayRefs[0].namespace", "DNS-1123 label");
    assertProblem(confidential(s -> s.setGatewayRefs(List.of(new GatewayRef("prod", "")))),
        "spec.gatewayRefs[0].namespace", "must not be empty");
  }

  @Test
  void noGatewayTwiceCountingTheDefaultNamespace() {
    assertProblem(confidential(s -> s.setGatewayRefs(List.of(new GatewayRef("prod", null), new GatewayRef("prod", "pediatrics")))),
        "spec.gatewayRefs[1]", "same gateway as spec.gatewayRefs[0]");
    assertOk(confidential(s -> s.setGatewayRefs(List.of(new GatewayRef("prod", null), new GatewayRef("prod", "platform")))));
  }

  @Test
  void nullGatewayRefListsAndEntries() {
    assertOk(confidential(s -> s.setGatewayRefs(null)));
    assertProblem(confidential(s -> s.setGatewayRefs(Collections.singletonList(null))), "spec.gatewayRefs[0]", "not null");
  }

  @Test
  void deletionPolicyIsDeleteOrOrphan() {
    assertOk(confidential(s -> s.setDeletionPolicy("Delete")));
    assertOk(confidential(s -> s.setDeletionPolicy("Orphan")));
    assertProblem(confidential(s -> s.setDeletionPolicy("delete")), "spec.deletionPolicy", "Delete or Orphan");
    assertProblem(confidential(s -> s.setDeletionPolicy("")), "spec.deletionPolicy", "Delete or Orphan");
  }

  @Test
  void aSpecWithSeveralProblemsListsAllOfThem() {
    Validation validation = SmartAppRules.validate(app("public", s -> {
      s.setDisplayName("");
      s.setLaunchUri("http://growth.example.org/launch");
      s.setRedirectUris(List.of("https://growth.example.org/cb", "https://growth.example.org/cb"));
      s.setScopes(List.of("openid", "patient/observation.read", "system/Patient.rs"));
      s.setCredentials(new Credentials());
      s.setDeletionPolicy("Keep");
    }));
    assertThat(validation.problems()).extracting(Problem::field).containsExactly(
        "spec.displayName", "spec.launchUri", "spec.redirectUris[1]", "spec.scopes[1]", "spec.scopes[2]",
        "spec.credentials", "spec.deletionPolicy");
    assertThat(validation.summary()).startsWith("spec.displayName: is required").contains("; spec.launchUri: must be https");
  }

  @Test
  void nothingAtAllGivesProblemsNotExceptions() {
    assertThat(SmartAppRules.validate(null).summary()).isEqualTo("spec: is required");
    assertThat(SmartAppRules.validate(new SmartApp()).summary()).isEqualTo("spec: is required");

    SmartApp empty = new SmartApp();
    empty.setMetadata(null);
    SmartAppSpec spec = new SmartAppSpec();
    spec.setRedirectUris(null);
    spec.setScopes(null);
    spec.setGatewayRefs(null);
    empty.setSpec(spec);
    assertThat(SmartAppRules.validate(empty).problems()).extracting(Problem::field)
        .containsExactly("spec.displayName", "spec.appId", "spec.clientType");
  }
}
