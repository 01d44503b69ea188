package io.smartoperator.app;

import static io.smartoperator.testing.OperatorHarness.WAIT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.smartoperator.api.v1alpha1.Credentials;
import io.smartoperator.api.v1alpha1.SecretTemplate;
import io.smartoperator.api.v1alpha1.SmartApp;
import io.smartoperator.testing.Apps;
import io.smartoperator.testing.OperatorHarness;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The SmartApp controller end to end: the real JOSDK operator on the CRUD mock API server. */
class SmartAppControllerTest {
  static OperatorHarness k8s;

  @BeforeAll
  static void start() {
    k8s = OperatorHarness.start();
  }

  @AfterAll
  static void stop() {
    k8s.close();
  }

  static String decoded(Secret s, String key) {
    return new String(Base64.getDecoder().decode(s.getData().get(key)), StandardCharsets.UTF_8);
  }

  @Test
  void confidentialAppGetsGeneratedSecretAndEveryCondition() {
    k8s.namespace("conf");
    SmartApp app = Apps.confidential("conf", "growth-chart");
    Credentials creds = new Credentials();
    SecretTemplate template = new SecretTemplate();
    template.setLabels(Map.of("team", "peds", "app.kubernetes.io/managed-by", "someone-else"));
    template.setAnnotations(Map.of("backup.example.org/include", "true"));
    creds.setTemplate(template);
    app.getSpec().setCredentials(creds);
    k8s.apply(app);

    SmartApp done = k8s.awaitCondition("conf", "growth-chart", "Ready", "True", "Ready");
    String expectedId = ClientIds.generated(OperatorHarness.PLATFORM_ID, "conf", "growth-chart");
    assertThat(done.getStatus().getClientId()).isEqualTo(expectedId);
    assertThat(done.getSpec().getClientId()).as("the operator never writes spec").isNull();
    assertThat(done.getStatus().getAppId()).isEqualTo("growth-chart");
    assertThat(done.getStatus().getCredentialsSecret()).isEqualTo("growth-chart-credentials");
    assertThat(done.getStatus().getObservedGeneration()).isEqualTo(done.getMetadata().getGeneration());
    assertThat(done.getMetadata().getFinalizers()).contains(SmartApp.FINALIZER);
    assertThat(done.getStatus().getConditions()).extracting(Condition::getType)
        .containsExactly("Ready", "Accepted", "CredentialsReady", "Activated", "Healthy");
    for (Condition c : done.getStatus().getConditions()) {
      assertThat(c.getLastTransitionTime()).isNotBlank();
      assertThat(c.getObservedGeneration()).isEqualTo(done.getMetadata().getGeneration());
      assertThat(c.getReason()).matches("[A-Z][A-Za-z]*");
    }
    assertThat(OperatorHarness.condition(done.getStatus().getConditions(), "Activated").orElseThrow())
        .extracting(Condition::getStatus, Condition::getReason).containsExactly("False", "NoGateways");
    assertThat(OperatorHarness.condition(done.getStatus().getConditions(), "Healthy").orElseThrow().getReason())
        .isEqualTo("NotMonitored");

    assertThat(k8s.events("conf", "growth-chart")).as("an app created healthy costs no Event").isEmpty();

    Secret secret = k8s.secret("conf", "growth-chart-credentials");
    assertThat(secret.getType()).isEqualTo("Opaque");
    assertThat(secret.getData()).containsOnlyKeys("client_id", "client_secret");
    assertThat(decoded(secret, "client_id")).isEqualTo(expectedId);
    byte[] raw = Base64.getUrlDecoder().decode(decoded(secret, "client_secret"));
    assertThat(raw).hasSize(32);
    assertThat(decoded(secret, "client_secret")).doesNotContain("=", "+", "/");
    assertThat(secret.getMetadata().getLabels())
        .containsEntry("app.kubernetes.io/managed-by", "smart-operator")
        .containsEntry("smart-operator.io/app", "growth-chart")
        .containsEntry("team", "peds");
    assertThat(secret.getMetadata().getAnnotations()).containsEntry("backup.example.org/include", "true");
    assertThat(secret.getMetadata().getOwnerReferences()).singleElement().satisfies(o -> {
      assertThat(o.getController()).isTrue();
      assertThat(o.getKind()).isEqualTo("SmartApp");
      assertThat(o.getUid()).isEqualTo(done.getMetadata().getUid());
    });
  }

  @Test
  void publicAppNeedsNoSecretAndAMissingGatewayIsReported() {
    k8s.namespace("pub");
    k8s.apply(Apps.withGateway(Apps.publicApp("pub", "viewer"), "prod", "platform"));
    SmartApp app = k8s.awaitCondition("pub", "viewer", "CredentialsReady", "True", "NotRequired");
    assertThat(OperatorHarness.condition(app.getStatus().getConditions(), "Activated").orElseThrow())
        .extracting(Condition::getStatus, Condition::getReason).containsExactly("False", "GatewayNotFound");
    assertThat(OperatorHarness.condition(app.getStatus().getConditions(), "Ready").orElseThrow().getStatus())
        .as("with gatewayRefs, Ready needs the activation").isEqualTo("False");
    assertThat(app.getStatus().getGateways()).singleElement()
        .satisfies(g -> assertThat(g.getNamespace()).isEqualTo("platform"));
    assertThat(k8s.secret("pub", "viewer-credentials")).isNull();
  }

  @Test
  void invalidSpecListsEveryProblemWithOneWarningAndStalled() {
    k8s.namespace("bad");
    SmartApp app = Apps.confidential("bad", "broken");
    app.getSpec().setClientType("confidential");
    app.getSpec().setScopes(List.of("patient/Observation.rs", "system/Patient.read", "not a scope"));
    app.getSpec().setLaunchUri("http://growth.example.org/launch");
    k8s.apply(app);
    SmartApp seen = k8s.awaitCondition("bad", "broken", "Accepted", "False", "InvalidSpec");
    Condition accepted = OperatorHarness.condition(seen.getStatus().getConditions(), "Accepted").orElseThrow();
    assertThat(accepted.getMessage()).contains("spec.scopes[1]", "spec.scopes[2]", "spec.launchUri");
    assertThat(OperatorHarness.condition(seen.getStatus().getConditions(), "Stalled").orElseThrow())
        .extracting(Condition::getStatus, Condition::getReason).containsExactly("True", "InvalidSpec");
    assertThat(OperatorHarness.condition(seen.getStatus().getConditions(), "Ready").orElseThrow().getStatus())
        .isEqualTo("False");
    assertThat(k8s.secret("bad", "broken-credentials")).as("no Secret for an invalid app").isNull();
    await().atMost(WAIT).untilAsserted(() -> assertThat(k8s.events("bad", "broken"))
        .filteredOn(e -> "Warning".equals(e.getType())).extracting(Event::getReason)
        .containsExactly("InvalidSpec"));
  }

  @Test
  void oldestClaimantHoldsClientIdAndLoserTakesOverWhenHolderIsDeleted() throws Exception {
    k8s.namespace("zeta");
    k8s.namespace("alpha");
    // The holder sorts after the loser by namespace/name: only age can make it win.
    k8s.apply(Apps.withClientId(Apps.confidential("zeta", "first"), "shared-client"));
    k8s.awaitCondition("zeta", "first", "Ready", "True", "Ready");
    Thread.sleep(1100); // creationTimestamp has one-second resolution
    k8s.apply(Apps.withClientId(Apps.confidential("alpha", "second"), "shared-client"));

    SmartApp loser = k8s.awaitCondition("alpha", "second", "Accepted", "False", "DuplicateClientId");
    String message = OperatorHarness.condition(loser.getStatus().getConditions(), "Accepted").orElseThrow().getMessage();
    assertThat(message).contains("shared-client").doesNotContain("zeta").doesNotContain("first");
    assertThat(OperatorHarness.condition(loser.getStatus().getConditions(), "Stalled")).isPresent();
    assertThat(k8s.secret("alpha", "second-credentials")).as("a loser gets no Secret").isNull();
    assertThat(k8s.appCondition("zeta", "first", "Accepted").orElseThrow().getStatus()).isEqualTo("True");

    k8s.client.resource(k8s.app("zeta", "first")).delete();
    SmartApp winner = k8s.awaitCondition("alpha", "second", "Ready", "True", "Ready");
    assertThat(OperatorHarness.condition(winner.getStatus().getConditions(), "Stalled")).isEmpty();
    assertThat(decoded(k8s.secret("alpha", "second-credentials"), "client_id")).isEqualTo("shared-client");
  }

  @Test
  void duplicateAppIdInOneNamespaceNamesTheHolderAndClearsWhenItChangesItsId() throws Exception {
    k8s.namespace("env");
    SmartApp a = Apps.publicApp("env", "a");
    a.getSpec().setAppId("charts");
    k8s.apply(a);
    k8s.awaitCondition("env", "a", "Accepted", "True", "Accepted");
    SmartApp b = Apps.publicApp("env", "b");
    b.getSpec().setAppId("charts");
    k8s.apply(b);
    SmartApp loser = k8s.awaitCondition("env", "b", "Accepted", "False", "DuplicateAppId");
    assertThat(OperatorHarness.condition(loser.getStatus().getConditions(), "Accepted").orElseThrow().getMessage())
        .contains("\"a\"");

    SmartApp holder = k8s.app("env", "a");
    holder.getSpec().setAppId("charts-v2");
    k8s.client.resource(holder).update();
    k8s.awaitCondition("env", "b", "Accepted", "True", "Accepted");
    k8s.awaitCondition("env", "a", "Accepted", "True", "Accepted");
  }

  @Test
  void existingSecretRefWaitsForTheSecretAndNeverGenerates() {
    k8s.namespace("byo");
    k8s.apply(Apps.withExistingSecret(Apps.confidential("byo", "ehr-app"), "vault-synced", "secret"));
    SmartApp waiting = k8s.awaitCondition("byo", "ehr-app", "CredentialsReady", "False", "SecretNotFound");
    assertThat(OperatorHarness.condition(waiting.getStatus().getConditions(), "Stalled"))
        .as("a referenced Secret often arrives later: not stalled").isEmpty();
    assertThat(k8s.client.secrets().inNamespace("byo").list().getItems()).as("nothing generated").isEmpty();

    k8s.client.secrets().inNamespace("byo").resource(new SecretBuilder()
        .withNewMetadata().withName("vault-synced").endMetadata()
        .addToData("other", Base64.getEncoder().encodeToString("x".getBytes())).build()).create();
    SmartApp keyMissing = k8s.awaitCondition("byo", "ehr-app", "CredentialsReady", "False", "KeyNotFound");
    assertThat(OperatorHarness.condition(keyMissing.getStatus().getConditions(), "Stalled").orElseThrow().getReason())
        .isEqualTo("KeyNotFound");

    Secret fixed = new SecretBuilder(k8s.secret("byo", "vault-synced"))
        .addToData("secret", Base64.getEncoder().encodeToString("s3cr3t-from-vault".getBytes())).build();
    k8s.client.secrets().inNamespace("byo").resource(fixed).update();
    SmartApp ready = k8s.awaitCondition("byo", "ehr-app", "Ready", "True", "Ready");
    assertThat(ready.getStatus().getCredentialsSecret()).isEqualTo("vault-synced");
    Secret after = k8s.secret("byo", "vault-synced");
    assertThat(after.getMetadata().getOwnerReferences()).as("never written").isNullOrEmpty();
    assertThat(after.getData()).containsOnlyKeys("other", "secret");
    assertThat(k8s.client.secrets().inNamespace("byo").list().getItems()).hasSize(1);
  }

  @Test
  void changingRotationRegeneratesTheSecretAndKeepsTheClientId() {
    k8s.namespace("rot");
    k8s.apply(Apps.confidential("rot", "app"));
    k8s.awaitCondition("rot", "app", "Ready", "True", "Ready");
    Secret before = k8s.secret("rot", "app-credentials");

    SmartApp app = k8s.app("rot", "app");
    Credentials c = new Credentials();
    c.setRotation("2026-11");
    app.getSpec().setCredentials(c);
    k8s.client.resource(app).update();

    await().atMost(WAIT).untilAsserted(() -> assertThat(
        k8s.secret("rot", "app-credentials").getMetadata().getAnnotations())
        .containsEntry("smart-operator.io/rotation", "2026-11"));
    Secret after = k8s.secret("rot", "app-credentials");
    assertThat(decoded(after, "client_secret")).isNotEqualTo(decoded(before, "client_secret"));
    assertThat(decoded(after, "client_id")).isEqualTo(decoded(before, "client_id"));
    await().atMost(WAIT).untilAsserted(() -> assertThat(k8s.events("rot", "app"))
        .extracting(Event::getReason).contains("SecretRotated"));
  }

  @Test
  void generatedSecretDeletedByHandComesBackWithNewSecretAndWarning() {
    k8s.namespace("del");
    k8s.apply(Apps.backend("del", "etl"));
    k8s.awaitCondition("del", "etl", "Ready", "True", "Ready");
    String old = decoded(k8s.secret("del", "etl-credentials"), "client_secret");
    k8s.client.secrets().inNamespace("del").withName("etl-credentials").delete();

    await().atMost(WAIT).untilAsserted(() -> {
      Secret back = k8s.secret("del", "etl-credentials");
      assertThat(back).isNotNull();
      assertThat(decoded(back, "client_secret")).isNotEqualTo(old);
    });
    await().atMost(WAIT).untilAsserted(() -> assertThat(k8s.events("del", "etl"))
        .filteredOn(e -> "Warning".equals(e.getType())).extracting(Event::getReason)
        .contains("SecretRecreated"));
  }

  @Test
  void foreignSecretOfTheSameNameIsLeftAlone() {
    k8s.namespace("clash");
    Secret foreign = new SecretBuilder().withNewMetadata().withName("app-credentials").endMetadata()
        .addToData("client_secret", Base64.getEncoder().encodeToString("theirs".getBytes())).build();
    k8s.client.secrets().inNamespace("clash").resource(foreign).create();
    k8s.apply(Apps.confidential("clash", "app"));

    SmartApp app = k8s.awaitCondition("clash", "app", "CredentialsReady", "False", "SecretConflict");
    assertThat(OperatorHarness.condition(app.getStatus().getConditions(), "Stalled").orElseThrow().getReason())
        .isEqualTo("SecretConflict");
    Secret after = k8s.secret("clash", "app-credentials");
    assertThat(decoded(after, "client_secret")).isEqualTo("theirs");
    assertThat(after.getMetadata().getOwnerReferences()).isNullOrEmpty();
    assertThat(after.getData()).containsOnlyKeys("client_secret");

    // The user deletes the foreign Secret: the app generates its own without being touched.
    k8s.client.secrets().inNamespace("clash").withName("app-credentials").delete();
    k8s.awaitCondition("clash", "app", "CredentialsReady", "True", "Generated");
  }

  @Test
  void deletionPolicyDeleteRemovesTheSecretAndOrphanKeepsIt() {
    k8s.namespace("gone");
    k8s.apply(Apps.confidential("gone", "deleted"));
    SmartApp orphan = Apps.confidential("gone", "kept");
    orphan.getSpec().setDeletionPolicy("Orphan");
    k8s.apply(orphan);
    k8s.awaitCondition("gone", "deleted", "Ready", "True", "Ready");
    k8s.awaitCondition("gone", "kept", "Ready", "True", "Ready");
    String keptSecret = decoded(k8s.secret("gone", "kept-credentials"), "client_secret");

    k8s.client.resource(k8s.app("gone", "deleted")).delete();
    k8s.client.resource(k8s.app("gone", "kept")).delete();
    await().atMost(WAIT).untilAsserted(() -> {
      assertThat(k8s.app("gone", "deleted")).as("finalizer released").isNull();
      assertThat(k8s.app("gone", "kept")).isNull();
    });
    assertThat(k8s.secret("gone", "deleted-credentials")).isNull();
    Secret kept = k8s.secret("gone", "kept-credentials");
    assertThat(kept.getMetadata().getOwnerReferences()).as("no owner left for GC to follow").isNullOrEmpty();

    // Re-created from Git, the app adopts its orphaned Secret and keeps its client secret.
    SmartApp again = Apps.confidential("gone", "kept");
    k8s.apply(again);
    k8s.awaitCondition("gone", "kept", "Ready", "True", "Ready");
    assertThat(decoded(k8s.secret("gone", "kept-credentials"), "client_secret")).isEqualTo(keptSecret);
  }

  @Test
  void hundredAppsCreatedAtOnceAllReachTheirFinalConditions() {
    k8s.namespace("bulk");
    for (int i = 0; i < 100; i++) {
      SmartApp app = switch (i % 3) {
        case 0 -> Apps.confidential("bulk", "app-" + i);
        case 1 -> Apps.publicApp("bulk", "app-" + i);
        default -> Apps.backend("bulk", "app-" + i);
      };
      k8s.apply(app);
    }
    await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
      List<SmartApp> apps = k8s.client.resources(SmartApp.class).inNamespace("bulk").list().getItems();
      assertThat(apps).hasSize(100).allSatisfy(a -> assertThat(a.getStatus()).isNotNull()
          .satisfies(s -> assertThat(OperatorHarness.condition(s.getConditions(), "Ready"))
              .hasValueSatisfying(c -> assertThat(c.getStatus()).isEqualTo("True"))));
    });
    long secrets = k8s.client.secrets().inNamespace("bulk").list().getItems().size();
    assertThat(secrets).isEqualTo(67); // confidential (34) and backend-service (33)
  }
}
