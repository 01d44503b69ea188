package io.smartoperator.bench;

import io.javaoperatorsdk.operator.Operator;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.lang.reflect.Field;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadPoolExecutor;

/**
 * What the JVM that runs the operator says about itself: CPU, heap after a full GC, reconciles
 * done, CPU per group of threads.
 *
 * @param processCpuNanos CPU of the whole JVM (every thread, GC and JIT included), read before the GC
 * @param heapAfterGcBytes heap in use right after {@code System.gc()}; null when not measured
 * @param reconciles reconciles JOSDK's reconcile pool has completed; null when not readable
 * @param threadCpuNanos CPU of live threads, grouped by name with the digits taken out
 */
record OperatorProbe(long processCpuNanos, Long heapAfterGcBytes, Long reconciles, Map<String, Long> threadCpuNanos) {

  static OperatorProbe take(Operator operator, boolean fullGc) {
    long cpu = currentProcessCpuNanos();
    Long reconciles = operator == null ? null : reconciles(operator);
    Map<String, Long> threads = threadCpu();
    Long heap = null;
    if (fullGc) {
      // Two rounds: the first may leave finalizable objects and soft references for the second.
      System.gc();
      System.gc();
      heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
    return new OperatorProbe(cpu, heap, reconciles, threads);
  }

  static long currentProcessCpuNanos() {
    var os = ManagementFactory.getOperatingSystemMXBean();
    return os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getProcessCpuTime() : -1;
  }

  /**
   * JOSDK runs every reconcile as one task on its reconcile pool and has no public counter when
   * no Metrics are configured (and SmartOperator configures none), so the benchmark reads the
   * pool's completed-task count by reflection.
   */
  static Long reconciles(Operator operator) {
    try {
      ExecutorService wrapper = operator.getConfigurationService().getExecutorServiceManager()
          .reconcileExecutorService();
      Field inner = wrapper.getClass().getDeclaredField("executor");
      inner.setAccessible(true);
      return inner.get(wrapper) instanceof ThreadPoolExecutor pool ? pool.getCompletedTaskCount() : null;
    } catch (ReflectiveOperationException | RuntimeException e) {
      return null;
    }
  }

  static Map<String, Long> threadCpu() {
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    Map<String, Long> out = new TreeMap<>();
    for (var info : mx.getThreadInfo(mx.getAllThreadIds())) {
      if (info == null) {
        continue;
      }
      long t = mx.getThreadCpuTime(info.getThreadId());
      if (t > 0) {
        out.merge(info.getThreadName().replaceAll("\\d+", "N"), t, Long::sum);
      }
    }
    return out;
  }
}
