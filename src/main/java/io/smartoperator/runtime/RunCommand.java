package io.smartoperator.runtime;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * Runs the operator against the cluster of the current kubeconfig, or in-cluster. Every flag has
 * an environment variable (the Helm chart and deploy/ set those); a flag wins over its variable.
 * the README's configuration table lists the same options (a test holds them together).
 */
@Command(name = "run", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Run the operator against a cluster (kubeconfig or in-cluster configuration).")
public final class RunCommand implements Callable<Integer> {

  @Spec
  CommandLine.Model.CommandSpec spec;

  @Option(names = "--watch-namespaces", defaultValue = "${env:SMART_OPERATOR_WATCH_NAMESPACES:-}",
      description = "Comma-separated namespaces to watch; empty watches all (env SMART_OPERATOR_WATCH_NAMESPACES).")
  String watchNamespaces;

  @Option(names = "--platform-id", defaultValue = "${env:SMART_OPERATOR_PLATFORM_ID:-}",
      description = "Platform identity in generated client ids; empty means the uid of namespace kube-system "
          + "(env SMART_OPERATOR_PLATFORM_ID).")
  String platformId;

  @Option(names = "--reconcile-threads", defaultValue = "${env:SMART_OPERATOR_RECONCILE_THREADS:-10}",
      description = "Concurrent reconciles (env SMART_OPERATOR_RECONCILE_THREADS).")
  int reconcileThreads;

  @Option(names = "--resync-period", defaultValue = "${env:SMART_OPERATOR_RESYNC_PERIOD:-10m}",
      converter = DurationText.class,
      description = "Every resource is reconciled again after this long without an event, e.g. 10m or PT10M "
          + "(env SMART_OPERATOR_RESYNC_PERIOD).")
  Duration resyncPeriod;

  @Option(names = "--health-concurrency", defaultValue = "${env:SMART_OPERATOR_HEALTH_CONCURRENCY:-64}",
      description = "Health probes in flight at once, over all apps and gateways "
          + "(env SMART_OPERATOR_HEALTH_CONCURRENCY).")
  int healthConcurrency;

  @Option(names = "--health-deny-cidrs", defaultValue = "${env:SMART_OPERATOR_HEALTH_DENY_CIDRS:-}",
      description = "Comma-separated CIDRs never probed, on top of link-local and cloud metadata addresses "
          + "(env SMART_OPERATOR_HEALTH_DENY_CIDRS).")
  String healthDenyCidrs;

  @Option(names = "--metrics-port", defaultValue = "${env:SMART_OPERATOR_METRICS_PORT:-8080}",
      description = "Port of /metrics, /healthz and /readyz (env SMART_OPERATOR_METRICS_PORT).")
  int metricsPort;

  @Option(names = "--leader-election", arity = "0..1", fallbackValue = "true",
      defaultValue = "${env:SMART_OPERATOR_LEADER_ELECTION:-false}",
      description = "Elect a leader through a Lease, so that several replicas run safely "
          + "(env SMART_OPERATOR_LEADER_ELECTION).")
  boolean leaderElection;

  @Option(names = "--lease-name", defaultValue = "${env:SMART_OPERATOR_LEASE_NAME:-smart-operator-leader}",
      description = "Name of the leader election Lease (env SMART_OPERATOR_LEASE_NAME).")
  String leaseName;

  @Option(names = "--lease-namespace", defaultValue = "${env:SMART_OPERATOR_LEASE_NAMESPACE:-}",
      description = "Namespace of the Lease; empty means the operator's own namespace "
          + "(env SMART_OPERATOR_LEASE_NAMESPACE).")
  String leaseNamespace;

  @Option(names = "--log-format", defaultValue = "${env:SMART_OPERATOR_LOG_FORMAT:-text}",
      description = "text or json (env SMART_OPERATOR_LOG_FORMAT).")
  String logFormat;

  @Option(names = "--log-level", defaultValue = "${env:SMART_OPERATOR_LOG_LEVEL:-info}",
      description = "error, warn, info, debug or trace (env SMART_OPERATOR_LOG_LEVEL).")
  String logLevel;

  @Override
  public Integer call() throws InterruptedException {
    OperatorConfig config = config();
    LogFormat format = logFormat();
    format.install(logLevel);

    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    bindJvmMeters(registry);
    OperatorHttpServer http = OperatorHttpServer.start(metricsPort, registry);
    KubernetesClient client = new KubernetesClientBuilder().build();
    AtomicReference<SmartOperator> running = new AtomicReference<>();
    CountDownLatch stopped = new CountDownLatch(1);
    // SIGTERM: readiness fails at once, in-flight reconciles finish (bounded), then the port closes.
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      SmartOperator operator = running.get();
      if (operator != null) {
        operator.close();
      }
      http.close();
      client.close();
      stopped.countDown();
    }, "smart-operator-shutdown"));

    SmartOperator operator = SmartOperator.start(client, config, registry, SmartOperator::exitOnLostLeadership);
    running.set(operator);
    http.serve(operator, ResourceMeters.register(operator, registry));
    stopped.await();
    return 0;
  }

  /** The operator configuration these flags describe; refuses values that cannot work. */
  public OperatorConfig config() {
    require(reconcileThreads >= 1, "--reconcile-threads must be at least 1");
    require(metricsPort >= 0 && metricsPort <= 65535, "--metrics-port must be a port number");
    require(!resyncPeriod.isNegative() && !resyncPeriod.isZero(), "--resync-period must be positive");
    require(healthConcurrency >= 1, "--health-concurrency must be at least 1");
    require(!leaseName.isBlank(), "--lease-name must not be empty");
    List<String> cidrs = new ArrayList<>(parseList(healthDenyCidrs));
    for (String cidr : cidrs) {
      require(isCidr(cidr), "--health-deny-cidrs: \"" + cidr + "\" is not a CIDR such as 10.0.0.0/8 or fd00::/8");
    }
    logFormat();
    return new OperatorConfig(
        parseList(watchNamespaces),
        platformId.isBlank() ? null : platformId.trim(),
        reconcileThreads,
        resyncPeriod,
        new OperatorConfig.Health(healthConcurrency, cidrs),
        new OperatorConfig.LeaderElection(leaderElection, leaseName.trim(),
            leaseNamespace.isBlank() ? null : leaseNamespace.trim(), null));
  }

  LogFormat logFormat() {
    try {
      return LogFormat.parse(logFormat);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), "--log-format: " + e.getMessage());
    }
  }

  private void require(boolean ok, String message) {
    if (!ok) {
      throw new ParameterException(spec.commandLine(), message);
    }
  }

  private static void bindJvmMeters(PrometheusMeterRegistry registry) {
    new ClassLoaderMetrics().bindTo(registry);
    new JvmMemoryMetrics().bindTo(registry);
    new JvmGcMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
  }

  private static Set<String> parseList(String csv) {
    Set<String> out = new LinkedHashSet<>();
    if (csv != null) {
      Arrays.stream(csv.split(",")).map(String::trim).filter(s -> !s.isEmpty()).forEach(out::add);
    }
    return out;
  }

  private static final Pattern CIDR =
      Pattern.compile("(\\d{1,3}(?:\\.\\d{1,3}){3}|[0-9a-fA-F:.]*:[0-9a-fA-F:.]*)/(\\d{1,3})");

  /** An IP literal (never a host name: no DNS here) with a prefix length that fits it. */
  static boolean isCidr(String text) {
    Matcher m = CIDR.matcher(text);
    if (!m.matches()) {
      return false;
    }
    try {
      byte[] address = InetAddress.getByName(m.group(1)).getAddress();
      return Integer.parseInt(m.group(2)) <= address.length * 8;
    } catch (UnknownHostException e) {
      return false;
    }
  }

  /** Durations as people write them ({@code 30s}, {@code 10m}, {@code 1h}, {@code 500ms}) or ISO-8601. */
  public static final class DurationText implements ITypeConverter<Duration> {
    private static final Pattern SHORT = Pattern.compile("(\\d+)(ms|s|m|h)");

    @Override
    public Duration convert(String value) {
      String v = value.trim().toLowerCase(Locale.ROOT);
      Matcher m = SHORT.matcher(v);
      if (m.matches()) {
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
          case "ms" -> Duration.ofMillis(n);
          case "s" -> Duration.ofSeconds(n);
          case "m" -> Duration.ofMinutes(n);
          default -> Duration.ofHours(n);
        };
      }
      try {
        return Duration.parse(value.trim());
      } catch (RuntimeException e) {
        throw new CommandLine.TypeConversionException(
            "\"" + value + "\" is not a duration such as 30s, 10m, 1h or PT30S");
      }
    }
  }
}
