package io.smartoperator.health;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.smartoperator.health.HealthState.Status;
import java.io.IOException;
import java.net.ConnectException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Probes the health URIs of SmartApps and Gateways on their own schedules and reports
 * transitions only.
 *
 * <p>{@link #monitor} and {@link #stop} return at once: probes run on the prober's own threads,
 * never on a caller's. Each target is probed every {@link Target#period()}, its first probe at a
 * random point within the first period, so that starting with thousands of targets causes no
 * storm. At most {@code maxInFlight} probes (default 64) are in flight at once, DNS lookup
 * included; a target whose previous probe has not finished when its next one is due skips that
 * one (counted in {@code smart_operator_health_probes_skipped_total}).
 *
 * <p>A probe is a GET with the JDK {@link HttpClient}: HTTP/1.1, redirects not followed (a 3xx
 * answer counts as healthy), the body read up to a small cap (default 4 KiB) and thrown away,
 * everything within the target's timeout. Before it connects, the probe resolves the host and
 * checks every address against the {@link ProbeTargetPolicy}; a denied target is Unreachable with
 * a message that says so.
 *
 * <p><b>DNS rebinding.</b> A name that resolves to an allowed address when checked and to a denied
 * one when the client connects would slip past a check-then-connect. So a plain-http probe
 * connects to exactly the address that was checked (the request goes to the IP literal, with the
 * original {@code Host} header); the client does no lookup of its own. An https probe connects by
 * name, after the check: a rebound connection could only reach a server that cannot prove it is
 * that name, so the TLS handshake fails before a request is sent. Sending our own {@code Host}
 * header needs the JVM property {@code jdk.httpclient.allowRestrictedHeaders=host} before the
 * first use of {@code java.net.http} in the JVM: call {@link #prepareJvm()} first thing in
 * {@code main} (it also keeps the JDK client from starting a thread per response on small pods),
 * or pass the flags it documents. Without it, a plain-http probe connects by name after the check
 * too (and the prober logs a warning).
 *
 * <p>Verdicts ({@link HealthTracker} has the rules): one success makes a target Healthy, from
 * any state, Unknown included; {@link Target#failureThreshold()} consecutive failures make it
 * Unhealthy (an HTTP answer other than 2xx/3xx) or Unreachable (no answer: DNS, refused, timeout,
 * TLS, denied). Only a change of verdict is a transition; a different message or status code
 * under the same verdict is not.
 *
 * <p>Metrics are described in {@link HealthMetrics}; none carries a URI.
 */
public final class HealthProber implements AutoCloseable {
  public static final int DEFAULT_MAX_IN_FLIGHT = 64;
  public static final int DEFAULT_BODY_CAP = 4096;
  static final String RESTRICTED_HEADERS = "jdk.httpclient.allowRestrictedHeaders";
  static final String COMMON_POOL_PARALLELISM = "java.util.concurrent.ForkJoinPool.common.parallelism";
  static final String USER_AGENT = "smart-operator-health";

  private static final Logger LOG = LoggerFactory.getLogger(HealthProber.class);
  private static final Pattern IPV4_LITERAL = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
  private static final int MAX_MESSAGE = 256;
  private static final boolean PINS_PLAIN_HTTP;
  private static final AtomicBoolean WARNED = new AtomicBoolean();

  static {
    // in case this class is the first to touch java.net.http in the JVM
    prepareJvm();
    PINS_PLAIN_HTTP = hostHeaderAllowed();
  }

  private final HealthMetrics metrics;
  private final ProbeTargetPolicy policy;
  private final HostResolver resolver;
  private final Clock clock;
  private final int bodyCap;
  private final int maxInFlight;
  private final ProbeObserver observer;
  private final Semaphore permits;
  private final ScheduledThreadPoolExecutor scheduler;
  private final ThreadPoolExecutor starters;
  private final ExecutorService completions;
  private final HttpClient client;

  private final Object lifecycle = new Object();
  private final ConcurrentHashMap<String, Monitored> monitored = new ConcurrentHashMap<>();
  private final Queue<Monitored> due = new ConcurrentLinkedQueue<>();
  private final Set<Probe> inFlight = ConcurrentHashMap.newKeySet();
  private final List<HealthListener> listeners = new CopyOnWriteArrayList<>();
  private volatile boolean closed;

  private HealthProber(Builder builder) {
    this.metrics = new HealthMetrics(builder.registry);
    this.policy = builder.policy;
    this.resolver = builder.resolver;
    this.clock = builder.clock;
    this.bodyCap = builder.bodyCap;
    this.maxInFlight = builder.maxInFlight;
    this.observer = builder.observer;
    this.listeners.addAll(builder.listeners);
    this.permits = new Semaphore(builder.maxInFlight);
    this.scheduler = new ScheduledThreadPoolExecutor(1, daemonThreads("health-scheduler"));
    // a cancelled periodic task would otherwise stay in the queue until its next run
    this.scheduler.setRemoveOnCancelPolicy(true);
    // lookups block, so they get threads of their own, bounded; idle ones go away
    int starterThreads = Math.min(builder.maxInFlight, builder.lookupThreads);
    this.starters = new ThreadPoolExecutor(starterThreads, starterThreads, 30, TimeUnit.SECONDS,
        new LinkedBlockingQueue<>(), daemonThreads("health-probe"));
    this.starters.allowCoreThreadTimeOut(true);
    this.completions = Executors.newFixedThreadPool(2, daemonThreads("health-http"));
    HttpClient.Builder http = HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .followRedirects(HttpClient.Redirect.NEVER)
        .executor(completions);
    if (builder.sslContext != null) {
      http.sslContext(builder.sslContext);
    }
    this.client = http.build();
    warnAboutTheJvmOnce();
  }

  private static void warnAboutTheJvmOnce() {
    if (!WARNED.compareAndSet(false, true)) {
      return;
    }
    if (ForkJoinPool.getCommonPoolParallelism() < 2) {
      LOG.warn("the common ForkJoinPool has 1 thread, so the JDK HTTP client starts a thread for each probe's"
          + " response: call HealthProber.prepareJvm() first in main, or pass -D{}=2", COMMON_POOL_PARALLELISM);
    }
    if (!PINS_PLAIN_HTTP) {
      LOG.warn("{} does not include 'host' (java.net.http was used before it was set): plain-http health probes"
          + " connect by name after the address check, which leaves a DNS rebinding window", RESTRICTED_HEADERS);
    }
  }

  /** A prober reporting to {@code registry}; see {@link Builder} for the settings. */
  public static Builder builder(MeterRegistry registry) {
    return new Builder(registry);
  }

  /**
   * Sets two JVM-wide properties the prober depends on, unless they are set already. It only works
   * before anything in the JVM has used {@code java.net.http} or {@link CompletableFuture}: call it
   * first thing in {@code main}, or pass both as {@code -D} flags.
   *
   * <ul>
   *   <li>{@code jdk.httpclient.allowRestrictedHeaders} gets {@code host}, so that plain-http
   *       probes can connect to the checked address with the original Host header.
   *   <li>{@code java.util.concurrent.ForkJoinPool.common.parallelism} becomes at least 2: the JDK
   *       client completes every {@code sendAsync} on {@link CompletableFuture}'s default executor,
   *       which with fewer than 2 common-pool threads (a pod with 1 or 2 CPUs) starts a new thread
   *       for every response, fabric8's requests included.
   * </ul>
   */
  public static void prepareJvm() {
    String value = System.getProperty(RESTRICTED_HEADERS);
    if (value == null || value.isBlank()) {
      System.setProperty(RESTRICTED_HEADERS, "host");
    } else if (Arrays.stream(value.split(",")).map(String::trim).noneMatch("host"::equalsIgnoreCase)) {
      System.setProperty(RESTRICTED_HEADERS, value + ",host");
    }
    if (System.getProperty(COMMON_POOL_PARALLELISM) == null) {
      int parallelism = Math.max(2, Runtime.getRuntime().availableProcessors() - 1);
      System.setProperty(COMMON_POOL_PARALLELISM, String.valueOf(parallelism));
    }
  }

  /** Whether plain-http probes connect to exactly the checked address (see the class comment). */
  public static boolean pinsPlainHttp() {
    return PINS_PLAIN_HTTP;
  }

  private static boolean hostHeaderAllowed() {
    try {
      HttpRequest.newBuilder(URI.create("http://127.0.0.1/")).header("Host", "probe.invalid").build();
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /**
   * Starts monitoring {@code target}, or updates it. The same target again changes nothing. New
   * period, timeout or threshold for the same URI keep the current state and reschedule. A new URI
   * starts over: the state is Unknown again (without a listener call) and the gauge is absent until
   * the first verdict.
   */
  public void monitor(Target target) {
    Objects.requireNonNull(target, "target");
    synchronized (lifecycle) {
      if (closed) {
        throw new IllegalStateException("the health prober is closed");
      }
      Monitored existing = monitored.get(target.key());
      if (existing != null) {
        if (existing.target.equals(target)) {
          return;
        }
        if (existing.target.uri().equals(target.uri())) {
          existing.target = target;
          existing.schedule.cancel(false);
          schedule(existing);
          return;
        }
        retire(existing);
      }
      Monitored fresh = new Monitored(target, HealthState.unknown(clock.instant()));
      monitored.put(target.key(), fresh);
      schedule(fresh);
    }
  }

  /** Stops monitoring the target with this key and removes its gauge; unknown keys are ignored. */
  public void stop(String key) {
    synchronized (lifecycle) {
      Monitored gone = monitored.remove(key);
      if (gone != null) {
        retire(gone);
      }
    }
  }

  /** The keys of the monitored targets. */
  public Set<String> monitored() {
    return Set.copyOf(monitored.keySet());
  }

  /**
   * The state of a monitored target as of its last transition (Unknown before the first verdict);
   * empty when the key is not monitored. Never waits for a probe.
   */
  public Optional<HealthState> current(String key) {
    Monitored m = monitored.get(key);
    return m == null ? Optional.empty() : Optional.of(m.state);
  }

  /** Adds a listener for transitions from now on. */
  public void addListener(HealthListener listener) {
    listeners.add(Objects.requireNonNull(listener, "listener"));
  }

  /** The bound on probes in flight. */
  public int maxInFlight() {
    return maxInFlight;
  }

  /** Stops every target, removes the gauges, cancels probes in flight and ends the prober's threads. */
  @Override
  public void close() {
    synchronized (lifecycle) {
      if (closed) {
        return;
      }
      closed = true;
      monitored.values().forEach(this::retire);
      monitored.clear();
    }
    scheduler.shutdownNow();
    starters.shutdownNow();
    due.clear();
    for (Probe probe : inFlight) {
      CompletableFuture<?> exchange = probe.exchange;
      if (exchange != null) {
        exchange.cancel(true);
      }
    }
    completions.shutdown();
    try {
      if (!completions.awaitTermination(2, TimeUnit.SECONDS)) {
        completions.shutdownNow();
      }
    } catch (InterruptedException e) {
      completions.shutdownNow();
      Thread.currentThread().interrupt();
    }
    // HttpClient is AutoCloseable from Java 21 on; on 17 its selector thread ends once it is unreachable
    if (client instanceof AutoCloseable closeable) {
      try {
        closeable.close();
      } catch (Exception e) {
        LOG.debug("closing the health probe HTTP client", e);
      }
    }
  }

  private void schedule(Monitored m) {
    long period = m.target.period().toNanos();
    long offset = ThreadLocalRandom.current().nextLong(period);
    Ticker ticker = new Ticker(m, System.nanoTime() + offset, period);
    m.schedule = scheduler.scheduleAtFixedRate(ticker, offset, period, TimeUnit.NANOSECONDS);
  }

  private void retire(Monitored m) {
    synchronized (m) {
      m.stopped = true;
      if (m.gauge != null) {
        metrics.remove(m.gauge);
        m.gauge = null;
      }
    }
    if (m.schedule != null) {
      m.schedule.cancel(false);
    }
  }

  /** Starts queued probes while permits last. Called after every enqueue and every release. */
  private void drain() {
    while (!due.isEmpty() && permits.tryAcquire()) {
      Monitored m = due.poll();
      if (m == null) {
        permits.release();
        continue;
      }
      if (m.stopped || closed) {
        permits.release();
        m.busy.set(false);
        continue;
      }
      Probe probe = new Probe(m, m.target, m.dueNanos);
      try {
        starters.execute(probe::begin);
      } catch (RejectedExecutionException e) {
        permits.release();
        m.busy.set(false);
        return;
      }
    }
  }

  private HttpRequest request(Target target) throws IOException {
    URI uri = target.uri();
    String host = bare(uri.getHost());
    List<InetAddress> addresses = resolver.resolve(host);
    if (addresses == null || addresses.isEmpty()) {
      throw new UnknownHostException(host);
    }
    // every address, not just the one used: a name mixing in a denied address is refused outright
    for (InetAddress address : addresses) {
      Optional<String> why = policy.why(address);
      if (why.isPresent()) {
        String shown = address.getHostAddress();
        throw new ProbeDenied(isLiteral(host)
            ? shown + " " + why.get()
            : host + " resolves to " + shown + ", which " + why.get());
      }
    }
    HttpRequest.Builder request = HttpRequest.newBuilder()
        .GET()
        .timeout(target.timeout())
        .header("User-Agent", USER_AGENT);
    if (PINS_PLAIN_HTTP && "http".equalsIgnoreCase(uri.getScheme())) {
      request.uri(pinned(uri, addresses.get(0))).header("Host", uri.getRawAuthority());
    } else {
      request.uri(uri);
    }
    return request.build();
  }

  private static URI pinned(URI uri, InetAddress address) {
    String literal = address instanceof Inet6Address
        ? "[" + address.getHostAddress().replace("%", "%25") + "]"
        : address.getHostAddress();
    int port = uri.getPort() == -1 ? 80 : uri.getPort();
    String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
    String query = uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery();
    return URI.create("http://" + literal + ":" + port + path + query);
  }

  private static String bare(String host) {
    return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
  }

  private static boolean isLiteral(String host) {
    return host.indexOf(':') >= 0 || IPV4_LITERAL.matcher(host).matches();
  }

  /** What a failed probe says; names the host at most, never the path or query. */
  static ProbeResult failure(Throwable error, Target target, Integer statusCode) {
    Throwable cause = error;
    while (cause instanceof java.util.concurrent.CompletionException
        || cause instanceof java.util.concurrent.ExecutionException) {
      if (cause.getCause() == null) {
        break;
      }
      cause = cause.getCause();
    }
    String host = bare(target.uri().getHost());
    if (cause instanceof ProbeDenied) {
      return ProbeResult.failed(ProbeOutcome.DENIED, "denied by policy: " + cause.getMessage(), null);
    }
    UnknownHostException unknown = find(cause, UnknownHostException.class);
    if (unknown != null) {
      String detail = String.valueOf(unknown.getMessage());
      return ProbeResult.failed(ProbeOutcome.DNS, detail.contains("Temporary failure")
          ? "DNS: lookup of " + host + " failed temporarily"
          : "DNS: no such host " + host, null);
    }
    if (find(cause, HttpTimeoutException.class) != null || find(cause, TimeoutException.class) != null) {
      String message = "timed out after " + describe(target.timeout())
          + (statusCode == null ? "" : " reading the body of HTTP " + statusCode);
      return ProbeResult.failed(ProbeOutcome.TIMEOUT, message, statusCode);
    }
    SSLException tls = find(cause, SSLException.class);
    if (tls != null) {
      return ProbeResult.failed(ProbeOutcome.TLS, shorten("TLS: " + deepestMessage(tls)), null);
    }
    ConnectException connect = find(cause, ConnectException.class);
    if (connect != null) {
      String detail = deepestMessage(connect);
      // the JDK client reports a refusal as a ConnectException without a message
      return ProbeResult.failed(ProbeOutcome.REFUSED,
          detail == null || detail.toLowerCase(java.util.Locale.ROOT).contains("refused")
              ? "connection refused" : shorten("connection failed: " + detail), null);
    }
    IOException io = find(cause, IOException.class);
    if (io != null) {
      String detail = deepestMessage(io);
      return ProbeResult.failed(ProbeOutcome.ERROR,
          shorten("I/O error: " + (detail == null ? io.getClass().getSimpleName() : detail)), statusCode);
    }
    if (cause instanceof java.util.concurrent.CancellationException) {
      return ProbeResult.failed(ProbeOutcome.ERROR, "probe cancelled", statusCode); // by stop() or close()
    }
    LOG.warn("health probe of {} failed unexpectedly", target.key(), cause);
    return ProbeResult.failed(ProbeOutcome.ERROR, "probe failed: " + cause.getClass().getSimpleName(), statusCode);
  }

  private static <T extends Throwable> T find(Throwable error, Class<T> type) {
    for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (type.isInstance(t)) {
        return type.cast(t);
      }
    }
    return null;
  }

  private static String deepestMessage(Throwable error) {
    String message = null;
    for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t.getMessage() != null && !t.getMessage().isBlank()) {
        message = t.getMessage();
      }
    }
    return message;
  }

  private static String shorten(String message) {
    return message.length() <= MAX_MESSAGE ? message : message.substring(0, MAX_MESSAGE - 3) + "...";
  }

  static String describe(Duration duration) {
    long millis = duration.toMillis();
    return millis % 1000 == 0 ? millis / 1000 + "s" : millis + "ms";
  }

  private static ThreadFactory daemonThreads(String prefix) {
    AtomicInteger count = new AtomicInteger();
    return runnable -> {
      Thread thread = new Thread(runnable, prefix + "-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }

  /** A monitored target and what the prober knows about it. */
  private final class Monitored {
    volatile Target target;
    volatile HealthState state;
    final HealthTracker tracker;
    final AtomicBoolean busy = new AtomicBoolean();
    volatile boolean stopped;
    volatile long dueNanos;
    volatile double healthy = Double.NaN;
    ScheduledFuture<?> schedule;
    Gauge gauge; // guarded by this

    Monitored(Target target, HealthState initial) {
      this.target = target;
      this.state = initial;
      this.tracker = new HealthTracker(initial);
    }
  }

  /** Puts a target in the queue at each period, unless its previous probe is still going. */
  private final class Ticker implements Runnable {
    private final Monitored m;
    private final long period;
    private long next;

    Ticker(Monitored m, long firstDue, long period) {
      this.m = m;
      this.next = firstDue;
      this.period = period;
    }

    @Override
    public void run() {
      try {
        long dueAt = next;
        next += period;
        if (m.stopped) {
          return;
        }
        if (!m.busy.compareAndSet(false, true)) {
          metrics.skipped(m.target.kind());
          return;
        }
        m.dueNanos = dueAt;
        due.add(m);
        drain();
      } catch (RuntimeException e) {
        // a periodic task that throws is never run again
        LOG.warn("scheduling a health probe of {} failed", m.target.key(), e);
      }
    }
  }

  /** One probe of one target, holding a permit from start to finish. */
  private final class Probe {
    final Monitored m;
    final Target target;
    final long dueNanos;
    long startNanos;
    volatile Integer statusCode;
    volatile CompletableFuture<?> exchange;

    Probe(Monitored m, Target target, long dueNanos) {
      this.m = m;
      this.target = target;
      this.dueNanos = dueNanos;
    }

    void begin() {
      startNanos = System.nanoTime();
      metrics.started(target.kind(), startNanos - dueNanos);
      inFlight.add(this);
      CompletableFuture<HttpResponse<Long>> sent;
      try {
        sent = client.sendAsync(request(target), info -> {
          statusCode = info.statusCode();
          return new CappedBodyDiscard(bodyCap);
        });
      } catch (Exception | LinkageError e) {
        finish(null, e);
        return;
      }
      exchange = sent;
      // the JDK client's own timeout ends with the response headers; this one covers the body too
      sent.copy()
          .orTimeout(target.timeout().toNanos(), TimeUnit.NANOSECONDS)
          .whenCompleteAsync((response, error) -> {
            if (error != null) {
              sent.cancel(true);
            }
            finish(response, error);
          }, completions);
    }

    void finish(HttpResponse<Long> response, Throwable error) {
      inFlight.remove(this);
      long duration = System.nanoTime() - startNanos;
      ProbeResult result;
      try {
        result = error == null
            ? ProbeResult.answered(response.statusCode(), response.body() == null ? 0 : response.body())
            : failure(error, target, statusCode);
      } catch (RuntimeException e) {
        result = ProbeResult.failed(ProbeOutcome.ERROR, "probe failed: " + e.getClass().getSimpleName(), null);
      }
      metrics.probed(target.kind(), result.outcome(), duration);
      observer.observed(target, result, startNanos - dueNanos, duration);
      HealthState transition = null;
      Target now;
      synchronized (m) {
        now = m.target;
        if (!m.stopped) {
          transition = m.tracker.record(result, now.failureThreshold(), clock.instant()).orElse(null);
          if (transition != null) {
            m.state = transition;
            m.healthy = transition.status() == Status.HEALTHY ? 1 : 0;
            if (m.gauge == null) {
              m.gauge = metrics.healthGauge(now, () -> m.healthy);
            }
          }
        }
      }
      permits.release();
      drain();
      if (transition != null) {
        metrics.transitioned(now.kind(), transition.status());
        LOG.info("{} is {}: {}", now.key(), transition.reason(), transition.message());
        for (HealthListener listener : listeners) {
          try {
            listener.onTransition(now, transition);
          } catch (RuntimeException e) {
            LOG.warn("a health listener failed on {}", now.key(), e);
          }
        }
      }
      // only now may the next probe of this target start, so its listener calls come in order
      m.busy.set(false);
    }
  }

  /** A probe refused by the {@link ProbeTargetPolicy}. */
  static final class ProbeDenied extends IOException {
    ProbeDenied(String message) {
      super(message);
    }
  }

  /** Sees every probe; for tests and the benchmark. */
  @FunctionalInterface
  interface ProbeObserver {
    ProbeObserver NONE = (target, result, latenessNanos, durationNanos) -> { };

    void observed(Target target, ProbeResult result, long latenessNanos, long durationNanos);
  }

  /** Settings of a {@link HealthProber}; every one has a default. */
  public static final class Builder {
    private final MeterRegistry registry;
    private int maxInFlight = DEFAULT_MAX_IN_FLIGHT;
    private int lookupThreads = 16;
    private int bodyCap = DEFAULT_BODY_CAP;
    private ProbeTargetPolicy policy = ProbeTargetPolicy.defaults();
    private HostResolver resolver = HostResolver.system();
    private Clock clock = Clock.systemUTC();
    private SSLContext sslContext;
    private ProbeObserver observer = ProbeObserver.NONE;
    private final List<HealthListener> listeners = new ArrayList<>();

    private Builder(MeterRegistry registry) {
      this.registry = Objects.requireNonNull(registry, "registry");
    }

    /** Probes in flight at most, DNS lookup included; default 64. */
    public Builder maxInFlight(int maxInFlight) {
      if (maxInFlight < 1) {
        throw new IllegalArgumentException("maxInFlight must be at least 1");
      }
      this.maxInFlight = maxInFlight;
      return this;
    }

    /** Threads that may wait on DNS at once (never more than maxInFlight); default 16. */
    public Builder lookupThreads(int lookupThreads) {
      if (lookupThreads < 1) {
        throw new IllegalArgumentException("lookupThreads must be at least 1");
      }
      this.lookupThreads = lookupThreads;
      return this;
    }

    /** Response body bytes read at most before the rest is dropped; default 4096. */
    public Builder bodyCap(int bodyCap) {
      if (bodyCap < 1) {
        throw new IllegalArgumentException("bodyCap must be at least 1");
      }
      this.bodyCap = bodyCap;
      return this;
    }

    /** Where probes may not go; default {@link ProbeTargetPolicy#defaults()}. */
    public Builder policy(ProbeTargetPolicy policy) {
      this.policy = Objects.requireNonNull(policy, "policy");
      return this;
    }

    /** How hosts become addresses; default {@link HostResolver#system()}. */
    public Builder resolver(HostResolver resolver) {
      this.resolver = Objects.requireNonNull(resolver, "resolver");
      return this;
    }

    /** The clock of transition times; default UTC system time. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** Trust for https probes; default the JVM's default trust store. */
    public Builder sslContext(SSLContext sslContext) {
      this.sslContext = Objects.requireNonNull(sslContext, "sslContext");
      return this;
    }

    /** A listener for transitions; more can be added later with {@link HealthProber#addListener}. */
    public Builder listener(HealthListener listener) {
      this.listeners.add(Objects.requireNonNull(listener, "listener"));
      return this;
    }

    Builder observer(ProbeObserver observer) {
      this.observer = Objects.requireNonNull(observer, "observer");
      return this;
    }

    public HealthProber build() {
      return new HealthProber(this);
    }
  }
}
