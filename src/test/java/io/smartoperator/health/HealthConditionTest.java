package io.smartoperator.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.smartoperator.api.v1alpha1.Gateway;
import io.smartoperator.api.v1alpha1.GatewaySpec;
import io.smartoperator.api.v1alpha1.HealthCheck;
import io.smartoperator.api.v1alpha1.SmartApp;
import io.smartoperator.testing.Apps;
import io.smartoperator.testing.FhirTestServer;
import io.smartoperator.testing.OperatorHarness;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The Healthy condition of apps and gateways, from the prober, written on transitions only. */
class HealthConditionTest {

  @Test
  void appHealthFlipsWithItsServerAndOnlyTransitionsWrite() throws Exception {
    AtomicInteger answer = new AtomicInteger(200);
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/healthz", ex -> {
      ex.sendResponseHeaders(answer.get(), -1);
      ex.close();
    });
    server.start();
    try (OperatorHarness k8s = OperatorHarness.start()) {
      k8s.namespace("probed");
      SmartApp app = Apps.publicApp("probed", "web");
      app.getSpec().setHealthUri("http://127.0.0.1:" + server.getAddress().getPort() + "/healthz");
      HealthCheck check = new HealthCheck();
      check.setPeriodSeconds(5);
      check.setTimeoutSeconds(2);
      check.setFailureThreshold(1);
      app.getSpec().setHealthCheck(check);
      k8s.apply(app);
      Duration wait = Duration.ofSeconds(40);
      await().atMost(wait).untilAsserted(() -> assertThat(k8s.appCondition("probed", "web", "Healthy"))
          .hasValueSatisfying(c -> assertThat(c.getReason()).isEqualTo("Healthy")));
      assertThat(k8s.app("probed", "web").getStatus().getHealth().getConsecutiveFailures()).isZero();

      // Steady health: probes go on (one every 5 s), status stays as it is.
      Thread.sleep(500);
      k8s.drainRequests();
      Thread.sleep(11_000);
      assertThat(OperatorHarness.writes(k8s.drainRequests())).as("writes while health holds").isEmpty();

      answer.set(503);
      await().atMost(wait).untilAsserted(() -> assertThat(k8s.appCondition("probed", "web", "Healthy"))
          .hasValueSatisfying(c -> assertThat(c.getStatus() + "/" + c.getReason()).isEqualTo("False/Unhealthy")));
      SmartApp down = k8s.app("probed", "web");
      assertThat(down.getStatus().getHealth().getStatusCode()).isEqualTo(503);
      assertThat(OperatorHarness.condition(down.getStatus().getConditions(), "Ready").orElseThrow().getStatus())
          .as("Healthy is outside Ready").isEqualTo("True");
      await().atMost(wait).untilAsserted(() -> assertThat(k8s.events("probed", "web"))
          .filteredOn(e -> "Warning".equals(e.getType())).extracting(Event::getReason).contains("Unhealthy"));

      answer.set(200);
      await().atMost(wait).untilAsserted(() -> assertThat(k8s.appCondition("probed", "web", "Healthy"))
          .hasValueSatisfying(c -> assertThat(c.getStatus()).isEqualTo("True")));

      // Monitoring ends with the healthUri, and with the app.
      String key = Target.keyOf(Target.Kind.APP, "probed", "web");
      assertThat(k8s.operator().healthProber().monitored()).contains(key);
      SmartApp edited = k8s.app("probed", "web");
      edited.getSpec().setHealthUri(null);
      edited.getSpec().setHealthCheck(null);
      k8s.client.resource(edited).update();
      await().atMost(wait).untilAsserted(() -> {
        Condition c = k8s.appCondition("probed", "web", "Healthy").orElseThrow();
        assertThat(c.getReason()).isEqualTo("NotMonitored");
        assertThat(k8s.operator().healthProber().monitored()).doesNotContain(key);
      });
      assertThat(k8s.app("probed", "web").getStatus().getHealth()).isNull();

      SmartApp again = k8s.app("probed", "web");
      again.getSpec().setHealthUri("http://127.0.0.1:" + server.getAddress().getPort() + "/healthz");
      k8s.client.resource(again).update();
      await().atMost(wait).until(() -> k8s.operator().healthProber().monitored().contains(key));
      k8s.client.resource(k8s.app("probed", "web")).delete();
      await().atMost(wait).untilAsserted(() -> {
        assertThat(k8s.app("probed", "web")).isNull();
        assertThat(k8s.operator().healthProber().monitored()).doesNotContain(key);
      });
    } finally {
      server.stop(0);
    }
  }

  @Test
  void gatewayIsProbedAtItsMetadataEndpoint() {
    try (FhirTestServer fhir = FhirTestServer.start(); OperatorHarness k8s = OperatorHarness.start()) {
      k8s.namespace("platform");
      Gateway gw = new Gateway();
      gw.setMetadata(new ObjectMetaBuilder().withNamespace("platform").withName("prod").build());
      GatewaySpec spec = new GatewaySpec();
      spec.setDisplayName("Prod");
      spec.setFhirBaseUrl(fhir.baseUrl());
      gw.setSpec(spec);
      k8s.client.resource(gw).create();
      await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
        Gateway seen = k8s.gateway("platform", "prod");
        assertThat(seen.getStatus()).isNotNull();
        assertThat(OperatorHarness.condition(seen.getStatus().getConditions(), "Healthy"))
            .hasValueSatisfying(c -> assertThat(c.getStatus() + "/" + c.getReason()).isEqualTo("True/Healthy"));
      });
      k8s.client.resource(k8s.gateway("platform", "prod")).delete();
      await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(k8s.operator().healthProber().monitored())
          .doesNotContain(Target.keyOf(Target.Kind.GATEWAY, "platform", "prod")));
    }
  }
}
