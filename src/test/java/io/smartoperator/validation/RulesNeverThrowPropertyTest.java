package io.smartoperator.validation;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.smartoperator.api.v1alpha1.AllowedApps;
import io.smartoperator.api.v1alpha1.AllowedNamespaces;
import io.smartoperator.api.v1alpha1.Credentials;
import io.smartoperator.api.v1alpha1.Gateway;
import io.smartoperator.api.v1alpha1.GatewayRef;
import io.smartoperator.api.v1alpha1.GatewaySpec;
import io.smartoperator.api.v1alpha1.HealthCheck;
import io.smartoperator.api.v1alpha1.Registration;
import io.smartoperator.api.v1alpha1.SecretKeyRef;
import io.smartoperator.api.v1alpha1.SecretTemplate;
import io.smartoperator.api.v1alpha1.SmartApp;
import io.smartoperator.api.v1alpha1.SmartAppSpec;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.WithNull;

/** Whatever an API server without the CRD's schema lets through, validation answers with problems. */
class RulesNeverThrowPropertyTest {

  @Provide
  Arbitrary<String> garbage() {
    return Arbitraries.oneOf(
        Arbitraries.strings().ofMaxLength(30),
        Arbitraries.strings().withCharRange('!', '~').ofMaxLength(30),
        Arbitraries.of("", " ", "public", "confidential", "backend-service", "Selector", "All", "In", "Exists",
            "DynamicClientRegistration", "Secret", "R4", "Delete", "growth-chart", "a.b", "[::1]",
            "https://growth.example.org/cb", "http://localhost/", "http://[::1", "com.example.app:/cb", "https:",
            "system/Patient.rs", "patient/*.*", "launch/patient", "__", "urn:", "?", "#", "@", "*", "%zz"))
        .injectNull(0.2);
  }

  @Provide
  Arbitrary<List<String>> garbageLists() {
    return garbage().list().ofMaxSize(6).injectNull(0.2);
  }

  @Provide
  Arbitrary<Map<String, String>> garbageMaps() {
    return Arbitraries.maps(garbage().filter(k -> k != null), garbage()).ofMaxSize(3).injectNull(0.3);
  }

  @Property(tries = 500)
  void smartAppRulesNeverThrow(
      @ForAll("garbage") String name, @ForAll("garbage") String text, @ForAll("garbage") String clientType,
      @ForAll("garbage") String uri, @ForAll("garbageLists") List<String> strings,
      @ForAll @WithNull(0.3) Integer seconds, @ForAll("garbage") String secretName,
      @ForAll("garbageMaps") Map<String, String> labels, @ForAll boolean withRef, @ForAll boolean withMetadata) {
    SmartApp app = new SmartApp();
    app.setMetadata(withMetadata ? new ObjectMeta() : null);
    if (withMetadata) {
      app.getMetadata().setName(name);
      app.getMetadata().setNamespace(text);
    }
    SmartAppSpec spec = new SmartAppSpec();
    spec.setDisplayName(text);
    spec.setAppId(name);
    spec.setDescription(text);
    spec.setClientId(name);
    spec.setClientType(clientType);
    spec.setLaunchUri(uri);
    spec.setHealthUri(uri);
    HealthCheck check = new HealthCheck();
    check.setPeriodSeconds(seconds);
    check.setTimeoutSeconds(seconds);
    check.setFailureThreshold(seconds);
    spec.setHealthCheck(withRef ? check : null);
    spec.setRedirectUris(strings);
    spec.setScopes(strings);
    Credentials credentials = new Credentials();
    credentials.setSecretName(secretName);
    credentials.setRotation(text);
    credentials.setExistingSecretRef(withRef ? new SecretKeyRef(secretName, name) : null);
    if (labels != null) {
      SecretTemplate template = new SecretTemplate();
      template.setLabels(labels);
      template.setAnnotations(labels);
      credentials.setTemplate(template);
    }
    spec.setCredentials(withMetadata ? credentials : null);
    spec.setGatewayRefs(strings == null ? null
        : strings.stream().map(s -> s == null ? null : new GatewayRef(s, name)).toList());
    spec.setDeletionPolicy(secretName);
    app.setSpec(spec);

    Validation validation = SmartAppRules.validate(app);
    assertThat(validation.problems()).allSatisfy(p -> assertThat(p.field()).startsWith("spec"));
    assertThat(validation.summary()).isNotNull();
  }

  @Property(tries = 500)
  void gatewayRulesNeverThrow(
      @ForAll("garbage") String text, @ForAll("garbage") String uri, @ForAll("garbage") String from,
      @ForAll("garbage") String operator, @ForAll("garbageLists") List<String> values,
      @ForAll("garbageMaps") Map<String, String> labels, @ForAll("garbage") String mode, @ForAll boolean withSelector) {
    GatewaySpec spec = new GatewaySpec();
    spec.setDisplayName(text);
    spec.setDescription(text);
    spec.setFhirBaseUrl(uri);
    spec.setFhirVersion(text);
    spec.setHealthUri(uri);
    AllowedNamespaces namespaces = new AllowedNamespaces();
    namespaces.setFrom(from);
    if (withSelector) {
      LabelSelector selector = new LabelSelector();
      selector.setMatchLabels(labels);
      selector.setMatchExpressions(Arrays.asList(new LabelSelectorRequirement(text, operator, values), null));
      namespaces.setSelector(selector);
    }
    AllowedApps allowedApps = new AllowedApps();
    allowedApps.setNamespaces(namespaces);
    spec.setAllowedApps(allowedApps);
    Registration registration = new Registration();
    registration.setMode(mode);
    registration.setEndpoint(uri);
    registration.setInitialAccessTokenSecretRef(new SecretKeyRef(text, operator));
    spec.setRegistration(registration);
    Gateway gateway = new Gateway();
    gateway.setSpec(spec);

    Validation validation = GatewayRules.validate(gateway);
    assertThat(validation.problems()).allSatisfy(p -> assertThat(p.field()).startsWith("spec"));
    assertThat(validation.summary()).isNotNull();
  }
}
