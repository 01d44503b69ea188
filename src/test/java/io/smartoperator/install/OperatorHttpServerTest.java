package io.smartoperator.install;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.smartoperator.api.v1alpha1.SmartApp;
import io.smartoperator.runtime.OperatorConfig;
import io.smartoperator.runtime.OperatorHttpServer;
import io.smartoperator.runtime.Permissions;
import io.smartoperator.runtime.ResourceMeters;
import io.smartoperator.runtime.SmartOperator;
import io.smartoperator.testing.Apps;
import io.smartoperator.testing.FhirTestServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The one HTTP port: probes follow the operator's life, /metrics has JOSDK's and the operator's meters. */
class OperatorHttpServerTest {
  final HttpClient http = HttpClient.newHttpClient();

  @Test
  void probesAndMetricsFollowTheOperator() throws Exception {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    try (MockCluster cluster = new MockCluster(Permissions.leaderElection("unused"));
        FhirTestServer fhir = FhirTestServer.start();
        OperatorHttpServer server = OperatorHttpServer.start(0, registry)) {
      MockCluster.warmUp(fhir);
      assertThat(get(server, "/healthz").statusCode()).as("alive while starting").isEqualTo(200);
      assertThat(get(server, "/readyz").statusCode()).as("not ready before the informers sync").isEqualTo(503);

      cluster.namespace("team");
      SmartOperator operator = SmartOperator.start(cluster.client("operator"),
          OperatorConfig.defaults().withPlatformId("p"), registry, () -> { });
      try {
        server.serve(operator, ResourceMeters.register(operator, registry));
        assertThat(get(server, "/readyz").statusCode()).isEqualTo(200);
        assertThat(get(server, "/healthz").statusCode()).isEqualTo(200);

        cluster.user.resource(Apps.withGateway(Apps.confidential("team", "conf"), "prod", "team")).create();
        cluster.user.resource(Apps.publicApp("team", "pub")).create();
        SmartApp invalid = Apps.publicApp("team", "invalid");
        invalid.getSpec().setLaunchUri("http://example.org/launch");
        cluster.user.resource(invalid).create();
        var gateway = new io.smartoperator.api.v1alpha1.Gateway();
        gateway.setMetadata(new io.fabric8.kubernetes.api.model.ObjectMetaBuilder()
            .withNamespace("team").withName("prod").build());
        var spec = new io.smartoperator.api.v1alpha1.GatewaySpec();
        spec.setDisplayName("Prod");
        spec.setFhirBaseUrl(fhir.baseUrl());
        gateway.setSpec(spec);
        cluster.user.resource(gateway).create();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
            assertThat(get(server, "/metrics").body())
                .contains("smart_operator_app_conditions{reason=\"InvalidSpec\",status=\"False\",type=\"Accepted\"} 1.0")
                .contains("smart_operator_app_conditions{reason=\"Accepted\",status=\"True\",type=\"Accepted\"} 2.0")
                .contains("smart_operator_gateway_conditions{")
                .contains("smart_operator_activations{reason=\"Activated\",status=\"True\"} 1.0"));

        HttpResponse<String> metrics = get(server, "/metrics");
        assertThat(metrics.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/plain"));
        assertThat(metrics.body())
            .contains("smart_operator_apps{client_type=\"confidential\"} 1.0")
            .contains("smart_operator_apps{client_type=\"public\"} 2.0")
            .contains("smart_operator_gateways 1.0")
            .contains("smart_operator_gateway_conditions{reason=\"Accepted\",status=\"True\",type=\"Accepted\"} 1.0")
            .contains("smart_operator_leader 1.0")
            .contains("operator_sdk_reconciliations_success_total")
            .contains("operator_sdk_controllers_execution_reconcile_seconds");
        // Every meter of the operator's own is in README.md's metrics list.
        String doc = java.nio.file.Files.readString(InstallDocsTest.DOC);
        metrics.body().lines().filter(l -> l.startsWith("# TYPE smart_operator_"))
            .map(l -> l.split(" ")[2].replaceFirst("_max$", ""))
            .forEach(name -> assertThat(doc).as("README.md lists %s", name).contains("`" + name + "`"));

        cluster.user.resources(SmartApp.class).inNamespace("team").withName("pub").delete();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
            assertThat(get(server, "/metrics").body()).contains("smart_operator_apps{client_type=\"public\"} 1.0"));
      } finally {
        operator.close();
      }
      assertThat(get(server, "/readyz").statusCode()).as("not ready once stopping").isEqualTo(503);
    }
  }

  private HttpResponse<String> get(OperatorHttpServer server, String path) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
