package io.smartoperator.bench;

/** The operator the benchmark measures: in a JVM of its own, or (for the smoke test) in this one. */
interface OperatorUnderTest extends AutoCloseable {
  /** The moment SmartOperator.start was called, and the operator JVM's CPU at that moment. */
  record Started(long epochMillis, long cpuNanos, long startReturnedEpochMillis) {}

  /** The operator JVM before the operator starts (its client built, nothing watched yet). */
  OperatorProbe baseline();

  Started start();

  OperatorProbe probe(boolean fullGc);

  /** True when heap and CPU figures are the operator's own (a JVM of its own). */
  boolean isolated();

  @Override
  void close();
}
