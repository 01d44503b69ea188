package io.smartoperator.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.smartoperator.api.v1alpha1.HealthCheck;
import io.smartoperator.health.Target.Kind;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class TargetTest {

  @Test
  void takesTheOperatorDefaultsForWhatIsLeftOut() {
    HealthCheck check = new HealthCheck();
    check.setPeriodSeconds(10);

    Target target = Target.app("peds", "growth", URI.create("http://growth.peds.svc:8080/healthz"), check);

    assertThat(target.key()).isEqualTo("app/peds/growth");
    assertThat(target.period()).isEqualTo(Duration.ofSeconds(10));
    assertThat(target.timeout()).isEqualTo(Target.DEFAULT_TIMEOUT);
    assertThat(target.failureThreshold()).isEqualTo(3);
    assertThat(Target.gateway("platform", "prod", URI.create("https://fhir.example.org/r4/metadata"), null))
        .extracting(Target::key, Target::period)
        .containsExactly("gateway/platform/prod", Duration.ofSeconds(30));
  }

  @ParameterizedTest
  @ValueSource(strings = {"ftp://example.org/", "http://user:secret@example.org/", "http://example.org/#x",
      "/healthz", "http:///healthz", "mailto:a@example.org"})
  void refusesWhatItCannotProbe(String uri) {
    assertThatThrownBy(() -> Target.app("ns", "a", URI.create(uri), null)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void refusesNonPositiveSettings() {
    URI uri = URI.create("http://example.org/");
    assertThatThrownBy(() -> new Target(Kind.APP, "ns", "a", uri, Duration.ZERO, Duration.ofSeconds(1), 1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Target(Kind.APP, "ns", "a", uri, Duration.ofSeconds(1), Duration.ofSeconds(1), 0))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void printsNoQuery() {
    Target target = Target.app("ns", "a", URI.create("http://example.org/healthz?token=s3cr3t"), null);
    assertThat(target.toString()).contains("http://example.org/healthz?...").doesNotContain("s3cr3t");
  }
}
