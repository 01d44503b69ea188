package io.smartoperator.bench;

import com.fasterxml.jackson.databind.SerializationFeature;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.smartoperator.bench.ConvergenceBenchmark.Result;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** Where a run's figures go: {@code bench/results/<date>-<N>.json} and a row of bench/README.md. */
final class ResultsFiles {
  /** The row is inserted above this line, so that the table stays in the convergence section. */
  static final String ROWS_END = "<!-- convergence rows end: bench/run appends above this line -->";

  private ResultsFiles() {}

  static Path writeJson(Path benchDir, Result result) throws IOException {
    Path dir = benchDir.resolve("results");
    Files.createDirectories(dir);
    String base = result.date() + "-" + result.n();
    Path file = dir.resolve(base + ".json");
    for (int i = 2; Files.exists(file); i++) {
      file = dir.resolve(base + "-" + i + ".json");
    }
    String json = Serialization.jsonMapper().copy().enable(SerializationFeature.INDENT_OUTPUT)
        .writeValueAsString(result);
    Files.writeString(file, json + "\n", StandardCharsets.UTF_8);
    return file;
  }

  static void appendReadmeRow(Path readme, Result result) throws IOException {
    if (!Files.exists(readme)) {
      System.err.println("no " + readme + ": row not appended");
      return;
    }
    String text = Files.readString(readme, StandardCharsets.UTF_8);
    int at = text.indexOf(ROWS_END);
    if (at < 0) {
      System.err.println(readme + " has no line " + ROWS_END + ": row not appended");
      return;
    }
    Files.writeString(readme, text.substring(0, at) + row(result) + "\n" + text.substring(at), StandardCharsets.UTF_8);
  }

  /** One table row; the header is in bench/README.md. */
  static String row(Result r) {
    var op = r.operator();
    var floor = r.floor();
    var steady = r.steadyState();
    return String.format(Locale.ROOT,
        "| %s | %s | %s | %d | %s → %s | %,d | %s | %s%s | %s | %.2f | %.2f | %s | %.2f | %s | %d (%s reconciles) | %s | %.1f | %.1f / %s |",
        r.date(), r.machine().operatorCommit(), r.serverLookup(), r.machine().cores(),
        first(r.machine().loadAverageAtStart()), first(r.machine().loadAverageAtEnd()), r.n(),
        floor == null ? "-" : String.format(Locale.ROOT, "%.1f", floor.seconds()),
        String.format(Locale.ROOT, "%.1f", op.seconds()), op.converged() ? "" : " (not converged)",
        r.ratios().convergenceVsFloor() == null ? "-" : String.format(Locale.ROOT, "%.2f×", r.ratios().convergenceVsFloor()),
        op.writesPerApp(), op.writesPerAppWithoutEvents(),
        floor == null ? "-" : String.format(Locale.ROOT, "%.2f", floor.writesPerApp()),
        op.eventsPerApp(),
        r.ratios().writesPerAppVsFloor() == null ? "-" : String.format(Locale.ROOT, "%.2f×", r.ratios().writesPerAppVsFloor()),
        steady.writes(), steady.reconciles() == null ? "?" : String.format(Locale.ROOT, "%,d", steady.reconciles()),
        op.heapAfterGcMiB() == null ? "-" : String.format(Locale.ROOT, "%.0f", op.heapAfterGcMiB()),
        op.operatorCpuSeconds(), op.serverCpuSeconds(),
        floor == null ? "-" : String.format(Locale.ROOT, "%.1f", floor.serverCpuSeconds()));
  }

  private static String first(String loadAverage) {
    return loadAverage.split(" ")[0];
  }

  static String summary(Result r) {
    var op = r.operator();
    StringBuilder s = new StringBuilder();
    s.append(String.format(Locale.ROOT, "N=%d, %d cores, load %s -> %s%n", r.n(), r.machine().cores(),
        r.machine().loadAverageAtStart(), r.machine().loadAverageAtEnd()));
    if (r.floor() != null) {
      s.append(String.format(Locale.ROOT, "floor:    %.1f s, %d writes (%.2f per app), requests %s%n",
          r.floor().seconds(), r.floor().writes(), r.floor().writesPerApp(), r.floor().requestsByCall()));
    }
    s.append(String.format(Locale.ROOT,
        "operator: %s in %.1f s (start %.1f s), %d/%d final, %d regressions; %d writes (%.2f per app, %.2f without %d Events)%n",
        op.converged() ? "converged" : "NOT converged", op.seconds(), op.startSeconds(), op.finalApps(), r.n(),
        op.regressions(), op.writes(), op.writesPerApp(), op.writesPerAppWithoutEvents(), op.eventWrites()));
    s.append("          requests ").append(op.requestsByCall()).append('\n');
    if (!op.failures().isEmpty()) {
      s.append("          failures ").append(op.failures()).append('\n');
    }
    if (!op.converged()) {
      s.append("          not final: ").append(op.notFinal()).append('\n');
    }
    s.append(String.format(Locale.ROOT, "          CPU %.1f s operator, %.1f s server; heap after GC %s MiB (baseline %s); reconciles %s; secrets %s%n",
        op.operatorCpuSeconds(), op.serverCpuSeconds(), op.heapAfterGcMiB(), op.heapBaselineMiB(), op.reconciles(),
        op.secrets().ok() ? "ok (" + op.secrets().found() + ")" : op.secrets()));
    s.append(String.format(Locale.ROOT, "steady:   %.0f s, %s reconciles, %d requests, %d writes %s%n",
        r.steadyState().seconds(), r.steadyState().reconciles(), r.steadyState().requests(), r.steadyState().writes(),
        r.steadyState().requestsByCall()));
    s.append("ratios:   ").append(r.ratios());
    return s.toString();
  }
}
