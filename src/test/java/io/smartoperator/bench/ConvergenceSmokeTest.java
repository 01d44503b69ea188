package io.smartoperator.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.smartoperator.bench.ConvergenceBenchmark.Result;
import io.smartoperator.bench.ConvergenceBenchmark.Settings;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The convergence benchmark at its smoke size, as a correctness check: 100 apps of the mix all
 * reach their final conditions, exactly the right Secrets exist, and a resync period at steady
 * state writes nothing. No timing is asserted (machines are noisy); bench/run measures.
 */
class ConvergenceSmokeTest {
  private static final int N = 100;
  private static final long RESYNC_SECONDS = 5;

  @Test
  void hundredAppsConvergeAndASteadyResyncWritesNothing() throws Exception {
    Settings settings = new Settings(N, 10, RESYNC_SECONDS, 120, false, false, List.of(),
        Path.of("target", "bench-smoke"));
    // The server's key index is checked against the CRUD mock's own scan on every lookup.
    System.setProperty("bench.checkIndex", "true");
    Result result;
    try {
      result = new ConvergenceBenchmark(settings).run();
    } finally {
      System.clearProperty("bench.checkIndex");
    }
    var operator = result.operator();

    assertThat(operator.converged()).as("converged; not final: %s", operator.notFinal()).isTrue();
    assertThat(operator.finalApps()).isEqualTo(N);
    assertThat(operator.regressions()).as("apps that left their final state").isZero();
    assertThat(operator.serverIndexMismatches()).as("server lookups where the index and the scan disagree").isZero();
    assertThat(operator.secrets().ok()).as("credentials Secrets: %s", operator.secrets()).isTrue();
    // The resync did run: otherwise "no writes" would prove nothing.
    assertThat(result.steadyState().reconciles()).as("reconciles during the steady state").isGreaterThanOrEqualTo(N);
    assertThat(result.steadyState().writes())
        .as("writes at steady state %s (the request log is in target/bench-smoke)", result.steadyState().requestsByCall())
        .isZero();
  }
}
