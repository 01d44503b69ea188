package io.smartoperator.install;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smartoperator.crd.ProjectPaths;
import io.smartoperator.crd.YamlDocuments;
import io.smartoperator.runtime.Permissions;
import io.smartoperator.runtime.Permissions.Permission;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * deploy/ as `kubectl apply -k deploy/` sees it (the real `kubectl kustomize`), against the Helm
 * chart's defaults: they must agree on everything a cluster runs, not on Helm's own labels.
 */
class KustomizeTest {
  static final Path DEPLOY = ProjectPaths.root().resolve("deploy");
  static final String NS = "smart-operator";
  static Manifests kustomized;
  static Manifests chart;

  @BeforeAll
  static void render() throws Exception {
    kustomized = Manifests.parse(kubectlKustomize(DEPLOY));
    chart = ChartTest.defaults();
  }

  /** Runs kubectl (on PATH, or KUBECTL); .ci/run installs it where it is missing. */
  static String kubectlKustomize(Path dir) throws IOException, InterruptedException {
    String kubectl = System.getenv().getOrDefault("KUBECTL", "kubectl");
    Process p;
    try {
      p = new ProcessBuilder(kubectl, "kustomize", dir.toString()).redirectErrorStream(false).start();
    } catch (IOException e) {
      throw new AssertionError("kubectl is needed to render deploy/ (install it, or set KUBECTL)", e);
    }
    byte[] out = p.getInputStream().readAllBytes();
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as("kubectl kustomize %s: %s", dir, err).isZero();
    return new String(out, StandardCharsets.UTF_8);
  }

  @Test
  void sameObjectsAsTheChartPlusNamespaceAndCrds() {
    List<String> expected = new java.util.ArrayList<>(chart.kinds());
    expected.addAll(List.of("Namespace", "CustomResourceDefinition", "CustomResourceDefinition"));
    assertThat(kustomized.kinds()).containsExactlyInAnyOrderElementsOf(expected);
    assertThat(kustomized.one("Namespace").at("/metadata/name").asText()).isEqualTo(NS);
    for (JsonNode o : kustomized.objects()) {
      String kind = o.path("kind").asText();
      if (!List.of("Namespace", "CustomResourceDefinition", "ClusterRole", "ClusterRoleBinding").contains(kind)) {
        assertThat(o.at("/metadata/namespace").asText()).as("%s namespace", kind).isEqualTo(NS);
      }
      String name = o.at("/metadata/name").asText();
      if (!kind.equals("Namespace") && !kind.equals("CustomResourceDefinition")) {
        assertThat(chart.find(kind, null, name)).as("the chart has %s %s too", kind, name).isPresent();
      }
    }
  }

  @Test
  void rbacIsTheChartsAndExactlyPermissions() {
    Map<String, SortedSet<Permission>> grants = kustomized.grants("smart-operator", NS);
    assertThat(grants).isEqualTo(chart.grants("smart-operator", NS));
    ChartTest.assertExact(grants.get(Manifests.CLUSTER),
        ChartTest.union(Permissions.watchedNamespaces(), Permissions.cluster(false)), "cluster-wide in deploy/");
    ChartTest.assertExact(grants.get(NS),
        Permissions.leaderElection(ChartTest.LEASE), "in deploy/'s namespace");
  }

  @Test
  void podSpecIsTheCharts() {
    JsonNode mine = kustomized.one("Deployment");
    JsonNode helms = chart.one("Deployment");
    assertThat(mine.at("/spec/replicas")).isEqualTo(helms.at("/spec/replicas"));
    assertThat(mine.at("/spec/selector")).isEqualTo(helms.at("/spec/selector"));
    ObjectNode myPod = (ObjectNode) mine.at("/spec/template/spec").deepCopy();
    ObjectNode helmPod = (ObjectNode) helms.at("/spec/template/spec").deepCopy();
    // Everything a kubelet runs, container by container; labels may differ (helm.sh/chart).
    assertThat(myPod.get("containers").get(0)).isEqualTo(helmPod.get("containers").get(0));
    assertThat(myPod).isEqualTo(helmPod);
  }

  @Test
  void metricsServiceIsTheCharts() {
    assertThat(kustomized.one("Service").get("spec")).isEqualTo(chart.one("Service").get("spec"));
  }

  @Test
  void crdsAreTheTopLevelCrds() throws Exception {
    ChartTest.assertSameFiles(ProjectPaths.committedCrds(), DEPLOY.resolve("crds"));
    for (String file : List.of("smartapps.smart-operator.io-v1.yml", "gateways.smart-operator.io-v1.yml")) {
      JsonNode committed = YamlDocuments.read(ProjectPaths.committedCrds().resolve(file)).get(0);
      JsonNode rendered = kustomized.find("CustomResourceDefinition", null, committed.at("/metadata/name").asText())
          .orElseThrow();
      // kustomize writes 1.0 as 1: the same number to the API server.
      assertThat(committed.equals(SAME_NUMBER, rendered)).as("kustomize output has %s unchanged", file).isTrue();
    }
  }

  static final java.util.Comparator<JsonNode> SAME_NUMBER = (a, b) -> {
    if (a.isNumber() && b.isNumber()) {
      return a.decimalValue().compareTo(b.decimalValue());
    }
    return a.equals(b) ? 0 : 1;
  };

  @Test
  void kustomizationListsEveryManifestInDeploy() throws IOException {
    String kustomization = Files.readString(DEPLOY.resolve("kustomization.yaml"));
    try (var files = Files.list(DEPLOY)) {
      files.map(f -> f.getFileName().toString())
          .filter(n -> n.endsWith(".yaml") && !n.equals("kustomization.yaml"))
          .forEach(n -> assertThat(kustomization).as("kustomization.yaml lists %s", n).contains("- " + n));
    }
  }
}
