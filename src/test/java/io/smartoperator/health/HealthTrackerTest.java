package io.smartoperator.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.smartoperator.health.HealthState.Status;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class HealthTrackerTest {
  private static final Instant START = Instant.parse("2026-11-28T10:00:00Z");
  private static final ProbeResult OK = ProbeResult.answered(200, 2);
  private static final ProbeResult MOVED = ProbeResult.answered(302, 0);
  private static final ProbeResult DOWN = ProbeResult.answered(503, 10);
  private static final ProbeResult BROKEN = ProbeResult.answered(500, 10);
  private static final ProbeResult NOT_FOUND = ProbeResult.answered(404, 10);
  private static final ProbeResult TIMEOUT = ProbeResult.failed(ProbeOutcome.TIMEOUT, "timed out after 5s", null);
  private static final ProbeResult REFUSED = ProbeResult.failed(ProbeOutcome.REFUSED, "connection refused", null);

  private final HealthTracker tracker = new HealthTracker(HealthState.unknown(START));
  private int second;

  private Optional<HealthState> record(ProbeResult result) {
    return tracker.record(result, 3, START.plusSeconds(++second));
  }

  @Test
  void theFirstSuccessDecidesAtOnce() {
    assertThat(tracker.state().status()).isEqualTo(Status.UNKNOWN);
    assertThat(tracker.state().reason()).isEqualTo("Pending");

    HealthState healthy = record(OK).orElseThrow();

    assertThat(healthy.status()).isEqualTo(Status.HEALTHY);
    assertThat(healthy.message()).isEqualTo("HTTP 200");
    assertThat(healthy.statusCode()).isEqualTo(200);
    assertThat(healthy.since()).isEqualTo(START.plusSeconds(1));
  }

  @Test
  void aRedirectIsASuccess() {
    assertThat(record(MOVED)).get().extracting(HealthState::status).isEqualTo(Status.HEALTHY);
  }

  @Test
  void fromUnknownFailuresNeedTheThreshold() {
    assertThat(record(DOWN)).isEmpty();
    assertThat(record(DOWN)).isEmpty();
    assertThat(tracker.state().status()).isEqualTo(Status.UNKNOWN);

    HealthState unhealthy = record(DOWN).orElseThrow();

    assertThat(unhealthy.status()).isEqualTo(Status.UNHEALTHY);
    assertThat(unhealthy.consecutiveFailures()).isEqualTo(3);
  }

  @Test
  void healthyBecomesUnhealthyAfterTheThresholdAndHealthyAfterOneSuccess() {
    record(OK);
    assertThat(record(DOWN)).isEmpty();
    assertThat(record(DOWN)).isEmpty();
    HealthState unhealthy = record(DOWN).orElseThrow();
    assertThat(unhealthy.status()).isEqualTo(Status.UNHEALTHY);
    assertThat(unhealthy.message()).isEqualTo("HTTP 503");
    assertThat(unhealthy.statusCode()).isEqualTo(503);

    HealthState healthy = record(OK).orElseThrow();

    assertThat(healthy.status()).isEqualTo(Status.HEALTHY);
    assertThat(healthy.consecutiveFailures()).isZero();
  }

  @Test
  void aSuccessResetsTheCount() {
    record(OK);
    record(DOWN);
    record(DOWN);
    assertThat(record(OK)).isEmpty();
    assertThat(record(DOWN)).isEmpty();
    assertThat(record(DOWN)).isEmpty();
    assertThat(tracker.state().status()).isEqualTo(Status.HEALTHY);
  }

  @Test
  void noAnswerMakesItUnreachable() {
    record(OK);
    record(REFUSED);
    record(REFUSED);
    HealthState unreachable = record(TIMEOUT).orElseThrow();

    assertThat(unreachable.status()).isEqualTo(Status.UNREACHABLE);
    assertThat(unreachable.reason()).isEqualTo("Unreachable");
    assertThat(unreachable.message()).isEqualTo("timed out after 5s");
    assertThat(unreachable.statusCode()).isNull();
  }

  @Test
  void mixedFailuresCountTogetherAndTheLastOneNamesTheVerdict() {
    record(OK);
    record(TIMEOUT);
    record(TIMEOUT);
    assertThat(record(DOWN)).get().extracting(HealthState::status).isEqualTo(Status.UNHEALTHY);
  }

  @Test
  void anotherMessageUnderTheSameVerdictIsNoTransition() {
    record(OK);
    record(DOWN);
    record(DOWN);
    HealthState unhealthy = record(DOWN).orElseThrow();

    assertThat(record(BROKEN)).isEmpty();
    assertThat(record(NOT_FOUND)).isEmpty();
    assertThat(tracker.state()).isEqualTo(unhealthy);
    assertThat(tracker.consecutiveFailures()).isEqualTo(5);
  }

  @Test
  void unhealthyBecomesUnreachableOnlyAfterTheThresholdOfTheNewKind() {
    record(DOWN);
    record(DOWN);
    record(DOWN);
    // alternating kinds never switch the verdict
    for (int i = 0; i < 5; i++) {
      assertThat(record(TIMEOUT)).isEmpty();
      assertThat(record(TIMEOUT)).isEmpty();
      assertThat(record(DOWN)).isEmpty();
    }
    assertThat(tracker.state().status()).isEqualTo(Status.UNHEALTHY);
    record(TIMEOUT);
    record(REFUSED);

    HealthState unreachable = record(TIMEOUT).orElseThrow();

    assertThat(unreachable.status()).isEqualTo(Status.UNREACHABLE);
    assertThat(unreachable.consecutiveFailures()).isEqualTo(21);
  }

  @Test
  void aThresholdOfOneDecidesOnEveryChange() {
    assertThat(tracker.record(DOWN, 1, START)).get().extracting(HealthState::status).isEqualTo(Status.UNHEALTHY);
    assertThat(tracker.record(REFUSED, 1, START)).get().extracting(HealthState::status).isEqualTo(Status.UNREACHABLE);
    assertThat(tracker.record(REFUSED, 1, START)).isEmpty();
    assertThat(tracker.record(OK, 1, START)).get().extracting(HealthState::status).isEqualTo(Status.HEALTHY);
  }
}
