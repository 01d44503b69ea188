package io.smartoperator.runtime;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code smart-operator dev}: the operator on an in-memory API server, for kubectl to play with. */
@Command(name = "dev", mixinStandardHelpOptions = true,
    description = {
        "Run the operator on an embedded, in-memory Kubernetes API server (fabric8's mock), apply the "
            + "examples, and print the apps' and gateways' conditions as they change.",
        "kubectl works against it through the kubeconfig printed at start: "
            + UnsupportedRequests.KUBECTL_WORKS + ". Not: " + UnsupportedRequests.KUBECTL_FAILS + "."})
public final class DevCommand implements Callable<Integer> {
  private static final Logger log = LoggerFactory.getLogger(DevCommand.class);
  static final Path DEFAULT_APPLY_DIRECTORY = Path.of("examples");

  @Option(names = "--port", defaultValue = "0", paramLabel = "N",
      description = "Port of the API server on 127.0.0.1; 0 (default) picks a free one.")
  int port;

  @Option(names = "--kubeconfig", paramLabel = "PATH",
      description = "Where to write the kubeconfig for kubectl; default a temporary file, deleted at exit. "
          + "An existing file is overwritten only if it is a dev mode kubeconfig.")
  Path kubeconfig;

  @Option(names = "--apply", paramLabel = "DIR",
      description = "Directory whose .yaml/.yml files are applied at start, in file-name order; "
          + "default ./examples when it exists.")
  Path applyDirectory;

  @Option(names = "--no-table", negatable = false,
      description = "Do not print the conditions table (for scripts and CI).")
  boolean noTable;

  @Option(names = "--table-interval", defaultValue = "2s", paramLabel = "DURATION",
      converter = DurationConverter.class,
      description = "How often the table is refreshed; it is printed only when it changed. Default ${DEFAULT-VALUE}.")
  Duration tableInterval;

  @Option(names = "--exit-after", paramLabel = "DURATION", converter = DurationConverter.class,
      description = "Stop by itself after this long, e.g. 30s, 5m or PT1M (smoke tests, CI).")
  Duration exitAfter;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    Path apply = applyDirectory;
    if (apply == null && Files.isDirectory(DEFAULT_APPLY_DIRECTORY)) {
      apply = DEFAULT_APPLY_DIRECTORY;
    }
    DevMode.Options options = DevMode.Options.defaults()
        .withPort(port)
        .withKubeconfig(kubeconfig)
        .withApplyDirectory(apply);
    CountDownLatch stop = new CountDownLatch(1);
    DevMode started;
    try {
      started = DevMode.start(options);
    } catch (IOException | IllegalStateException e) {
      spec.commandLine().getErr().println("dev mode did not start: " + e.getMessage());
      return 1;
    }
    try (DevMode dev = started;
        StopSignals signals = StopSignals.install(stop::countDown)) {
      printBanner(out, dev, apply);
      ScheduledExecutorService table = noTable ? null : startTable(out, dev);
      try {
        if (exitAfter == null) {
          stop.await();
        } else if (!stop.await(exitAfter.toMillis(), TimeUnit.MILLISECONDS)) {
          out.println("dev mode: --exit-after " + exitAfter + " reached, stopping.");
        }
      } finally {
        if (table != null) {
          table.shutdownNow();
          table.awaitTermination(5, TimeUnit.SECONDS);
        }
      }
      out.println("dev mode: stopping the operator and the API server.");
      out.flush();
    }
    return 0;
  }

  private void printBanner(PrintWriter out, DevMode dev, Path apply) {
    String kubeconfigArgument = shellQuote(dev.kubeconfigPath().toString());
    out.println("smart-operator dev mode: the operator on an in-memory Kubernetes API server "
        + "(nothing is kept after it stops).");
    out.println("  API server  " + dev.url());
    out.println("  kubeconfig  " + dev.kubeconfigPath());
    if (apply == null) {
      out.println("  applied     nothing (no ./examples here; use --apply DIR)");
    } else {
      out.println("  applied     " + apply + ": " + dev.applied().size() + " objects");
      dev.applied().forEach(a -> out.println("                " + a));
      dev.skipped().forEach(s -> out.println("  skipped     " + s));
    }
    out.println();
    out.println("Try:");
    out.println("  kubectl --kubeconfig " + kubeconfigArgument + " get smartapps -A");
    out.println("  export KUBECONFIG=" + kubeconfigArgument + "; kubectl get smart -A");
    out.println("kubectl works here with: " + UnsupportedRequests.KUBECTL_WORKS + ".");
    out.println("It does not with: " + UnsupportedRequests.KUBECTL_FAILS + ".");
    out.println("Ctrl-C stops dev mode.");
    out.println();
    out.flush();
  }

  private ScheduledExecutorService startTable(PrintWriter out, DevMode dev) {
    ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread thread = new Thread(r, "dev-status-table");
      thread.setDaemon(true);
      return thread;
    });
    String[] last = {null};
    scheduler.scheduleWithFixedDelay(() -> {
      try {
        String table = dev.statusTable();
        if (!table.equals(last[0])) {
          last[0] = table;
          out.println("--- " + LocalTime.now().truncatedTo(ChronoUnit.SECONDS) + " ---");
          out.print(table);
          out.flush();
        }
      } catch (RuntimeException e) {
        log.debug("status table not refreshed: {}", e.getMessage());
      }
    }, 0, Math.max(100, tableInterval.toMillis()), TimeUnit.MILLISECONDS);
    return scheduler;
  }

  static String shellQuote(String value) {
    return value.matches("[A-Za-z0-9_./:@%+=,-]+") ? value : "'" + value.replace("'", "'\\''") + "'";
  }

  /** A duration as 500ms, 30s, 5m, 1h or ISO-8601 (PT30S). */
  static final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
    private static final Pattern SHORT = Pattern.compile("(\\d+)(ms|s|m|h)");

    @Override
    public Duration convert(String value) {
      Matcher m = SHORT.matcher(value.trim().toLowerCase(Locale.ROOT));
      if (m.matches()) {
        long amount = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
          case "ms" -> Duration.ofMillis(amount);
          case "s" -> Duration.ofSeconds(amount);
          case "m" -> Duration.ofMinutes(amount);
          default -> Duration.ofHours(amount);
        };
      }
      try {
        return Duration.parse(value.trim().toUpperCase(Locale.ROOT));
      } catch (RuntimeException e) {
        throw new CommandLine.TypeConversionException(
            "'" + value + "' is not a duration; use e.g. 500ms, 30s, 5m, 1h or PT30S");
      }
    }
  }

  /**
   * SIGINT and SIGTERM end dev mode through {@code onStop}, so that it stops the operator and the
   * server and exits 0 instead of being torn down by the JVM's exit. The previous handlers come
   * back on close, which matters when dev mode runs inside a test's JVM.
   */
  static final class StopSignals implements AutoCloseable {
    private final List<Restorable> restore = new ArrayList<>();

    private record Restorable(sun.misc.Signal signal, sun.misc.SignalHandler previous) {}

    static StopSignals install(Runnable onStop) {
      StopSignals signals = new StopSignals();
      for (String name : List.of("INT", "TERM")) {
        try {
          sun.misc.Signal signal = new sun.misc.Signal(name);
          signals.restore.add(new Restorable(signal, sun.misc.Signal.handle(signal, s -> onStop.run())));
        } catch (IllegalArgumentException | UnsupportedOperationException e) {
          log.debug("cannot handle SIG{}: {}; the JVM's default applies", name, e.getMessage());
        }
      }
      return signals;
    }

    @Override
    public void close() {
      for (Restorable r : restore) {
        sun.misc.Signal.handle(r.signal(), r.previous());
      }
    }
  }
}
