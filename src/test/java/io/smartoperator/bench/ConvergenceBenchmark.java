package io.smartoperator.bench;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.smartoperator.bench.AppMix.Outcome;
import io.smartoperator.bench.AppMix.PlannedApp;
import io.smartoperator.runtime.OperatorConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;

/**
 * Issue 6 in one run: the floor (a bare client doing the least writes N confidential apps need),
 * then the operator converging N apps of the fixed mix, then one resync period of steady state.
 * Each phase gets a fresh CRUD mock API server, so neither inherits the other's objects.
 *
 * <p>{@code bench/run N} runs {@link #main}; the smoke test runs {@link #run} at N = 100.
 */
public final class ConvergenceBenchmark {

  /**
   * How to run.
   *
   * @param forkOperator run the operator in a JVM of its own (true for figures; false for the smoke test)
   * @param workDir where request logs and the operator's log go
   */
  record Settings(int n, int reconcileThreads, long resyncSeconds, long timeoutSeconds, boolean runFloor,
      boolean forkOperator, List<String> operatorJvmOptions, Path workDir) {

    static Settings fromSystemProperties(int n) {
      return new Settings(n,
          Integer.getInteger("bench.threads", OperatorConfig.DEFAULT_RECONCILE_THREADS),
          Long.getLong("bench.resyncSeconds", 20),
          Long.getLong("bench.timeoutSeconds", Math.max(120, n * 60L / 1000)),
          Boolean.parseBoolean(System.getProperty("bench.floor", "true")),
          true,
          List.of(System.getProperty("bench.operatorJvm", "-Xmx768m -XX:+UseSerialGC -Xlog:disable -Dorg.slf4j.simpleLogger.log.io.smartoperator=info").trim().split("\\s+")),
          Path.of(System.getProperty("bench.workDir", "target/bench")));
    }
  }

  /** Where and what ran: operatorCommit is the last commit of src/main, benchCommit the branch's HEAD. */
  record Machine(int cores, String loadAverageAtStart, String loadAverageAtEnd, String java, String operatorCommit,
      String benchCommit) {}

  record FloorResult(int apps, double seconds, long requests, long writes, double writesPerApp,
      Map<String, Long> requestsByCall, Map<String, Long> failures, double serverSeconds,
      double serverCpuSeconds, double clientCpuSeconds) {}

  record SecretsCheck(int expected, int found, List<String> missing, List<String> unexpected) {
    boolean ok() {
      return missing.isEmpty() && unexpected.isEmpty();
    }
  }

  record OperatorResult(boolean converged, double seconds, double startSeconds, int finalApps, int regressions,
      Map<String, String> notFinal, long requests, long writes, long eventWrites, double writesPerApp,
      double writesPerAppWithoutEvents, double eventsPerApp, Map<String, Double> requestsPerAppByVerb,
      Map<String, Long> requestsByCall, Map<String, Long> failures, double serverSeconds, double serverCpuSeconds,
      double operatorCpuSeconds, Map<String, Double> operatorThreadCpuSeconds, Long reconciles,
      boolean isolatedJvm, Double heapBaselineMiB, Double heapAfterGcMiB, Double heapAfterSteadyStateMiB,
      SecretsCheck secrets, Long serverIndexMismatches) {}

  record SteadyResult(double seconds, Long reconciles, long requests, long writes, Map<String, Long> requestsByCall) {}

  record Ratios(Double convergenceVsFloor, Double writesPerAppVsFloor, Double writesPerAppWithoutEventsVsFloor,
      double writesVsMixMinimum) {}

  /** How the mock server finds the object of a write; see {@link CountingDispatcher}. */
  static final String SERVER_LOOKUP = "index";

  record Result(String date, int n, Machine machine, String serverLookup, int reconcileThreads, long resyncSeconds,
      List<String> operatorJvmOptions, Map<Outcome, Integer> mix, long mixMinimumWrites,
      Map<String, Map<String, String>> finalConditions, FloorResult floor, OperatorResult operator,
      SteadyResult steadyState, Ratios ratios) {}

  private static final int CREATE_THREADS = 8;

  private final Settings settings;
  private final String stamp;

  ConvergenceBenchmark(Settings settings) {
    this.settings = settings;
    this.stamp = LocalDate.now() + "-" + settings.n();
  }

  public static void main(String[] args) throws Exception {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
    Settings settings = Settings.fromSystemProperties(n);
    Result result = new ConvergenceBenchmark(settings).run();
    System.out.println(ResultsFiles.summary(result));
    // -Dbench.record=false for diagnostic runs (a profile, a debug log) that are not results.
    if (Boolean.parseBoolean(System.getProperty("bench.record", "true"))) {
      Path benchDir = Path.of(System.getProperty("bench.dir", "bench"));
      Path json = ResultsFiles.writeJson(benchDir, result);
      ResultsFiles.appendReadmeRow(benchDir.resolve("README.md"), result);
      System.out.println("results: " + json);
    }
    System.exit(result.operator().converged() ? 0 : 1);
  }

  Result run() throws Exception {
    Files.createDirectories(settings.workDir());
    String loadAtStart = loadAverage();
    FloorResult floor = settings.runFloor() ? runFloor() : null;
    List<PlannedApp> apps = AppMix.of(settings.n());
    OperatorRun op = runOperator(apps);
    Machine machine = new Machine(Runtime.getRuntime().availableProcessors(), loadAtStart, loadAverage(),
        System.getProperty("java.vm.name") + " " + System.getProperty("java.version"),
        System.getProperty("bench.commit", "unknown"), System.getProperty("bench.benchCommit", "unknown"));
    long minimum = AppMix.minimumWrites(apps);
    Ratios ratios = new Ratios(
        floor == null ? null : op.result.seconds() / floor.seconds(),
        floor == null ? null : op.result.writesPerApp() / floor.writesPerApp(),
        floor == null ? null : op.result.writesPerAppWithoutEvents() / floor.writesPerApp(),
        (double) op.result.writes() / minimum);
    return new Result(LocalDate.now().toString(), settings.n(), machine, SERVER_LOOKUP, settings.reconcileThreads(),
        settings.resyncSeconds(), settings.forkOperator() ? settings.operatorJvmOptions() : List.of(),
        AppMix.census(apps), minimum, FinalState.table(), floor, op.result, op.steady, ratios);
  }

  private FloorResult runFloor() throws Exception {
    try (BenchApiServer server = BenchApiServer.start(settings.workDir().resolve(stamp + "-floor-requests.log"));
         KubernetesClient driver = server.client("driver")) {
      createNamespaces(driver, settings.n());
      create(driver, Floor.confidentialApps(settings.n()));
      // The floor runs in a JVM like the operator's, so that both start cold.
      ChildJvm jvm = settings.forkOperator() ? new ChildJvm(FloorMain.class,
          List.of(server.url(), String.valueOf(settings.reconcileThreads())), settings.operatorJvmOptions(),
          settings.workDir().resolve(stamp + "-floor.log")) : null;
      try (KubernetesClient inProcess = jvm == null ? server.client("floor") : null) {
        if (jvm != null) {
          jvm.await("ready");
        }
        server.dispatcher().mark("floor begins");
        RequestCounts.Snapshot before = server.counts();
        long serverCpu = BenchApiServer.serverCpuNanos();
        Floor.Run run = jvm != null
            ? io.fabric8.kubernetes.client.utils.Serialization.unmarshal(jvm.ask("start", "done"), Floor.Run.class)
            : new Floor.Run(Floor.run(inProcess, settings.reconcileThreads()), 0);
        double serverCpuSeconds = (BenchApiServer.serverCpuNanos() - serverCpu) / 1e9;
        RequestCounts.Snapshot used = server.counts().minus(before).of("floor");
        return new FloorResult(settings.n(), run.seconds(), used.requests(), used.writes(),
            (double) used.writes() / settings.n(), used.byVerbAndResource(), used.failuresByCall(),
            used.serverSeconds(), serverCpuSeconds, run.cpuNanos() / 1e9);
      } finally {
        if (jvm != null) {
          jvm.close();
        }
      }
    }
  }

  private record OperatorRun(OperatorResult result, SteadyResult steady) {}

  private OperatorRun runOperator(List<PlannedApp> apps) throws Exception {
    int n = apps.size();
    try (BenchApiServer server = BenchApiServer.start(settings.workDir().resolve(stamp + "-operator-requests.log"));
         KubernetesClient driver = server.client("driver")) {
      createNamespaces(driver, n);
      // Holders of a clientId first, the apps that copy it after: the claim rule then has one answer.
      create(driver, apps.stream().filter(a -> !a.createLast()).map(PlannedApp::app).toList());
      create(driver, apps.stream().filter(PlannedApp::createLast).map(PlannedApp::app).toList());

      try (ConvergenceWatch watch = new ConvergenceWatch(driver, apps);
           OperatorUnderTest operator = startOperator(server)) {
        OperatorProbe baseline = operator.baseline();
        server.dispatcher().mark("operator starts");
        RequestCounts.Snapshot before = server.counts();
        long serverCpu = BenchApiServer.serverCpuNanos();
        OperatorUnderTest.Started started = operator.start();
        long convergedAt = watch.awaitConverged(Duration.ofSeconds(settings.timeoutSeconds()));
        boolean converged = convergedAt > 0;
        long endedAt = converged ? convergedAt : System.currentTimeMillis();
        RequestCounts.Snapshot atConvergence = server.counts();
        double serverCpuSeconds = (BenchApiServer.serverCpuNanos() - serverCpu) / 1e9;
        server.dispatcher().mark(converged ? "converged; steady state begins" : "timed out; steady state begins");
        server.dispatcher().logAllWriteBodies(true);
        OperatorProbe measured = operator.probe(true);

        // Steady state: every app's resync timer is set by its last reconcile, which came before
        // convergence; one resync period (and a margin) later, each has been reconciled again.
        long steadyEnd = endedAt + (settings.resyncSeconds() + 5) * 1000;
        Thread.sleep(Math.max(0, steadyEnd - System.currentTimeMillis()));
        RequestCounts.Snapshot afterSteady = server.counts();
        long steadyEndedAt = System.currentTimeMillis();
        OperatorProbe steadyProbe = operator.probe(settings.forkOperator());
        server.dispatcher().mark("steady state ends");
        server.dispatcher().logAllWriteBodies(false);
        SecretsCheck secrets = checkSecrets(driver, apps);

        RequestCounts.Snapshot used = atConvergence.minus(before).of("operator");
        RequestCounts.Snapshot steady = afterSteady.minus(atConvergence).of("operator");
        long events = used.where(c -> c.resource().equals("events") && c.isWrite()).requests();
        Map<String, Double> perApp = new LinkedHashMap<>();
        used.byVerb().forEach((verb, count) -> perApp.put(verb, round((double) count / n, 3)));
        Map<String, Double> threadCpu = topThreadCpu(measured);
        OperatorResult result = new OperatorResult(converged,
            (endedAt - started.epochMillis()) / 1000.0,
            (started.startReturnedEpochMillis() - started.epochMillis()) / 1000.0,
            watch.finalApps(), watch.regressions(), watch.notFinal(10),
            used.requests(), used.writes(), events,
            (double) used.writes() / n, (double) (used.writes() - events) / n, (double) events / n, perApp,
            used.byVerbAndResource(), used.failuresByCall(), used.serverSeconds(), serverCpuSeconds,
            (measured.processCpuNanos() - started.cpuNanos()) / 1e9, threadCpu, measured.reconciles(),
            operator.isolated(), mib(baseline.heapAfterGcBytes()), mib(measured.heapAfterGcBytes()),
            mib(steadyProbe.heapAfterGcBytes()), secrets, server.dispatcher().indexMismatches());
        Long steadyReconciles = steadyProbe.reconciles() == null || measured.reconciles() == null ? null
            : steadyProbe.reconciles() - measured.reconciles();
        SteadyResult steadyResult = new SteadyResult((steadyEndedAt - endedAt) / 1000.0,
            steadyReconciles, steady.requests(), steady.writes(), steady.byVerbAndResource());
        return new OperatorRun(result, steadyResult);
      }
    }
  }

  private OperatorUnderTest startOperator(BenchApiServer server) {
    if (settings.forkOperator()) {
      return new ForkedOperator(server.url(), settings.resyncSeconds(), settings.reconcileThreads(),
          settings.operatorJvmOptions(), settings.workDir().resolve(stamp + "-operator.log"));
    }
    OperatorConfig config = OperatorConfig.defaults().withPlatformId(AppMix.PLATFORM_ID)
        .withResyncPeriod(Duration.ofSeconds(settings.resyncSeconds()));
    return new InProcessOperator(server.url(), new OperatorConfig(config.watchNamespaces(), config.platformId(),
        settings.reconcileThreads(), config.resyncPeriod()));
  }

  /** CPU seconds of the operator JVM's thread groups since it started, the biggest first. */
  private static Map<String, Double> topThreadCpu(OperatorProbe measured) {
    Map<String, Double> out = new LinkedHashMap<>();
    measured.threadCpuNanos().entrySet().stream()
        .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
        .limit(8)
        .forEach(e -> out.put(e.getKey(), round(e.getValue() / 1e9, 2)));
    long javaThreads = measured.threadCpuNanos().values().stream().mapToLong(Long::longValue).sum();
    out.put("(GC, JIT and threads that ended)", round((measured.processCpuNanos() - javaThreads) / 1e9, 2));
    return out;
  }

  /** Exactly the accepted confidential and backend-service apps have a Secret: {@code <name>-credentials}. */
  private static SecretsCheck checkSecrets(KubernetesClient driver, List<PlannedApp> apps) {
    Set<String> expected = apps.stream().filter(PlannedApp::hasGeneratedSecret)
        .map(a -> a.app().getMetadata().getNamespace() + "/" + a.app().getMetadata().getName() + "-credentials")
        .collect(Collectors.toCollection(TreeSet::new));
    Set<String> found = new TreeSet<>();
    for (Secret s : driver.secrets().inAnyNamespace().list().getItems()) {
      if (s.getData() != null && s.getData().containsKey("client_id") && s.getData().containsKey("client_secret")) {
        found.add(s.getMetadata().getNamespace() + "/" + s.getMetadata().getName());
      }
    }
    List<String> missing = expected.stream().filter(k -> !found.contains(k)).limit(10).toList();
    List<String> unexpected = found.stream().filter(k -> !expected.contains(k)).limit(10).toList();
    return new SecretsCheck(expected.size(), found.size(), missing, unexpected);
  }

  private static void createNamespaces(KubernetesClient driver, int n) {
    for (int i = 0; i < AppMix.namespaces(n); i++) {
      driver.namespaces().resource(new NamespaceBuilder().withNewMetadata()
          .withName(AppMix.namespace(i * AppMix.APPS_PER_NAMESPACE)).endMetadata().build()).create();
    }
  }

  private static void create(KubernetesClient driver, List<? extends io.fabric8.kubernetes.api.model.HasMetadata> objects)
      throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(CREATE_THREADS);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (var o : objects) {
        done.add(pool.submit(() -> driver.resource(o).create()));
      }
      for (Future<?> f : done) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private static Double mib(Long bytes) {
    return bytes == null ? null : round(bytes / 1048576.0, 1);
  }

  static double round(double value, int digits) {
    double scale = Math.pow(10, digits);
    return Math.round(value * scale) / scale;
  }

  private static String loadAverage() {
    try {
      String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
      return parts[0] + " " + parts[1] + " " + parts[2];
    } catch (IOException | RuntimeException e) {
      return "unknown";
    }
  }
}
