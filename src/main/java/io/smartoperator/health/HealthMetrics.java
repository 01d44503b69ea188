package io.smartoperator.health;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.smartoperator.health.HealthState.Status;
import io.smartoperator.health.Target.Kind;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The prober's meters. Tags are kind, namespace, name and outcome only: never a URI, which may
 * carry a token in its query.
 *
 * <p>Prometheus names: {@code smart_operator_app_healthy{namespace,app}} and
 * {@code smart_operator_gateway_healthy{namespace,gateway}} (1 or 0; absent until the first
 * verdict and after monitoring stops), {@code smart_operator_health_probes_total{kind,outcome}},
 * {@code smart_operator_health_probe_duration_seconds{kind,outcome}} (a histogram),
 * {@code smart_operator_health_probe_lateness_seconds{kind}} (how late probes start, a histogram),
 * {@code smart_operator_health_probes_skipped_total{kind}} (a period passed while the previous
 * probe of the target was still queued or in flight) and
 * {@code smart_operator_health_transitions_total{kind,status}}.
 */
final class HealthMetrics {
  static final String APP_HEALTHY = "smart.operator.app.healthy";
  static final String GATEWAY_HEALTHY = "smart.operator.gateway.healthy";
  static final String PROBES = "smart.operator.health.probes";
  static final String PROBE_DURATION = "smart.operator.health.probe.duration";
  static final String PROBE_LATENESS = "smart.operator.health.probe.lateness";
  static final String SKIPPED = "smart.operator.health.probes.skipped";
  static final String TRANSITIONS = "smart.operator.health.transitions";

  // fixed buckets: a percentile histogram would be about 70 series per kind and outcome
  private static final Duration[] BUCKETS = {
      Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50),
      Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1),
      Duration.ofMillis(2500), Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(30),
      Duration.ofSeconds(60)};

  private final MeterRegistry registry;
  private final Map<Kind, Map<ProbeOutcome, Counter>> probes = new EnumMap<>(Kind.class);
  private final Map<Kind, Map<ProbeOutcome, Timer>> durations = new EnumMap<>(Kind.class);
  private final Map<Kind, Timer> lateness = new EnumMap<>(Kind.class);
  private final Map<Kind, Counter> skipped = new EnumMap<>(Kind.class);
  private final Map<Kind, Map<Status, Counter>> transitions = new EnumMap<>(Kind.class);

  HealthMetrics(MeterRegistry registry) {
    this.registry = registry;
    // registered up front, so a rate query sees 0 rather than nothing
    for (Kind kind : Kind.values()) {
      Map<ProbeOutcome, Counter> counters = new EnumMap<>(ProbeOutcome.class);
      Map<ProbeOutcome, Timer> timers = new EnumMap<>(ProbeOutcome.class);
      for (ProbeOutcome outcome : ProbeOutcome.values()) {
        Tags tags = Tags.of("kind", kind.tag(), "outcome", outcome.tag());
        counters.put(outcome, Counter.builder(PROBES).tags(tags)
            .description("Health probes by outcome").register(registry));
        timers.put(outcome, Timer.builder(PROBE_DURATION).tags(tags)
            .description("Time a health probe took, from its start to its verdict")
            .serviceLevelObjectives(BUCKETS).register(registry));
      }
      probes.put(kind, counters);
      durations.put(kind, timers);
      lateness.put(kind, Timer.builder(PROBE_LATENESS).tags("kind", kind.tag())
          .description("How long after its scheduled time a health probe started")
          .serviceLevelObjectives(BUCKETS).register(registry));
      skipped.put(kind, Counter.builder(SKIPPED).tags("kind", kind.tag())
          .description("Health probes not started because the previous one of the target had not finished")
          .register(registry));
      Map<Status, Counter> byStatus = new EnumMap<>(Status.class);
      for (Status status : Status.values()) {
        if (status != Status.UNKNOWN) {
          byStatus.put(status, Counter.builder(TRANSITIONS)
              .tags("kind", kind.tag(), "status", status.reason().toLowerCase(java.util.Locale.ROOT))
              .description("Health transitions, each a status write and an Event").register(registry));
        }
      }
      transitions.put(kind, byStatus);
    }
  }

  void probed(Kind kind, ProbeOutcome outcome, long durationNanos) {
    probes.get(kind).get(outcome).increment();
    durations.get(kind).get(outcome).record(durationNanos, TimeUnit.NANOSECONDS);
  }

  void started(Kind kind, long latenessNanos) {
    lateness.get(kind).record(Math.max(0, latenessNanos), TimeUnit.NANOSECONDS);
  }

  void skipped(Kind kind) {
    skipped.get(kind).increment();
  }

  void transitioned(Kind kind, Status status) {
    Counter counter = transitions.get(kind).get(status);
    if (counter != null) {
      counter.increment();
    }
  }

  /** The 1/0 gauge of a target, reading {@code value} at each scrape. */
  Gauge healthGauge(Target target, Supplier<Number> value) {
    Gauge.Builder<Supplier<Number>> builder = target.kind() == Kind.APP
        ? Gauge.builder(APP_HEALTHY, value).tags("namespace", target.namespace(), "app", target.name())
            .description("1 when the SmartApp's health URI answers 2xx/3xx, 0 when not; absent when not monitored")
        : Gauge.builder(GATEWAY_HEALTHY, value).tags("namespace", target.namespace(), "gateway", target.name())
            .description("1 when the Gateway's health URI answers 2xx/3xx, 0 when not; absent when not monitored");
    return builder.strongReference(true).register(registry);
  }

  void remove(Gauge gauge) {
    registry.remove(gauge);
  }
}
