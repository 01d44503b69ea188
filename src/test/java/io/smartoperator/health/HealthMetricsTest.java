package io.smartoperator.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.smartoperator.health.HealthState.Status;
import io.smartoperator.health.Target.Kind;
import java.net.URI;
import java.time.Duration;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The health metrics as Prometheus scrapes them. */
class HealthMetricsTest {
  private static final Duration GUARD = Duration.ofSeconds(20);

  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private LocalServer server;
  private HealthProber prober;

  @AfterEach
  void close() {
    if (prober != null) {
      prober.close();
    }
    if (server != null) {
      server.close();
    }
  }

  @Test
  void exposesHealthGaugesProbeCountsAndDurationsUnderPrometheusNames() throws Exception {
    server = LocalServer.start();
    prober = HealthProber.builder(registry).build();
    URI withToken = server.uri("/healthz?token=s3cr3t");
    Target app = new Target(Kind.APP, "peds", "growth", withToken, Duration.ofMillis(30), Duration.ofSeconds(1), 2);
    Target gateway = new Target(Kind.GATEWAY, "platform", "prod", server.uri("/metadata"),
        Duration.ofMillis(30), Duration.ofSeconds(1), 2);
    prober.monitor(app);
    prober.monitor(gateway);
    await().atMost(GUARD).until(() -> healthy(app) && healthy(gateway));

    String scrape = registry.scrape();

    assertThat(scrape)
        .containsPattern(sample("smart_operator_app_healthy", "app=\"growth\",namespace=\"peds\"", "1\\.0"))
        .containsPattern(sample("smart_operator_gateway_healthy", "gateway=\"prod\",namespace=\"platform\"", "1\\.0"))
        .containsPattern(sample("smart_operator_health_probes_total", "kind=\"app\",outcome=\"healthy\"", "[1-9][0-9.E]*"))
        .containsPattern(sample("smart_operator_health_probes_total", "kind=\"gateway\",outcome=\"timeout\"", "0\\.0"))
        .containsPattern(sample("smart_operator_health_probe_duration_seconds_bucket",
            "kind=\"app\",outcome=\"healthy\",le=\"0\\.005\"", "[0-9.E]+"))
        .containsPattern(sample("smart_operator_health_probe_duration_seconds_count",
            "kind=\"app\",outcome=\"healthy\"", "[1-9][0-9.E]*"))
        .containsPattern(sample("smart_operator_health_probe_lateness_seconds_count", "kind=\"app\"", "[1-9][0-9.E]*"))
        .containsPattern(sample("smart_operator_health_probes_skipped_total", "kind=\"app\"", "[0-9.E]+"))
        .containsPattern(sample("smart_operator_health_transitions_total", "kind=\"app\",status=\"healthy\"", "1\\.0"))
        .doesNotContain("s3cr3t")
        .doesNotContain(String.valueOf(server.port()));
  }

  @Test
  void theGaugeIsZeroWhenDownAndAbsentWhenNotMonitored() throws Exception {
    server = LocalServer.start();
    prober = HealthProber.builder(registry).build();
    Target app = new Target(Kind.APP, "peds", "growth", server.uri("/healthz"), Duration.ofMillis(30), Duration.ofSeconds(1), 2);
    prober.monitor(app);
    assertThat(registry.scrape()).doesNotContain("smart_operator_app_healthy{");
    await().atMost(GUARD).until(() -> healthy(app));

    server.status.set(503);
    await().atMost(GUARD).until(() -> prober.current(app.key()).orElseThrow().status() == Status.UNHEALTHY);
    assertThat(registry.scrape())
        .containsPattern(sample("smart_operator_app_healthy", "app=\"growth\",namespace=\"peds\"", "0\\.0"));

    prober.stop(app.key());
    assertThat(registry.scrape()).doesNotContain("smart_operator_app_healthy{");
  }

  private boolean healthy(Target target) {
    return prober.current(target.key()).map(HealthState::status).orElse(null) == Status.HEALTHY;
  }

  private static Pattern sample(String name, String labels, String value) {
    return Pattern.compile("(?m)^" + name + "\\{" + labels + "\\} " + value + "$");
  }
}
