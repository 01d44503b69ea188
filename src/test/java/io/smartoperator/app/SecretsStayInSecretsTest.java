package io.smartoperator.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.smartoperator.api.v1alpha1.Credentials;
import io.smartoperator.api.v1alpha1.SmartApp;
import io.smartoperator.testing.Apps;
import io.smartoperator.testing.OperatorHarness;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Runs the credential life cycle (generation, rotation, re-creation after deletion, a provided
 * secret) while capturing the operator's logs, then looks for every client secret value, plain
 * and base64, in the logs, Events and statuses.
 */
class SecretsStayInSecretsTest {

  @Test
  void noClientSecretAppearsInLogsEventsOrStatus() {
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    PrintStream originalErr = System.err;
    PrintStream originalOut = System.out;
    System.setErr(new PrintStream(new Tee(captured, originalErr), true, StandardCharsets.UTF_8));
    System.setOut(new PrintStream(new Tee(captured, originalOut), true, StandardCharsets.UTF_8));
    List<String> secretValues = new ArrayList<>();
    String statuses;
    String events;
    try (OperatorHarness k8s = OperatorHarness.start()) {
      k8s.namespace("leak");
      k8s.client.secrets().inNamespace("leak").resource(new SecretBuilder()
          .withNewMetadata().withName("provided").endMetadata()
          .addToData("secret", b64("provided-value-never-logged")).build()).create();
      k8s.apply(Apps.confidential("leak", "conf"));
      k8s.apply(Apps.backend("leak", "etl"));
      k8s.apply(Apps.withExistingSecret(Apps.confidential("leak", "byo"), "provided", "secret"));
      k8s.awaitCondition("leak", "conf", "Ready", "True", "Ready");
      k8s.awaitCondition("leak", "etl", "Ready", "True", "Ready");
      k8s.awaitCondition("leak", "byo", "Ready", "True", "Ready");
      secretValues.add("provided-value-never-logged");
      secretValues.add(clientSecret(k8s.secret("leak", "conf-credentials")));
      secretValues.add(clientSecret(k8s.secret("leak", "etl-credentials")));

      SmartApp conf = k8s.app("leak", "conf");
      Credentials rotation = new Credentials();
      rotation.setRotation("next");
      conf.getSpec().setCredentials(rotation);
      k8s.client.resource(conf).update();
      String before = secretValues.get(1);
      await().atMost(OperatorHarness.WAIT).until(
          () -> !clientSecret(k8s.secret("leak", "conf-credentials")).equals(before));
      secretValues.add(clientSecret(k8s.secret("leak", "conf-credentials")));

      String etlBefore = secretValues.get(2);
      k8s.client.secrets().inNamespace("leak").withName("etl-credentials").delete();
      await().atMost(OperatorHarness.WAIT).until(() -> {
        Secret s = k8s.secret("leak", "etl-credentials");
        return s != null && !clientSecret(s).equals(etlBefore);
      });
      secretValues.add(clientSecret(k8s.secret("leak", "etl-credentials")));

      statuses = Serialization.asJson(k8s.client.resources(SmartApp.class).inNamespace("leak").list());
      events = Serialization.asJson(k8s.client.v1().events().inNamespace("leak").list());
      assertThat(events).contains("SecretRotated", "SecretRecreated");
    } finally {
      System.setErr(originalErr);
      System.setOut(originalOut);
    }
    String logs = captured.toString(StandardCharsets.UTF_8);
    assertThat(logs).as("the capture works").contains("smart-operator started");
    assertThat(secretValues).hasSize(5).doesNotHaveDuplicates();
    for (String value : secretValues) {
      for (String form : List.of(value, b64(value))) {
        assertThat(logs).as("logs").doesNotContain(form);
        assertThat(events).as("events").doesNotContain(form);
        assertThat(statuses).as("statuses").doesNotContain(form);
      }
    }
  }

  private static String clientSecret(Secret s) {
    return new String(Base64.getDecoder().decode(s.getData().get("client_secret")), StandardCharsets.UTF_8);
  }

  private static String b64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }

  /** Writes to the capture and still to the console. */
  private static final class Tee extends OutputStream {
    private final OutputStream a;
    private final OutputStream b;

    Tee(OutputStream a, OutputStream b) {
      this.a = a;
      this.b = b;
    }

    @Override
    public synchronized void write(int c) throws java.io.IOException {
      a.write(c);
      b.write(c);
    }

    @Override
    public synchronized void write(byte[] buf, int off, int len) throws java.io.IOException {
      a.write(buf, off, len);
      b.write(buf, off, len);
    }
  }
}
