package io.smartoperator.bench;

import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.file.Path;
import java.util.List;

/** The operator in a JVM of its own ({@link OperatorMain}), so that its heap and CPU are its own. */
final class ForkedOperator implements OperatorUnderTest {
  private final ChildJvm jvm;
  private final OperatorProbe baseline;

  ForkedOperator(String serverUrl, long resyncSeconds, int reconcileThreads, List<String> jvmOptions, Path log) {
    jvm = new ChildJvm(OperatorMain.class,
        List.of(serverUrl, String.valueOf(resyncSeconds), String.valueOf(reconcileThreads)), jvmOptions, log);
    baseline = Serialization.unmarshal(jvm.await("ready"), OperatorProbe.class);
  }

  @Override
  public OperatorProbe baseline() {
    return baseline;
  }

  @Override
  public Started start() {
    return Serialization.unmarshal(jvm.ask("start", "started"), Started.class);
  }

  @Override
  public OperatorProbe probe(boolean fullGc) {
    String tag = fullGc ? "measure" : "probe";
    return Serialization.unmarshal(jvm.ask(tag, tag), OperatorProbe.class);
  }

  @Override
  public boolean isolated() {
    return true;
  }

  @Override
  public void close() {
    jvm.close();
  }
}
