package io.smartoperator.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Secret;
import io.smartoperator.api.v1alpha1.SmartApp;
import io.smartoperator.testing.Apps;
import io.smartoperator.testing.OperatorHarness;
import io.smartoperator.runtime.OperatorConfig;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A restart, or a resync with nothing changed, regenerates no secret and writes nothing. */
class OperatorRestartTest {

  @Test
  void restartAndResyncWriteNothingAndKeepEverySecret() throws Exception {
    OperatorConfig config = OperatorConfig.defaults()
        .withPlatformId(OperatorHarness.PLATFORM_ID)
        .withResyncPeriod(Duration.ofSeconds(2));
    try (OperatorHarness k8s = OperatorHarness.start(config)) {
      k8s.namespace("steady");
      k8s.apply(Apps.confidential("steady", "conf"));
      k8s.apply(Apps.backend("steady", "etl"));
      k8s.apply(Apps.publicApp("steady", "pub"));
      SmartApp bad = Apps.publicApp("steady", "bad");
      bad.getSpec().setScopes(List.of("nonsense scope"));
      k8s.apply(bad);
      k8s.apply(Apps.withClientId(Apps.publicApp("steady", "zz-dup"), OperatorHarnessIds.generatedFor("steady", "pub")));
      for (String name : List.of("conf", "etl", "pub")) {
        k8s.awaitCondition("steady", name, "Ready", "True", "Ready");
      }
      k8s.awaitCondition("steady", "bad", "Accepted", "False", "InvalidSpec");
      k8s.awaitCondition("steady", "zz-dup", "Accepted", "False", "DuplicateClientId");
      Secret confBefore = k8s.secret("steady", "conf-credentials");
      Secret etlBefore = k8s.secret("steady", "etl-credentials");
      int eventsBefore = k8s.client.v1().events().inNamespace("steady").list().getItems().size();

      // (Created in the same second as "pub", "zz-dup" loses on the namespace/name tie-break.)
      // Steady state: let two resync periods pass; every app is reconciled again, nothing is written.
      Thread.sleep(500);
      k8s.drainRequests();
      Thread.sleep(5000);
      assertThat(OperatorHarness.writes(k8s.drainRequests())).as("writes at steady state").isEmpty();

      // Restart: the new operator reconciles everything from scratch and writes nothing.
      k8s.stopOperator();
      k8s.drainRequests();
      k8s.startOperator();
      Thread.sleep(3000);
      assertThat(OperatorHarness.writes(k8s.drainRequests())).as("writes after a restart").isEmpty();

      Secret confAfter = k8s.secret("steady", "conf-credentials");
      assertThat(confAfter.getData()).isEqualTo(confBefore.getData());
      assertThat(confAfter.getMetadata().getResourceVersion()).isEqualTo(confBefore.getMetadata().getResourceVersion());
      assertThat(k8s.secret("steady", "etl-credentials").getData()).isEqualTo(etlBefore.getData());
      assertThat(k8s.client.v1().events().inNamespace("steady").list().getItems()).hasSize(eventsBefore);
    }
  }

  /** The generated id, as the operator computes it for this harness's platform. */
  static final class OperatorHarnessIds {
    static String generatedFor(String ns, String name) {
      return ClientIds.generated(OperatorHarness.PLATFORM_ID, ns, name);
    }
  }
}
