package io.smartoperator.bench;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Predicate;

/** Requests the API server answered, by {@link ApiCall}: how many, how many failed, and server time. */
final class RequestCounts {
  /** One kind of call: totals and the status codes that were not 2xx. */
  record Tally(long requests, long serverNanos, Map<Integer, Long> failures) {
    Tally minus(Tally before) {
      Map<Integer, Long> failed = new TreeMap<>(failures);
      before.failures.forEach((code, n) -> failed.merge(code, -n, Long::sum));
      failed.values().removeIf(n -> n == 0);
      return new Tally(requests - before.requests, serverNanos - before.serverNanos, failed);
    }
  }

  /** An immutable view at one moment; subtract two to get what happened in between. */
  record Snapshot(Map<ApiCall, Tally> byCall) {
    static final Snapshot EMPTY = new Snapshot(Map.of());
    private static final Tally ZERO = new Tally(0, 0, Map.of());

    Snapshot minus(Snapshot before) {
      Map<ApiCall, Tally> out = new ConcurrentHashMap<>();
      byCall.forEach((call, tally) -> {
        Tally d = tally.minus(before.byCall.getOrDefault(call, ZERO));
        if (d.requests() != 0) {
          out.put(call, d);
        }
      });
      return new Snapshot(Map.copyOf(out));
    }

    Snapshot of(String client) {
      return where(c -> c.client().equals(client));
    }

    Snapshot where(Predicate<ApiCall> filter) {
      Map<ApiCall, Tally> out = new java.util.HashMap<>();
      byCall.forEach((call, tally) -> {
        if (filter.test(call)) {
          out.put(call, tally);
        }
      });
      return new Snapshot(Map.copyOf(out));
    }

    long requests() {
      return byCall.values().stream().mapToLong(Tally::requests).sum();
    }

    long writes() {
      return where(ApiCall::isWrite).requests();
    }

    long failures(int code) {
      return byCall.values().stream().mapToLong(t -> t.failures().getOrDefault(code, 0L)).sum();
    }

    double serverSeconds() {
      return byCall.values().stream().mapToLong(Tally::serverNanos).sum() / 1e9;
    }

    /** "verb resource" → requests, sorted, for reports. */
    Map<String, Long> byVerbAndResource() {
      Map<String, Long> out = new TreeMap<>();
      byCall.forEach((call, tally) -> out.merge(call.verb() + " " + call.resource(), tally.requests(), Long::sum));
      return out;
    }

    Map<String, Long> byVerb() {
      Map<String, Long> out = new TreeMap<>();
      byCall.forEach((call, tally) -> out.merge(call.verb(), tally.requests(), Long::sum));
      return out;
    }

    /** Non-2xx answers as "code verb resource" → count. */
    Map<String, Long> failuresByCall() {
      Map<String, Long> out = new TreeMap<>();
      byCall.forEach((call, tally) -> tally.failures().forEach(
          (code, n) -> out.merge(code + " " + call.verb() + " " + call.resource(), n, Long::sum)));
      return out;
    }
  }

  private static final class Counter {
    final LongAdder requests = new LongAdder();
    final LongAdder nanos = new LongAdder();
    final Map<Integer, LongAdder> failures = new ConcurrentHashMap<>();
  }

  private final Map<ApiCall, Counter> counters = new ConcurrentHashMap<>();

  void record(ApiCall call, int code, long serverNanos) {
    Counter c = counters.computeIfAbsent(call, k -> new Counter());
    c.requests.increment();
    c.nanos.add(serverNanos);
    if (code >= 300) {
      c.failures.computeIfAbsent(code, k -> new LongAdder()).increment();
    }
  }

  Snapshot snapshot() {
    Map<ApiCall, Tally> out = new java.util.HashMap<>();
    counters.forEach((call, c) -> {
      Map<Integer, Long> failed = new TreeMap<>();
      c.failures.forEach((code, n) -> failed.put(code, n.sum()));
      out.put(call, new Tally(c.requests.sum(), c.nanos.sum(), failed));
    });
    return new Snapshot(Map.copyOf(out));
  }
}
