package io.smartoperator.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.smartoperator.api.v1alpha1.Credentials;
import io.smartoperator.api.v1alpha1.SmartApp;
import io.smartoperator.status.Conditions;
import io.smartoperator.status.Conditions.Observed;
import io.smartoperator.testing.Apps;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The pure parts of the SmartApp controller. */
class AppCoreTest {

  @Test
  void uuidV5MatchesTheRfcAlgorithm() {
    // Python: uuid.uuid5(uuid.NAMESPACE_DNS, "python.org") == 886313e1-3b8a-5372-9b90-0c9aee199e5d
    UUID dns = UUID.fromString("6ba7b810-9dad-11d1-80b4-00c04fd430c8");
    assertThat(ClientIds.uuidV5(dns, "python.org")).hasToString("886313e1-3b8a-5372-9b90-0c9aee199e5d");
  }

  @Test
  void generatedClientIdIsStablePerPlatformNamespaceAndName() {
    String id = ClientIds.generated("p1", "ns", "app");
    assertThat(UUID.fromString(id).version()).isEqualTo(5);
    assertThat(ClientIds.generated("p1", "ns", "app")).isEqualTo(id);
    assertThat(ClientIds.generated("p2", "ns", "app")).isNotEqualTo(id);
    assertThat(ClientIds.generated("p1", "ns2", "app")).isNotEqualTo(id);
    assertThat(ClientIds.generated("p1", "ns", "app2")).isNotEqualTo(id);
    SmartApp given = Apps.withClientId(Apps.publicApp("ns", "app"), "my-client");
    assertThat(ClientIds.effective(given, "p1")).isEqualTo("my-client");
  }

  static SmartApp created(String ns, String name, String timestamp) {
    SmartApp app = Apps.publicApp(ns, name);
    app.setMetadata(new ObjectMetaBuilder(app.getMetadata()).withCreationTimestamp(timestamp).build());
    return app;
  }

  @Test
  void holderIsTheOldestThenTheFirstNamespaceName() {
    SmartApp old = created("zz", "z", "2026-01-01T00:00:00Z");
    SmartApp young = created("aa", "a", "2026-01-02T00:00:00Z");
    SmartApp tie = created("aa", "b", "2026-01-01T00:00:00Z");
    assertThat(IdClaims.holder(List.of(old, young), young)).containsSame(old);
    assertThat(IdClaims.holder(List.of(old, tie), old)).containsSame(tie);
    SmartApp deleting = created("aa", "0", "2025-01-01T00:00:00Z");
    deleting.getMetadata().setDeletionTimestamp("2026-02-01T00:00:00Z");
    assertThat(IdClaims.holder(List.of(deleting, young), young))
        .as("an app being deleted holds nothing").containsSame(young);
  }

  @Test
  void readyNeedsAcceptedCredentialsAndActivationOnlyWithGatewayRefs() {
    Observed accepted = Observed.of("Accepted", "True", "Accepted", "");
    Observed creds = Observed.of("CredentialsReady", "True", "Generated", "");
    Observed noGateways = Observed.of("Activated", "False", "NoGateways", "");
    Observed pending = Observed.of("Activated", "Unknown", "Pending", "");
    Observed down = Observed.of("Healthy", "False", "Unhealthy", "");
    assertThat(ready(SmartAppConditions.all(accepted, creds, noGateways, down, false)))
        .as("NoGateways and Healthy never block Ready").isEqualTo("True/Ready");
    assertThat(ready(SmartAppConditions.all(accepted, creds, pending, down, true))).isEqualTo("Unknown/Pending");
    Observed conflict = Observed.of("CredentialsReady", "False", "SecretConflict", "m");
    List<Observed> all = SmartAppConditions.all(accepted, conflict, noGateways, down, false);
    assertThat(ready(all)).isEqualTo("False/SecretConflict");
    assertThat(all).filteredOn(o -> o.type().equals("Stalled")).singleElement()
        .extracting(Observed::reason).isEqualTo("SecretConflict");
    Observed notFound = Observed.of("CredentialsReady", "False", "SecretNotFound", "m");
    assertThat(SmartAppConditions.all(accepted, notFound, noGateways, down, false))
        .as("a missing referenced Secret may still arrive: not stalled")
        .extracting(Observed::type).doesNotContain("Stalled");
  }

  private static String ready(List<Observed> all) {
    Observed r = all.stream().filter(o -> o.type().equals("Ready")).findFirst().orElseThrow();
    return r.status() + "/" + r.reason();
  }

  @Test
  void desiredSecretKeepsItsValueUntilRotationChanges() {
    SmartApp app = Apps.confidential("ns", "app");
    app.getMetadata().setUid("uid-1");
    Secret first = CredentialsSecret.desired(app, "cid", null);
    Secret again = CredentialsSecret.desired(app, "cid", first);
    assertThat(again.getData()).isEqualTo(first.getData());
    assertThat(CredentialsSecret.upToDate(first, again)).isTrue();

    Credentials c = new Credentials();
    c.setRotation("2026-12");
    app.getSpec().setCredentials(c);
    Secret rotated = CredentialsSecret.desired(app, "cid", first);
    assertThat(rotated.getData().get("client_secret")).isNotEqualTo(first.getData().get("client_secret"));
    assertThat(rotated.getData().get("client_id")).isEqualTo(first.getData().get("client_id"));
    assertThat(CredentialsSecret.upToDate(first, rotated)).isFalse();
  }

  @Test
  void onlyUnownedSecretsLabelledForThisAppAreAdoptable() {
    SmartApp app = Apps.confidential("ns", "app");
    app.getMetadata().setUid("uid-1");
    Secret orphaned = new SecretBuilder().withNewMetadata().withName("app-credentials")
        .addToLabels("app.kubernetes.io/managed-by", "smart-operator")
        .addToLabels("smart-operator.io/app", "app").endMetadata().build();
    assertThat(CredentialsSecret.adoptable(orphaned, app)).isTrue();
    Secret otherApp = new SecretBuilder(orphaned).editMetadata()
        .addToLabels("smart-operator.io/app", "other").endMetadata().build();
    assertThat(CredentialsSecret.adoptable(otherApp, app)).isFalse();
    Secret foreign = new SecretBuilder().withNewMetadata().withName("app-credentials").endMetadata().build();
    assertThat(CredentialsSecret.adoptable(foreign, app)).isFalse();
    Secret owned = CredentialsSecret.desired(app, "cid", null);
    assertThat(CredentialsSecret.ownedBy(owned, app)).isTrue();
    SmartApp successor = Apps.confidential("ns", "app");
    successor.getMetadata().setUid("uid-2");
    assertThat(CredentialsSecret.adoptable(owned, successor)).as("still controlled by another uid").isFalse();
  }

  @Test
  void conditionKeepsLastTransitionTimeWhileItsStatusHolds() {
    var t0 = java.time.Instant.parse("2026-01-01T00:00:00Z");
    var first = Conditions.merge(List.of(), List.of(Observed.of("Ready", "False", "A", "m")), 1L, t0);
    var sameStatus = Conditions.merge(first, List.of(Observed.of("Ready", "False", "B", "n")), 2L, t0.plusSeconds(60));
    assertThat(sameStatus.get(0).getLastTransitionTime()).isEqualTo("2026-01-01T00:00:00Z");
    assertThat(sameStatus.get(0).getObservedGeneration()).isEqualTo(2L);
    var flipped = Conditions.merge(sameStatus, List.of(Observed.of("Ready", "True", "Ready", "")), 2L, t0.plusSeconds(120));
    assertThat(flipped.get(0).getLastTransitionTime()).isEqualTo("2026-01-01T00:02:00Z");
    assertThat(Conditions.transitioned(sameStatus, flipped.get(0))).isTrue();
    assertThat(Conditions.transitioned(flipped, flipped.get(0))).isFalse();
    var huge = Conditions.merge(List.of(), List.of(Observed.of("Ready", "False", "A", "x".repeat(40000))), 1L, t0);
    assertThat(huge.get(0).getMessage()).hasSize(32768);
  }
}
