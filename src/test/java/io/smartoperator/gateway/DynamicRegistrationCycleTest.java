package io.smartoperator.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.smartoperator.api.v1alpha1.AllowedApps;
import io.smartoperator.api.v1alpha1.AllowedNamespaces;
import io.smartoperator.api.v1alpha1.Gateway;
import io.smartoperator.api.v1alpha1.GatewaySpec;
import io.smartoperator.api.v1alpha1.Registration;
import io.smartoperator.api.v1alpha1.SecretKeyRef;
import io.smartoperator.api.v1alpha1.SmartApp;
import io.smartoperator.testing.Apps;
import io.smartoperator.testing.AuthorizationServerProcess;
import io.smartoperator.testing.FhirTestServer;
import io.smartoperator.testing.OperatorHarness;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The whole cycle against real servers: a HAPI FHIR server whose SMART configuration points at
 * a real Spring Authorization Server with dynamic client registration. A backend service is
 * registered, gets a token with its issued credentials, is deleted, and then cannot.
 */
class DynamicRegistrationCycleTest {
  static AuthorizationServerProcess auth;
  static FhirTestServer fhir;
  static OperatorHarness k8s;

  @BeforeAll
  static void start() {
    auth = AuthorizationServerProcess.start(AuthorizationServerProcess.REUSABLE_INITIAL_ACCESS_TOKENS);
    fhir = FhirTestServer.start();
    fhir.smartConfiguration(FhirTestServer.smartConfigurationFor(auth.issuer()));
    k8s = OperatorHarness.start();
    k8s.namespace("platform");
    k8s.namespace("ehr");
    k8s.client.secrets().inNamespace("platform").resource(new SecretBuilder()
        .withNewMetadata().withName("dcr-token").endMetadata()
        .addToData("token", b64(auth.initialAccessToken())).build()).create();
  }

  @AfterAll
  static void stop() {
    if (k8s != null) {
      k8s.close();
    }
    if (fhir != null) {
      fhir.close();
    }
    if (auth != null) {
      auth.close();
    }
  }

  static String b64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }

  static String decoded(Secret s, String key) {
    return new String(Base64.getDecoder().decode(s.getData().get(key)), StandardCharsets.UTF_8);
  }

  static Gateway dcrGateway(String name, String tokenSecret) {
    Gateway gw = new Gateway();
    gw.setMetadata(new ObjectMetaBuilder().withNamespace("platform").withName(name).build());
    GatewaySpec spec = new GatewaySpec();
    spec.setDisplayName("Partner EHR");
    spec.setFhirBaseUrl(fhir.baseUrl());
    AllowedNamespaces ns = new AllowedNamespaces();
    ns.setFrom("All");
    AllowedApps allowed = new AllowedApps();
    allowed.setNamespaces(ns);
    spec.setAllowedApps(allowed);
    Registration r = new Registration();
    r.setMode("DynamicClientRegistration");
    r.setEndpoint(auth.registrationEndpoint().toString());
    if (tokenSecret != null) {
      r.setInitialAccessTokenSecretRef(new SecretKeyRef(tokenSecret, "token"));
    }
    spec.setRegistration(r);
    gw.setSpec(spec);
    return gw;
  }

  @Test
  void backendServiceIsRegisteredGetsATokenAndLosesItWhenDeleted() {
    k8s.client.resource(dcrGateway("partner", "dcr-token")).create();
    await().atMost(OperatorHarness.WAIT).untilAsserted(() -> {
      Gateway gw = k8s.gateway("platform", "partner");
      assertThat(gw.getStatus()).isNotNull();
      assertThat(OperatorHarness.condition(gw.getStatus().getConditions(), "Ready").orElseThrow().getStatus())
          .isEqualTo("True");
    });

    SmartApp app = Apps.withGateway(Apps.backend("ehr", "exporter"), "partner", "platform");
    app.getSpec().setScopes(List.of("system/Patient.rs"));
    k8s.apply(app);
    SmartApp ready = k8s.awaitCondition("ehr", "exporter", "Ready", "True", "Ready");
    String issued = ready.getStatus().getGateways().get(0).getClientId();
    assertThat(issued).isNotBlank().isNotEqualTo(ready.getStatus().getClientId());

    Secret registration = k8s.secret("ehr", "exporter-partner-registration");
    assertThat(registration.getData()).containsKeys("client_id", "client_secret", "registration_access_token",
        "registration_client_uri", "token_endpoint", "fhir_base_url");
    assertThat(decoded(registration, "client_id")).isEqualTo(issued);
    assertThat(decoded(registration, "fhir_base_url")).isEqualTo(fhir.baseUrl());
    assertThat(registration.getMetadata().getOwnerReferences()).singleElement()
        .satisfies(o -> assertThat(o.getUid()).isEqualTo(ready.getMetadata().getUid()));

    var token = auth.clientCredentialsToken(issued, decoded(registration, "client_secret"), "system/Patient.rs");
    assertThat(token.granted()).as("token with the issued credentials: %s", token).isTrue();

    k8s.client.resource(k8s.app("ehr", "exporter")).delete();
    await().atMost(OperatorHarness.WAIT).untilAsserted(() -> assertThat(k8s.app("ehr", "exporter")).isNull());
    assertThat(k8s.secret("ehr", "exporter-partner-registration")).isNull();
    var after = auth.clientCredentialsToken(issued, decoded(registration, "client_secret"), "system/Patient.rs");
    assertThat(after.granted()).as("the client is gone: %s", after).isFalse();
  }

  @Test
  void aRefusedRegistrationSaysWhatTheServerSaidAndBacksOff() {
    // No initial access token: the authorization server refuses the registration.
    k8s.client.resource(dcrGateway("partner2", null)).create();
    k8s.apply(Apps.withGateway(Apps.backend("ehr", "refused"), "partner2", "platform"));
    SmartApp seen = k8s.awaitCondition("ehr", "refused", "Activated", "False", "RegistrationFailed");
    Condition c = OperatorHarness.condition(seen.getStatus().getConditions(), "Activated").orElseThrow();
    assertThat(c.getMessage()).contains("registration with Gateway platform/partner2 failed")
        .contains("HTTP 401").contains("retrying in 10s");
    assertThat(k8s.secret("ehr", "refused-partner2-registration")).isNull();
  }

  @Test
  void aMissingInitialAccessTokenSecretIsReported() {
    k8s.client.resource(dcrGateway("partner3", "no-such-secret")).create();
    k8s.apply(Apps.withGateway(Apps.backend("ehr", "no-token"), "partner3", "platform"));
    SmartApp seen = k8s.awaitCondition("ehr", "no-token", "Activated", "False", "RegistrationFailed");
    assertThat(OperatorHarness.condition(seen.getStatus().getConditions(), "Activated").orElseThrow().getMessage())
        .contains("initial access token").contains("no-such-secret");
  }

  @Test
  void anAppWhoseGatewayIsGoneLetsGoWithoutCallingAnyServer() {
    k8s.client.resource(dcrGateway("partner4", "dcr-token")).create();
    k8s.apply(Apps.withGateway(Apps.backend("ehr", "stranded"), "partner4", "platform"));
    SmartApp ready = k8s.awaitCondition("ehr", "stranded", "Ready", "True", "Ready");
    String issued = ready.getStatus().getGateways().get(0).getClientId();
    String secret = decoded(k8s.secret("ehr", "stranded-partner4-registration"), "client_secret");

    k8s.client.resource(k8s.gateway("platform", "partner4")).delete();
    k8s.awaitCondition("ehr", "stranded", "Activated", "False", "GatewayNotFound");
    k8s.client.resource(k8s.app("ehr", "stranded")).delete();
    await().atMost(OperatorHarness.WAIT).untilAsserted(() -> assertThat(k8s.app("ehr", "stranded")).isNull());
    assertThat(k8s.secret("ehr", "stranded-partner4-registration")).isNull();
    assertThat(auth.clientCredentialsToken(issued, secret, "system/Patient.rs").granted())
        .as("no Gateway, no call: the client was left on the server").isTrue();
  }
}
