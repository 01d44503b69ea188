package io.smartoperator.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.smartoperator.api.v1alpha1.AllowedApps;
import io.smartoperator.api.v1alpha1.AllowedNamespaces;
import io.smartoperator.api.v1alpha1.Gateway;
import io.smartoperator.api.v1alpha1.GatewayActivationStatus;
import io.smartoperator.api.v1alpha1.GatewaySpec;
import io.smartoperator.api.v1alpha1.Registration;
import io.smartoperator.api.v1alpha1.SmartApp;
import io.smartoperator.testing.Apps;
import io.smartoperator.testing.FhirTestServer;
import io.smartoperator.testing.OperatorHarness;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Activation of apps on gateways: the handshake, per-gateway status, and registration mode Secret. */
class ActivationTest {
  static OperatorHarness k8s;
  static FhirTestServer fhir;
  static final ObjectMapper JSON = new ObjectMapper();

  @BeforeAll
  static void start() {
    fhir = FhirTestServer.start();
    k8s = OperatorHarness.start();
  }

  @AfterAll
  static void stop() {
    k8s.close();
    fhir.close();
  }

  static Gateway gateway(String ns, String name, String from, String mode) {
    Gateway gw = new Gateway();
    gw.setMetadata(new ObjectMetaBuilder().withNamespace(ns).withName(name).build());
    GatewaySpec spec = new GatewaySpec();
    spec.setDisplayName("Gateway " + name);
    spec.setFhirBaseUrl(fhir.baseUrl());
    AllowedNamespaces allowed = new AllowedNamespaces();
    allowed.setFrom(from);
    if ("Selector".equals(from)) {
      allowed.setSelector(new LabelSelectorBuilder().addToMatchLabels("smart-apps", "allowed").build());
    }
    AllowedApps apps = new AllowedApps();
    apps.setNamespaces(allowed);
    spec.setAllowedApps(apps);
    if (mode != null) {
      Registration r = new Registration();
      r.setMode(mode);
      spec.setRegistration(r);
    }
    gw.setSpec(spec);
    return gw;
  }

  static String activation(SmartApp app, String gwName) {
    if (app == null || app.getStatus() == null || app.getStatus().getGateways() == null) {
      return "none";
    }
    return app.getStatus().getGateways().stream().filter(g -> g.getName().equals(gwName)).findFirst()
        .map(GatewayActivationStatus::getConditions)
        .flatMap(c -> OperatorHarness.condition(c, "Activated"))
        .map(c -> c.getStatus() + "/" + c.getReason()).orElse("none");
  }

  static void awaitActivation(String ns, String app, String gw, String expected) {
    await().atMost(OperatorHarness.WAIT).untilAsserted(
        () -> assertThat(activation(k8s.app(ns, app), gw)).isEqualTo(expected));
  }

  static void labelNamespace(String name, String value) {
    Namespace ns = k8s.client.namespaces().withName(name).get();
    ns.getMetadata().setLabels(value == null ? Map.of() : Map.of("smart-apps", value));
    k8s.client.resource(ns).update();
  }

  @Test
  void handshakeSameAllAndSelectorFollowNamespaceLabels() {
    k8s.namespace("hs-gw");
    k8s.namespace("hs-apps");
    k8s.client.resource(gateway("hs-gw", "same", "Same", null)).create();
    k8s.client.resource(gateway("hs-gw", "all", "All", null)).create();
    k8s.client.resource(gateway("hs-gw", "sel", "Selector", null)).create();
    SmartApp app = Apps.publicApp("hs-apps", "viewer");
    app.getSpec().setLaunchUri("https://viewer.example.org/launch?tenant=a");
    Apps.withGateway(app, "same", "hs-gw");
    Apps.withGateway(app, "all", "hs-gw");
    Apps.withGateway(app, "sel", "hs-gw");
    k8s.apply(app);

    awaitActivation("hs-apps", "viewer", "all", "True/Activated");
    awaitActivation("hs-apps", "viewer", "same", "False/NotAllowedByGateway");
    awaitActivation("hs-apps", "viewer", "sel", "False/NotAllowedByGateway");
    SmartApp seen = k8s.awaitCondition("hs-apps", "viewer", "Activated", "False", "PartiallyActivated");
    assertThat(seen.getStatus().getActivatedGateways()).isEqualTo(1);
    GatewayActivationStatus all = seen.getStatus().getGateways().stream()
        .filter(g -> g.getName().equals("all")).findFirst().orElseThrow();
    assertThat(all.getFhirBaseUrl()).isEqualTo(fhir.baseUrl());
    assertThat(all.getLaunchUrl()).isEqualTo("https://viewer.example.org/launch?tenant=a&iss="
        + java.net.URLEncoder.encode(fhir.baseUrl(), StandardCharsets.UTF_8));

    // The namespace gets the label: the Selector gateway admits it, with no change to the app.
    labelNamespace("hs-apps", "allowed");
    awaitActivation("hs-apps", "viewer", "sel", "True/Activated");
    labelNamespace("hs-apps", "denied");
    awaitActivation("hs-apps", "viewer", "sel", "False/NotAllowedByGateway");
    await().atMost(OperatorHarness.WAIT).untilAsserted(() ->
        assertThat(k8s.gateway("hs-gw", "all").getStatus().getAttachedApps()).isEqualTo(1));
  }

  @Test
  void deletedGatewayTurnsAppsNotFoundAndRecreationActivatesThemAgain() {
    k8s.namespace("gw-life");
    k8s.client.resource(gateway("gw-life", "edge", "Same", null)).create();
    k8s.apply(Apps.withGateway(Apps.backend("gw-life", "etl"), "edge", null));
    k8s.awaitCondition("gw-life", "etl", "Ready", "True", "Ready");
    assertThat(k8s.app("gw-life", "etl").getStatus().getGateways().get(0).getLaunchUrl())
        .as("a backend service has no launch URL").isNull();

    k8s.client.resource(k8s.gateway("gw-life", "edge")).delete();
    k8s.awaitCondition("gw-life", "etl", "Activated", "False", "GatewayNotFound");
    k8s.client.resource(gateway("gw-life", "edge", "Same", null)).create();
    k8s.awaitCondition("gw-life", "etl", "Activated", "True", "Activated");
  }

  @Test
  void invalidGatewayKeepsAppsOff() {
    k8s.namespace("gw-bad");
    Gateway bad = gateway("gw-bad", "broken", "Same", null);
    bad.getSpec().setFhirBaseUrl("ftp://fhir.example.org");
    k8s.client.resource(bad).create();
    k8s.apply(Apps.withGateway(Apps.publicApp("gw-bad", "app"), "broken", null));
    k8s.awaitCondition("gw-bad", "app", "Activated", "False", "GatewayNotReady");

    // A gateway whose FHIR endpoint does not answer keeps its apps off too, and says why.
    Gateway down = gateway("gw-bad", "down", "Same", null);
    down.getSpec().setFhirBaseUrl("http://127.0.0.1:1/fhir");
    k8s.client.resource(down).create();
    k8s.apply(Apps.withGateway(Apps.publicApp("gw-bad", "app2"), "down", null));
    SmartApp app2 = k8s.awaitCondition("gw-bad", "app2", "Activated", "False", "GatewayNotReady");
    assertThat(k8s.appCondition("gw-bad", "app2", "Activated").orElseThrow().getMessage())
        .contains("SMART configuration");
  }

  static JsonNode clientsJson(String ns, String gw) throws Exception {
    Secret s = k8s.secret(ns, gw + "-clients");
    return s == null ? null : JSON.readTree(Base64.getDecoder().decode(s.getData().get("clients.json")));
  }

  static String decoded(Secret s, String key) {
    return new String(Base64.getDecoder().decode(s.getData().get(key)), StandardCharsets.UTF_8);
  }

  @Test
  void secretModeListsActivatedAppsExactlyAndFollowsChangesAndDeletion() throws Exception {
    k8s.namespace("sm");
    k8s.client.resource(gateway("sm", "prod", "Same", "Secret")).create();
    SmartApp conf = Apps.withGateway(Apps.withClientId(Apps.confidential("sm", "growth"), "b-growth"), "prod", null);
    SmartApp pub = Apps.withGateway(Apps.withClientId(Apps.publicApp("sm", "viewer"), "a-viewer"), "prod", null);
    pub.getSpec().setScopes(List.of("launch", "openid"));
    k8s.apply(conf);
    k8s.apply(pub);
    k8s.awaitCondition("sm", "growth", "Ready", "True", "Ready");
    k8s.awaitCondition("sm", "viewer", "Ready", "True", "Ready");
    String secret = decoded(k8s.secret("sm", "growth-credentials"), "client_secret");

    JsonNode expected = JSON.readTree("""
        [{"client_id":"a-viewer","client_name":"App viewer",
          "redirect_uris":["https://viewer.example.org/callback"],"scope":"launch openid",
          "grant_types":["authorization_code"],"token_endpoint_auth_method":"none",
          "smart_launch_uri":"https://viewer.example.org/launch"},
         {"client_id":"b-growth","client_name":"App growth",
          "redirect_uris":["https://growth.example.org/callback"],
          "scope":"launch openid fhirUser patient/Observation.rs offline_access",
          "grant_types":["authorization_code","refresh_token"],"token_endpoint_auth_method":"client_secret_basic",
          "client_secret":"%s","smart_launch_uri":"https://growth.example.org/launch"}]
        """.formatted(secret));
    assertThat(clientsJson("sm", "prod")).isEqualTo(expected);
    Secret clients = k8s.secret("sm", "prod-clients");
    assertThat(clients.getMetadata().getOwnerReferences()).singleElement()
        .satisfies(o -> assertThat(o.getKind()).isEqualTo("Gateway"));
    await().atMost(OperatorHarness.WAIT).untilAsserted(() ->
        assertThat(k8s.gateway("sm", "prod").getStatus().getAttachedApps()).isEqualTo(2));

    // An app changes: its entry follows. Nothing else is rewritten.
    SmartApp viewer = k8s.app("sm", "viewer");
    viewer.getSpec().setDisplayName("Viewer 2");
    k8s.client.resource(viewer).update();
    await().atMost(OperatorHarness.WAIT).untilAsserted(() ->
        assertThat(clientsJson("sm", "prod").get(0).get("client_name").asText()).isEqualTo("Viewer 2"));
    k8s.awaitCondition("sm", "viewer", "Activated", "True", "Activated");

    // An app is deleted: its entry goes before its finalizer does.
    k8s.client.resource(k8s.app("sm", "growth")).delete();
    await().atMost(OperatorHarness.WAIT).untilAsserted(() -> assertThat(k8s.app("sm", "growth")).isNull());
    JsonNode after = clientsJson("sm", "prod");
    assertThat(after).hasSize(1);
    assertThat(after.get(0).get("client_id").asText()).isEqualTo("a-viewer");
  }

  @Test
  void appsThatDoNotFitInOneMebibyteFailLoudly() throws Exception {
    k8s.namespace("big");
    k8s.client.resource(gateway("big", "full", "Same", "Secret")).create();
    // Entries of about 62 KiB each (32 redirect URIs near the 2048-character limit): 16 fit in
    // 1 MiB, the last two in client_id order do not.
    List<String> manyRedirects = java.util.stream.IntStream.range(0, 32)
        .mapToObj(i -> "https://app.example.org/" + "x".repeat(1900) + "/cb" + i).toList();
    for (int i = 0; i < 18; i++) {
      SmartApp app = Apps.withGateway(Apps.withClientId(Apps.publicApp("big", "app-" + i), "id-%02d".formatted(i)),
          "full", null);
      app.getSpec().setRedirectUris(manyRedirects);
      k8s.apply(app);
    }
    k8s.awaitCondition("big", "app-17", "Activated", "False", "RegistrationFailed");
    k8s.awaitCondition("big", "app-16", "Activated", "False", "RegistrationFailed");
    k8s.awaitCondition("big", "app-0", "Activated", "True", "Activated");
    k8s.awaitCondition("big", "app-15", "Activated", "True", "Activated");
    Condition failed = k8s.appCondition("big", "app-17", "Activated").orElseThrow();
    assertThat(failed.getMessage()).contains("1 MiB");
    Secret clients = k8s.secret("big", "full-clients");
    assertThat(Base64.getDecoder().decode(clients.getData().get("clients.json")).length).isLessThanOrEqualTo(1024 * 1024);
    assertThat(clientsJson("big", "full")).hasSize(16);
    assertThat(clients.getMetadata().getAnnotations()).containsEntry("smart-operator.io/overflow", "id-16,id-17");
  }
}
