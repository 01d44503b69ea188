package io.smartoperator.health;

import com.sun.management.OperatingSystemMXBean;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.smartoperator.health.Target.Kind;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * The health prober at scale; a benchmark, not a test (run it with {@code bench/health/run}).
 *
 * <p>Monitors {@code --apps} targets (default 10,000) with a {@code --period} (default 30 s)
 * against an HTTP server in a second JVM, so that this process's CPU and heap are the prober's
 * alone. The first period is warm-up (every target gets its jittered first probe and its
 * Unknown-to-Healthy transition); the next {@code --periods} (default 3) are measured: probes per
 * second achieved against scheduled, lateness of probe starts, process CPU, heap after GC, and
 * transitions per minute, each of which a reconciler would turn into a status write (target 0).
 */
public final class HealthBench {

  public static void main(String[] args) throws Exception {
    // as the operator's main does, before anything uses java.net.http or CompletableFuture
    HealthProber.prepareJvm();
    if (args.length > 0 && args[0].equals("server")) {
      serve();
      return;
    }
    int apps = intArg(args, "--apps", 10_000);
    int periodSeconds = intArg(args, "--period", 30);
    int periods = intArg(args, "--periods", 3);
    int maxInFlight = intArg(args, "--max-in-flight", HealthProber.DEFAULT_MAX_IN_FLIGHT);
    new HealthBench().run(apps, Duration.ofSeconds(periodSeconds), periods, maxInFlight);
  }

  private void run(int apps, Duration period, int periods, int maxInFlight) throws Exception {
    Process server = startServer();
    try {
      int port = readPort(server);
      measure(apps, period, periods, maxInFlight, port);
    } finally {
      server.destroy();
    }
  }

  private void measure(int apps, Duration period, int periods, int maxInFlight, int port) throws Exception {
    OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    long heapBefore = heapAfterGc();
    Window window = new Window(apps * (periods + 1) * 2);
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    HealthProber prober = HealthProber.builder(registry)
        .maxInFlight(maxInFlight)
        .listener((target, state) -> window.transition())
        .observer((target, result, lateness, duration) -> window.probe(result.outcome(), lateness))
        .build();
    long started = System.nanoTime();
    for (int i = 0; i < apps; i++) {
      prober.monitor(new Target(Kind.APP, "bench-" + (i % 100), "app-" + i,
          URI.create("http://127.0.0.1:" + port + "/healthz/" + i), period, Target.DEFAULT_TIMEOUT,
          Target.DEFAULT_FAILURE_THRESHOLD));
    }
    long monitorMillis = (System.nanoTime() - started) / 1_000_000;
    int warmupTransitions;
    // warm-up: the jittered first probes and their Unknown -> Healthy transitions
    Thread.sleep(period.plusSeconds(5).toMillis());
    warmupTransitions = window.transitions.get();
    double skippedBefore = registry.get(HealthMetrics.SKIPPED).tags("kind", "app").counter().count();

    window.open();
    long cpuStart = os.getProcessCpuTime();
    long windowStart = System.nanoTime();
    Thread.sleep(period.multipliedBy(periods).toMillis());
    long cpuEnd = os.getProcessCpuTime();
    double seconds = (System.nanoTime() - windowStart) / 1e9;
    window.close();

    double skipped = registry.get(HealthMetrics.SKIPPED).tags("kind", "app").counter().count() - skippedBefore;
    long heapAfter = heapAfterGc();
    int threads = (int) Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().startsWith("health-") || t.getName().startsWith("HttpClient-")).count();
    prober.close();

    double scheduled = apps / (double) period.toSeconds();
    long[] lateness = window.lateness();
    double cpuSeconds = (cpuEnd - cpuStart) / 1e9;
    int transitions = window.transitionsInWindow.get();
    System.out.printf("health bench %s: %d cores, load average %.1f at the end, java %s%n",
        LocalDate.now(), Runtime.getRuntime().availableProcessors(), os.getSystemLoadAverage(),
        System.getProperty("java.version"));
    System.out.printf("apps %d, period %ds, max in flight %d, measured %.0fs (%d periods after a warm-up period)%n",
        apps, period.toSeconds(), maxInFlight, seconds, periods);
    System.out.printf("monitor() of all apps: %d ms; warm-up transitions (Unknown -> Healthy): %d%n",
        monitorMillis, warmupTransitions);
    System.out.printf("probes/s: %.1f achieved, %.1f scheduled (%.1f%%); outcomes %s; skipped %.0f%n",
        window.probes.sum() / seconds, scheduled, 100 * window.probes.sum() / seconds / scheduled,
        window.outcomes(), skipped);
    System.out.printf("probe start lateness: p50 %.1f ms, p99 %.1f ms, max %.1f ms (%d probes)%n",
        percentile(lateness, 0.50), percentile(lateness, 0.99), percentile(lateness, 1.0), lateness.length);
    System.out.printf("process CPU: %.1f s in %.0f s (%.1f%% of one core, %.2f ms per probe)%n",
        cpuSeconds, seconds, 100 * cpuSeconds / seconds, 1000 * cpuSeconds / Math.max(1, window.probes.sum()));
    System.out.printf("heap after GC: %.1f MiB monitoring, %.1f MiB before (%.1f KiB per app); prober and client threads %d%n",
        heapAfter / 1048576.0, heapBefore / 1048576.0, (heapAfter - heapBefore) / 1024.0 / apps, threads);
    System.out.printf("transitions (status writes) per minute at steady state: %.1f%n", transitions / (seconds / 60));
    System.out.printf("%n| %s | %d | %d | %ds | %.1f / %.1f | %.1f ms | %.1f s / %.0f s (%.1f%%) | %.0f MiB | %.1f |%n",
        LocalDate.now(), Runtime.getRuntime().availableProcessors(), apps, period.toSeconds(),
        window.probes.sum() / seconds, scheduled, percentile(lateness, 0.99), cpuSeconds, seconds,
        100 * cpuSeconds / seconds, heapAfter / 1048576.0, transitions / (seconds / 60));
  }

  /** What happens while the measurement window is open. */
  private static final class Window {
    private volatile boolean open;
    private final long[] lateness;
    private final AtomicInteger next = new AtomicInteger();
    final LongAdder probes = new LongAdder();
    final AtomicInteger transitions = new AtomicInteger();
    final AtomicInteger transitionsInWindow = new AtomicInteger();
    private final Map<ProbeOutcome, LongAdder> outcomes = new EnumMap<>(ProbeOutcome.class);

    Window(int capacity) {
      lateness = new long[capacity];
      for (ProbeOutcome outcome : ProbeOutcome.values()) {
        outcomes.put(outcome, new LongAdder());
      }
    }

    void open() {
      open = true;
    }

    void close() {
      open = false;
    }

    void probe(ProbeOutcome outcome, long latenessNanos) {
      if (!open) {
        return;
      }
      probes.increment();
      outcomes.get(outcome).increment();
      int i = next.getAndIncrement();
      if (i < lateness.length) {
        lateness[i] = latenessNanos;
      }
    }

    void transition() {
      transitions.incrementAndGet();
      if (open) {
        transitionsInWindow.incrementAndGet();
      }
    }

    long[] lateness() {
      long[] taken = Arrays.copyOf(lateness, Math.min(next.get(), lateness.length));
      Arrays.sort(taken);
      return taken;
    }

    String outcomes() {
      StringBuilder out = new StringBuilder();
      outcomes.forEach((outcome, count) -> {
        if (count.sum() > 0) {
          out.append(out.length() == 0 ? "" : ", ").append(outcome.tag()).append(' ').append(count.sum());
        }
      });
      return out.toString();
    }
  }

  private static double percentile(long[] sorted, double p) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    int index = (int) Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1);
    return sorted[Math.max(0, index)] / 1e6;
  }

  private static long heapAfterGc() throws InterruptedException {
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(200);
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  /** The server runs in its own JVM, so that the prober's CPU and heap are measured alone. */
  private static Process startServer() throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    return new ProcessBuilder(java, "-Xmx256m", "-Dsun.net.httpserver.nodelay=true",
        "-cp", System.getProperty("java.class.path"), HealthBench.class.getName(), "server")
        .redirectError(ProcessBuilder.Redirect.INHERIT)
        .start();
  }

  private static int readPort(Process server) throws IOException {
    BufferedReader lines = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
    String line = lines.readLine();
    if (line == null || !line.startsWith("port ")) {
      throw new IOException("the bench server did not start: " + line);
    }
    return Integer.parseInt(line.substring(5).trim());
  }

  /** Answers every GET with 200 and a short body until its parent goes away. */
  private static void serve() throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1024);
    server.setExecutor(Executors.newFixedThreadPool(8));
    byte[] body = "{\"status\":\"UP\"}".getBytes(StandardCharsets.UTF_8);
    server.createContext("/", exchange -> {
      exchange.getRequestBody().readAllBytes();
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    server.start();
    System.out.println("port " + server.getAddress().getPort());
    System.out.flush();
    // the parent holds our stdin: when it ends, so do we
    while (System.in.read() >= 0) {
      // nothing to read; just wait for end of input
    }
    server.stop(0);
    System.exit(0);
  }

  private static int intArg(String[] args, String name, int fallback) {
    for (int i = 0; i < args.length - 1; i++) {
      if (args[i].equals(name)) {
        return Integer.parseInt(args[i + 1]);
      }
    }
    return fallback;
  }
}
