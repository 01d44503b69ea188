package io.smartoperator.install;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.smartoperator.runtime.OperatorConfig;
import io.smartoperator.runtime.RunCommand;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** `smart-operator run`'s flags become an OperatorConfig; values that cannot work are refused at start. */
class RunCommandTest {

  static OperatorConfig parse(String... args) {
    RunCommand run = new RunCommand();
    // Every default given as a flag, so that this JVM's SMART_OPERATOR_* variables do not matter.
    CommandLine cli = new CommandLine(run).setOverwrittenOptionsAllowed(true);
    cli.parseArgs(withDefaults(args));
    return run.config();
  }

  /** Every option's documented default, then the given flags (picocli: the last one wins). */
  static String[] withDefaults(String... args) {
    List<String> all = new java.util.ArrayList<>();
    RunOptions.all().forEach(o -> all.add(o.flag() + "=" + o.defaultValue()));
    all.addAll(List.of(args));
    return all.toArray(String[]::new);
  }

  @Test
  void defaultsAreOperatorConfigDefaults() {
    OperatorConfig config = parse();
    assertThat(config.watchesAllNamespaces()).isTrue();
    assertThat(config.platformId()).isNull();
    assertThat(config.reconcileThreads()).isEqualTo(OperatorConfig.DEFAULT_RECONCILE_THREADS);
    assertThat(config.resyncPeriod()).isEqualTo(OperatorConfig.DEFAULT_RESYNC);
    assertThat(config.health()).isEqualTo(OperatorConfig.Health.DEFAULTS);
    assertThat(config.leaderElection()).isEqualTo(OperatorConfig.LeaderElection.OFF);
  }

  @Test
  void flagsSetEveryField() {
    OperatorConfig config = parse("--watch-namespaces= a, b ,", "--platform-id=prod-eu", "--reconcile-threads=3",
        "--resync-period=PT1H", "--health-concurrency=2", "--health-deny-cidrs=10.0.0.0/8, fd00::/8", "--leader-election",
        "--lease-name=my-lease", "--lease-namespace=ops");
    assertThat(config.watchNamespaces()).isEqualTo(Set.of("a", "b"));
    assertThat(config.platformId()).isEqualTo("prod-eu");
    assertThat(config.reconcileThreads()).isEqualTo(3);
    assertThat(config.resyncPeriod()).isEqualTo(Duration.ofHours(1));
    assertThat(config.health()).isEqualTo(new OperatorConfig.Health(2, List.of("10.0.0.0/8", "fd00::/8")));
    assertThat(config.leaderElection()).isEqualTo(OperatorConfig.LeaderElection.on("my-lease", "ops"));
  }

  @Test
  void leaderElectionTakesAValueToo() {
    assertThat(parse("--leader-election=true").leaderElection().enabled()).isTrue();
    assertThat(parse("--leader-election=false").leaderElection().enabled()).isFalse();
  }

  @Test
  void valuesThatCannotWorkAreRefusedNamingTheFlag() {
    assertRefused("--reconcile-threads", "--reconcile-threads=0");
    assertRefused("--metrics-port", "--metrics-port=70000");
    assertRefused("--health-concurrency", "--health-concurrency=0");
    assertRefused("--resync-period", "--resync-period=0s");
    assertRefused("--health-deny-cidrs", "--health-deny-cidrs=10.0.0.0/33");
    assertRefused("--health-deny-cidrs", "--health-deny-cidrs=metadata.internal/32");
    assertRefused("--log-format", "--log-format=xml");
    assertRefused("--lease-name", "--lease-name= ");
    assertThatThrownBy(() -> parse("--resync-period=soon")).hasMessageContaining("not a duration");
    assertThat(parse("--resync-period=1500ms").resyncPeriod()).isEqualTo(Duration.ofMillis(1500));
  }

  private static void assertRefused(String flag, String arg) {
    assertThatThrownBy(() -> parse(arg)).isInstanceOf(CommandLine.ParameterException.class)
        .hasMessageContaining(flag);
  }
}
