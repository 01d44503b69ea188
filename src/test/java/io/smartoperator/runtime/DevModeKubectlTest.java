package io.smartoperator.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.smartoperator.status.EventRecorder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Dev mode driven by the real kubectl, the way a newcomer uses it: one dev mode for the class,
 * started in-process with an apply directory holding a Namespace and a SmartApp. Each test uses
 * its own object names.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DevModeKubectlTest {
  static final String NAMESPACE = "dev-test";
  static final String SMARTAPPS = "smartapps.smart-operator.io";
  static final String HOLD = "test.smart-operator.io/hold";
  /**
   * The kubectl of this kind of machine (STACK.md), whose exact answers these tests pin. An older
   * one (Debian's kubernetes-client 1.20, the fallback of .ci/run) is held to exit codes and to
   * what the server keeps: it sends JSON where 1.32 sends protobuf, and prints generic texts.
   */
  static final int PINNED_KUBECTL_MINOR = 32;

  Path work;
  Path applyDirectory;
  DevMode dev;
  Kubectl kubectl;
  int kubectlMinor;

  @BeforeAll
  void startDevMode(@TempDir Path work) throws IOException {
    this.work = work;
    applyDirectory = Files.createDirectories(work.resolve("apply"));
    Files.writeString(applyDirectory.resolve("00-namespace.yaml"), """
        apiVersion: v1
        kind: Namespace
        metadata:
          name: dev-test
        """);
    Files.writeString(applyDirectory.resolve("10-app.yaml"), smartApp("growth-chart", "Growth Chart"));
    dev = DevMode.start(DevMode.Options.defaults()
        .withKubeconfig(work.resolve("kubeconfig"))
        .withApplyDirectory(applyDirectory));
    kubectl = new Kubectl(dev.kubeconfigPath(), work);
    kubectlMinor = kubectl.minorVersion();
  }

  @AfterAll
  void stopDevMode() {
    if (dev != null) {
      dev.close();
    }
  }

  static String smartApp(String name, String displayName, String... finalizers) {
    String finalizerLines = finalizers.length == 0 ? "" : "  finalizers: [" + String.join(", ", finalizers) + "]\n";
    return """
        apiVersion: smart-operator.io/v1alpha1
        kind: SmartApp
        metadata:
          name: %s
          namespace: dev-test
        %sspec:
          displayName: %s
          clientType: confidential
          launchUri: https://%s.example.org/launch
          redirectUris:
            - https://%s.example.org/callback
          scopes: [launch, openid, fhirUser, patient/Observation.rs]
        """.formatted(name, finalizerLines, displayName, name, name);
  }

  private Path file(String name, String content) throws IOException {
    return Files.writeString(work.resolve(name), content);
  }

  @Test
  void getListsTheAppliedSmartAppWithTheCrdPrinterColumns() {
    String out = kubectl.run("get", "smartapps", "-A").assertSuccess().stdout();

    assertThat(out.lines().findFirst()).get().asString()
        .contains("NAMESPACE", "NAME", "CLIENT-TYPE", "CLIENT-ID", "READY", "HEALTHY", "GATEWAYS", "AGE");
    assertThat(out).containsPattern("dev-test\\s+growth-chart\\s+.*confidential");
  }

  @Test
  void shortNameAndCategoryFindTheSmartApp() {
    assertThat(kubectl.run("get", "sapp", "-n", NAMESPACE).assertSuccess().stdout())
        .contains("growth-chart");
    assertThat(kubectl.run("get", "smart", "-A").assertSuccess().stdout())
        .contains("smartapp.smart-operator.io/growth-chart");
  }

  @Test
  void getAsYamlReturnsTheSpecAsApplied() throws IOException {
    String yaml = kubectl.run("get", "smartapps", "growth-chart", "-n", NAMESPACE, "-o", "yaml")
        .assertSuccess().stdout();

    JsonNode app = new YAMLMapper().readTree(yaml);
    assertThat(app.path("apiVersion").asText()).isEqualTo("smart-operator.io/v1alpha1");
    assertThat(app.path("kind").asText()).isEqualTo("SmartApp");
    assertThat(app.path("metadata").path("uid").asText()).isNotEmpty();
    JsonNode spec = app.path("spec");
    assertThat(spec.path("displayName").asText()).isEqualTo("Growth Chart");
    assertThat(spec.path("clientType").asText()).isEqualTo("confidential");
    assertThat(spec.path("launchUri").asText()).isEqualTo("https://growth-chart.example.org/launch");
    assertThat(spec.path("redirectUris").get(0).asText()).isEqualTo("https://growth-chart.example.org/callback");
    assertThat(spec.path("scopes")).extracting(JsonNode::asText)
        .containsExactly("launch", "openid", "fhirUser", "patient/Observation.rs");
  }

  @Test
  void statusConditionsAndTheCredentialsSecretAppearOnceTheOperatorReconciles() {
    // A newcomer's first check: wait until the app is Ready.
    assertThat(kubectl.run("wait", "--for=condition=Ready", "smartapp/growth-chart", "-n", NAMESPACE,
            "--timeout=50s").assertSuccess().stdout())
        .contains("smartapp.smart-operator.io/growth-chart condition met");
    await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
        assertThat(kubectl.run("get", "smartapps", "growth-chart", "-n", NAMESPACE,
                "-o", "jsonpath={.status.conditions[*].type}").assertSuccess().stdout())
            .contains("Ready", "Accepted", "CredentialsReady", "Activated", "Healthy"));
    assertThat(kubectl.run("get", "secrets", "-n", NAMESPACE).assertSuccess().stdout())
        .contains("growth-chart-credentials");
    assertThat(dev.statusTable()).doesNotContain("waiting for the operator");
  }

  @Test
  void secretsAndEventsAreListedWithTheirColumns() throws IOException {
    Path secret = file("secret.yaml", """
        apiVersion: v1
        kind: Secret
        metadata:
          name: listed-secret
          namespace: dev-test
        type: Opaque
        data:
          token: c2VjcmV0
        """);
    kubectl.run("apply", "--validate=false", "-f", secret.toString()).assertSuccess();
    GenericKubernetesResource app = dev.client()
        .genericKubernetesResources("smart-operator.io/v1alpha1", "SmartApp")
        .inNamespace(NAMESPACE).withName("growth-chart").get();
    new EventRecorder(dev.client()).normal(app, "ListedByKubectl", "an event the test recorded");

    assertThat(kubectl.run("get", "secrets", "-n", NAMESPACE).assertSuccess().stdout())
        .containsPattern("listed-secret\\s+Opaque\\s+1\\s");
    assertThat(kubectl.run("get", "events", "-n", NAMESPACE).assertSuccess().stdout())
        .containsPattern("Normal\\s+ListedByKubectl\\s+smartapp/growth-chart\\s+an event the test recorded");
  }

  @Test
  void applyPatchAndDeleteAnApp() throws IOException {
    Path manifest = file("patient-portal.yaml", smartApp("patient-portal", "Patient Portal"));

    assertThat(kubectl.run("apply", "--validate=false", "-f", manifest.toString()).assertSuccess().stdout())
        .contains("smartapp.smart-operator.io/patient-portal created");
    assertThat(kubectl.run("apply", "--validate=false", "-f", manifest.toString()).assertSuccess().stdout())
        .contains("smartapp.smart-operator.io/patient-portal unchanged");

    kubectl.run("patch", "smartapp", "patient-portal", "-n", NAMESPACE, "--type=merge",
        "-p", "{\"spec\":{\"displayName\":\"Patient Portal 2\"}}").assertSuccess();
    assertThat(kubectl.run("get", "sapp", "patient-portal", "-n", NAMESPACE,
            "-o", "jsonpath={.spec.displayName} {.metadata.generation}").assertSuccess().stdout())
        .isEqualTo("Patient Portal 2 2");

    assertThat(kubectl.run("delete", "smartapp", "patient-portal", "-n", NAMESPACE).assertSuccess().stdout())
        .contains("\"patient-portal\" deleted");
    Kubectl.Result gone = kubectl.run("get", "smartapp", "patient-portal", "-n", NAMESPACE);
    assertThat(gone.exitCode()).isNotZero();
    assertThat(gone.stderr()).contains(SMARTAPPS + " \"patient-portal\" not found");
  }

  @Test
  void kubectlApplyOfTheApplyDirectoryFindsEverythingUnchanged() {
    String out = kubectl.run("apply", "--validate=false", "-f", applyDirectory.toString())
        .assertSuccess().stdout();

    assertThat(out.lines()).containsExactly(
        "namespace/dev-test unchanged",
        "smartapp.smart-operator.io/growth-chart unchanged");
  }

  @Test
  void deleteOfAnAppWithAFinalizerReturnsOnceTheFinalizerIsRemoved() throws Exception {
    // A finalizer of the test's own, so that the test decides when deletion ends, reconciler or not.
    Path manifest = file("held.yaml", smartApp("held", "Held", HOLD));
    kubectl.run("apply", "--validate=false", "-f", manifest.toString()).assertSuccess();
    var held = dev.client().genericKubernetesResources("smart-operator.io/v1alpha1", "SmartApp")
        .inNamespace(NAMESPACE).withName("held");

    Kubectl.Running delete = kubectl.start("delete", "smartapp", "held", "-n", NAMESPACE);
    try {
      // Deleted, and whatever the operator does on deletion done: only the test's finalizer is left.
      await().atMost(Duration.ofSeconds(30)).until(() -> {
        GenericKubernetesResource app = held.get();
        return app != null && app.getMetadata().getDeletionTimestamp() != null
            && app.getMetadata().getFinalizers().equals(List.of(HOLD));
      });
      // Give kubectl time to find the object still there and start waiting for it, the path under test.
      Thread.sleep(1000);
      held.edit(app -> {
        app.getMetadata().setFinalizers(app.getMetadata().getFinalizers().stream()
            .filter(f -> !f.equals(HOLD)).toList());
        return app;
      });
      Kubectl.Result result = delete.await().assertSuccess();

      assertThat(result.stdout()).contains("\"held\" deleted");
      // kubectl waits through list polling: the refused watch must not surface as an error.
      assertThat(result.stderr()).doesNotContain("Failed to watch");
      assertThat(held.get()).isNull();
    } finally {
      delete.kill();
    }
  }

  @Test
  void waitReturnsOnceTheObjectSaysSo() throws IOException {
    assumeTrue(kubectlMinor >= 23, "kubectl wait --for=jsonpath needs kubectl 1.23 or later");
    Path manifest = file("awaited.yaml", """
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: awaited
          namespace: dev-test
        data:
          stage: testing
        """);
    kubectl.run("apply", "--validate=false", "-f", manifest.toString()).assertSuccess();

    Kubectl.Running wait = kubectl.start("wait", "--for=jsonpath={.data.stage}=done", "configmap/awaited",
        "-n", NAMESPACE, "--timeout=50s");
    try {
      dev.client().configMaps().inNamespace(NAMESPACE).withName("awaited")
          .edit(configMap -> new ConfigMapBuilder(configMap).addToData("stage", "done").build());

      assertThat(wait.await().assertSuccess().stdout()).contains("configmap/awaited condition met");
    } finally {
      wait.kill();
    }
  }

  @Test
  void fabric8WatchesStillWorkWhileKubectlWatchesAreRefused() throws IOException {
    List<String> added = new CopyOnWriteArrayList<>();
    try (Watch watch = dev.client().genericKubernetesResources("smart-operator.io/v1alpha1", "SmartApp")
        .inNamespace(NAMESPACE).watch(new Watcher<>() {
          @Override
          public void eventReceived(Action action, GenericKubernetesResource resource) {
            if (action == Action.ADDED) {
              added.add(resource.getMetadata().getName());
            }
          }

          @Override
          public void onClose(WatcherException cause) {}
        })) {
      Path manifest = file("watched.yaml", smartApp("watched", "Watched"));
      kubectl.run("apply", "--validate=false", "-f", manifest.toString()).assertSuccess();

      await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(added).contains("watched"));
    }
  }

  @Test
  void createNamespaceFailsFastPointingToApply() {
    Kubectl.Result result = kubectl.run("create", "namespace", "created-by-kubectl");

    if (kubectlMinor < PINNED_KUBECTL_MINOR && result.exitCode() == 0) {
      // An older kubectl that sends JSON here (1.20 does) simply creates the namespace.
      assertThat(dev.client().namespaces().withName("created-by-kubectl").get()).isNotNull();
      return;
    }
    assertThat(result.exitCode()).isNotZero();
    assertThat(result.stderr())
        .contains("UnsupportedMediaType")
        .contains("reads JSON only")
        .contains("kubectl apply --validate=false -f FILE");
    assertThat(dev.client().namespaces().withName("created-by-kubectl").get()).isNull();
  }

  @Test
  void serverSideApplyFailsWithAClearMessage() throws IOException {
    Path manifest = file("server-side.yaml", smartApp("server-side", "Server Side"));

    Kubectl.Result result = kubectl.run("apply", "--server-side", "--validate=false", "-f", manifest.toString());

    assertThat(result.exitCode()).isNotZero();
    assertThat(result.stderr()).contains("server-side apply is not supported by the smart-operator dev API server");
    assertThat(dev.client().genericKubernetesResources("smart-operator.io/v1alpha1", "SmartApp")
        .inNamespace(NAMESPACE).withName("server-side").get()).isNull();
  }

  @Test
  void getWatchFailsWithAClearMessage() {
    Kubectl.Result result = kubectl.run("get", "smartapps", "-n", NAMESPACE, "-w");

    assertThat(result.exitCode()).isNotZero();
    assertThat(result.stderr()).contains("MethodNotAllowed");
    if (kubectlMinor >= PINNED_KUBECTL_MINOR) {
      // kubectl 1.20 prints a generic text for a refused watch instead of the server's message.
      assertThat(result.stderr()).contains("kubectl get -w");
    }
  }

  @Test
  void strategicMergePatchFailsPointingToMergePatch() {
    Kubectl.Result result = kubectl.run("patch", "namespace", NAMESPACE,
        "-p", "{\"metadata\":{\"labels\":{\"team\":\"pediatrics\"}}}");

    assertThat(result.exitCode()).isNotZero();
    assertThat(result.stderr()).contains("strategic merge patch is not supported").contains("--type=merge");
  }

  @Test
  void serverDryRunIsRefusedAndStoresNothing() throws IOException {
    Path manifest = file("dry-run.yaml", smartApp("dry-run", "Dry Run"));

    Kubectl.Result result =
        kubectl.run("apply", "--dry-run=server", "--validate=false", "-f", manifest.toString());

    assertThat(result.exitCode()).isNotZero();
    if (kubectlMinor >= PINNED_KUBECTL_MINOR) {
      assertThat(result.stderr()).contains("--dry-run=client");
    } else {
      // kubectl 1.20 wants OpenAPI for a server dry run and stops before asking for one.
      assertThat(result.stderr()).containsAnyOf("--dry-run=client", "failed to download openapi");
    }
    assertThat(dev.client().genericKubernetesResources("smart-operator.io/v1alpha1", "SmartApp")
        .inNamespace(NAMESPACE).withName("dry-run").get()).isNull();
  }
}
