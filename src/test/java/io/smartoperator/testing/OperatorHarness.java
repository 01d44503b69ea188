package io.smartoperator.testing;

import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.smartoperator.api.v1alpha1.Gateway;
import io.smartoperator.api.v1alpha1.SmartApp;
import io.smartoperator.runtime.OperatorConfig;
import io.smartoperator.runtime.SmartOperator;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The real operator on fabric8's CRUD mock API server, with helpers to read what a user would
 * read back. Every request the server receives is recorded, so tests can count writes.
 */
public final class OperatorHarness implements AutoCloseable {
  public static final String PLATFORM_ID = "test-platform";
  public static final Duration WAIT = Duration.ofSeconds(30);

  public final KubernetesMockServer server;
  public final KubernetesClient client;
  private final OperatorConfig config;
  private SmartOperator operator;
  private final List<RecordedRequest> seen = new ArrayList<>();

  private OperatorHarness(OperatorConfig config) {
    this.config = config;
    server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
        new KubernetesCrudDispatcher(), false);
    server.init();
    client = server.createClient();
    for (String crd : List.of("smartapps.smart-operator.io-v1.yml", "gateways.smart-operator.io-v1.yml")) {
      try (InputStream in = OperatorHarness.class.getResourceAsStream("/META-INF/fabric8/" + crd)) {
        client.apiextensions().v1().customResourceDefinitions()
            .resource(client.getKubernetesSerialization().unmarshal(in, CustomResourceDefinition.class))
            .create();
      } catch (java.io.IOException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  public static OperatorHarness start() {
    return start(OperatorConfig.defaults().withPlatformId(PLATFORM_ID));
  }

  public static OperatorHarness start(OperatorConfig config) {
    OperatorHarness h = new OperatorHarness(config);
    h.startOperator();
    return h;
  }

  public void startOperator() {
    operator = SmartOperator.start(client, config);
  }

  public SmartOperator operator() {
    return operator;
  }

  public void stopOperator() {
    if (operator != null) {
      operator.close();
      operator = null;
    }
  }

  public void namespace(String name) {
    client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build())
        .create();
  }

  public SmartApp apply(SmartApp app) {
    return client.resource(app).create();
  }

  public SmartApp app(String ns, String name) {
    return client.resources(SmartApp.class).inNamespace(ns).withName(name).get();
  }

  public Gateway gateway(String ns, String name) {
    return client.resources(Gateway.class).inNamespace(ns).withName(name).get();
  }

  public Secret secret(String ns, String name) {
    return client.secrets().inNamespace(ns).withName(name).get();
  }

  public static Optional<Condition> condition(List<Condition> conditions, String type) {
    return conditions == null ? Optional.empty()
        : conditions.stream().filter(c -> type.equals(c.getType())).findFirst();
  }

  public Optional<Condition> appCondition(String ns, String name, String type) {
    SmartApp app = app(ns, name);
    return app == null || app.getStatus() == null ? Optional.empty()
        : condition(app.getStatus().getConditions(), type);
  }

  /** Waits until the app's condition has the given status and reason; returns the app. */
  public SmartApp awaitCondition(String ns, String name, String type, String status, String reason) {
    await().atMost(WAIT).pollInterval(Duration.ofMillis(50)).untilAsserted(() -> {
      Condition c = appCondition(ns, name, type).orElseThrow(
          () -> new AssertionError(type + " not yet on " + ns + "/" + name));
      if (!status.equals(c.getStatus()) || !reason.equals(c.getReason())) {
        throw new AssertionError(type + " is " + c.getStatus() + "/" + c.getReason() + ": " + c.getMessage());
      }
    });
    return app(ns, name);
  }

  public List<Event> events(String ns, String involvedName) {
    return client.v1().events().inNamespace(ns).list().getItems().stream()
        .filter(e -> e.getInvolvedObject() != null && involvedName.equals(e.getInvolvedObject().getName()))
        .toList();
  }

  /** Requests received since the last call (the mock records every one). */
  public List<RecordedRequest> drainRequests() throws InterruptedException {
    List<RecordedRequest> out = new ArrayList<>();
    RecordedRequest r;
    while ((r = server.takeRequest(10, TimeUnit.MILLISECONDS)) != null) {
      out.add(r);
    }
    seen.addAll(out);
    return out;
  }

  /** Writes (anything but GET) among requests, as "METHOD path". */
  public static List<String> writes(List<RecordedRequest> requests) {
    return requests.stream()
        .filter(r -> !"GET".equals(r.getMethod()))
        .map(r -> r.getMethod() + " " + r.getPath())
        .toList();
  }

  @Override
  public void close() {
    stopOperator();
    client.close();
    server.destroy();
  }
}
