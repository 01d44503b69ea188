package io.smartoperator.install;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import io.smartoperator.crd.ProjectPaths;
import io.smartoperator.runtime.OperatorConfig;
import io.smartoperator.runtime.Permissions;
import io.smartoperator.runtime.Permissions.Permission;
import io.smartoperator.runtime.RunCommand;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** helm/smart-operator rendered by Helm's own engine (helm-java), as `helm install` would. */
class ChartTest {
  static final Path CHART = ProjectPaths.root().resolve("helm/smart-operator");
  static final String RELEASE = "smart-operator";
  static final String NS = "smart-operator";
  static final String LEASE = OperatorConfig.LeaderElection.DEFAULT_LEASE_NAME;

  static Manifests render(Map<String, Object> values) {
    var template = new Helm(CHART).template().withName(RELEASE).withNamespace(NS);
    values.forEach(template::set);
    return Manifests.parse(template.call());
  }

  static Manifests defaults() {
    return render(Map.of());
  }

  @Test
  void lintIsClean() {
    LintResult result = new Helm(CHART).lint().strict().call();
    assertThat(result.isFailed()).as("helm lint --strict: %s", result.getMessages()).isFalse();
    assertThat(result.getMessages()).noneMatch(m -> m.contains("[ERROR]") || m.contains("[WARNING]"));
  }

  @Test
  void defaultsRenderOneOperatorWatchingAllNamespaces() {
    Manifests m = defaults();
    assertThat(m.kinds()).containsExactly("ClusterRole", "ClusterRole", "ClusterRoleBinding",
        "ClusterRoleBinding", "Deployment", "Role", "RoleBinding", "Service", "ServiceAccount");
    JsonNode deployment = m.one("Deployment");
    assertThat(deployment.at("/spec/replicas").asInt()).isEqualTo(1);
    assertThat(deployment.at("/spec/template/spec/serviceAccountName").asText())
        .isEqualTo(m.one("ServiceAccount").at("/metadata/name").asText());
    JsonNode container = deployment.at("/spec/template/spec/containers/0");
    assertThat(container.at("/image").asText()).endsWith(":0.1.0");
    assertThat(container.at("/args/0").asText()).isEqualTo("run");
    assertThat(container.at("/resources/requests/memory").asText()).isNotEmpty();
    assertThat(container.at("/resources/limits/memory").asText()).isNotEmpty();
    assertThat(container.at("/livenessProbe/httpGet/path").asText()).isEqualTo("/healthz");
    assertThat(container.at("/readinessProbe/httpGet/path").asText()).isEqualTo("/readyz");
    assertThat(container.at("/ports/0/containerPort").asInt()).isEqualTo(8080);

    JsonNode service = m.one("Service");
    assertThat(service.at("/spec/ports/0/targetPort").asText()).isEqualTo(container.at("/ports/0/name").asText());
    service.at("/spec/selector").properties().forEach(e -> assertThat(
        deployment.at("/spec/template/metadata/labels/" + e.getKey().replace("/", "~1")).asText())
        .as("Service selector %s", e.getKey()).isEqualTo(e.getValue().asText()));
  }

  @Test
  void podIsLockedDown() {
    JsonNode pod = defaults().one("Deployment").at("/spec/template/spec");
    JsonNode container = pod.at("/containers/0");
    assertThat(pod.at("/securityContext/runAsNonRoot").asBoolean()).isTrue();
    assertThat(pod.at("/securityContext/runAsUser").asInt()).isPositive();
    assertThat(pod.at("/securityContext/seccompProfile/type").asText()).isEqualTo("RuntimeDefault");
    assertThat(container.at("/securityContext/readOnlyRootFilesystem").asBoolean()).isTrue();
    assertThat(container.at("/securityContext/allowPrivilegeEscalation").asBoolean()).isFalse();
    assertThat(container.at("/securityContext/capabilities/drop").toString()).isEqualTo("[\"ALL\"]");
    assertThat(container.at("/securityContext/capabilities/add").isMissingNode()).isTrue();
    assertThat(container.at("/volumeMounts/0/mountPath").asText()).as("writable /tmp for the JVM").isEqualTo("/tmp");
  }

  @Test
  void everyOperatorOptionIsSetFromValuesAndAccepted() {
    JsonNode container = defaults().one("Deployment").at("/spec/template/spec/containers/0");
    Map<String, String> env = env(container);
    Set<String> declared = RunOptions.all().stream().map(RunOptions::env).collect(Collectors.toSet());
    assertThat(env.keySet()).as("the chart sets every variable of `smart-operator run`, and no other")
        .containsExactlyInAnyOrderElementsOf(declared);
    // The Lease namespace comes from the downward API: the pod's own namespace.
    assertThat(container.toString()).contains("\"fieldPath\":\"metadata.namespace\"");

    env.put("SMART_OPERATOR_LEASE_NAMESPACE", NS);
    RunCommand run = RunOptions.parseEnv(env);
    OperatorConfig config = run.config();
    assertThat(config.watchesAllNamespaces()).isTrue();
    assertThat(config.platformId()).isNull();
    assertThat(config.leaderElection()).isEqualTo(OperatorConfig.LeaderElection.on(LEASE, NS));
    assertThat(config.health()).isEqualTo(OperatorConfig.Health.DEFAULTS);
    assertThat(config.resyncPeriod()).isEqualTo(OperatorConfig.DEFAULT_RESYNC);
  }

  @Test
  void rbacOfTheDefaultsIsExactlyPermissions() {
    Map<String, SortedSet<Permission>> grants = defaults().grants(RELEASE, NS);
    SortedSet<Permission> cluster = union(Permissions.watchedNamespaces(), Permissions.cluster(false));
    assertThat(grants).containsOnlyKeys(Manifests.CLUSTER, NS);
    assertExact(grants.get(Manifests.CLUSTER), cluster, "cluster-wide");
    assertExact(grants.get(NS), Permissions.leaderElection(LEASE), "in the release namespace");
  }

  @Test
  void aNamespaceListGivesRolesNotClusterRoles() {
    Manifests m = render(Map.of("watchNamespaces[0]", "team-a", "watchNamespaces[1]", "team-b", "platformId", "my-platform"));
    // The one ClusterRole left holds Namespace reads, which have no namespace to be limited to.
    assertThat(m.ofKind("ClusterRole")).hasSize(1);
    assertThat(Manifests.rules(m.one("ClusterRole"))).isEqualTo(Permissions.cluster(true));
    Map<String, SortedSet<Permission>> grants = m.grants(RELEASE, NS);
    assertThat(grants).containsOnlyKeys(Manifests.CLUSTER, "team-a", "team-b", NS);
    assertExact(grants.get(Manifests.CLUSTER), Permissions.cluster(true), "cluster-wide");
    assertExact(grants.get("team-a"), Permissions.watchedNamespaces(), "in team-a");
    assertExact(grants.get("team-b"), Permissions.watchedNamespaces(), "in team-b");
    assertExact(grants.get(NS), Permissions.leaderElection(LEASE), "in the release namespace");
    assertThat(env(m.one("Deployment").at("/spec/template/spec/containers/0")))
        .containsEntry("SMART_OPERATOR_WATCH_NAMESPACES", "team-a,team-b")
        .containsEntry("SMART_OPERATOR_PLATFORM_ID", "my-platform");
  }

  @Test
  void aNamespaceListWithoutPlatformIdKeepsOnlyTheKubeSystemRead() {
    Map<String, SortedSet<Permission>> grants =
        render(Map.of("watchNamespaces[0]", "team-a")).grants(RELEASE, NS);
    assertExact(grants.get(Manifests.CLUSTER), Permissions.cluster(false), "cluster-wide");
    assertExact(grants.get("team-a"), Permissions.watchedNamespaces(), "in team-a");
  }

  @Test
  void rbacFollowsPlatformIdAndLeaderElectionValues() {
    Map<String, SortedSet<Permission>> grants = render(Map.of("platformId", "p",
        "leaderElection.enabled", "false")).grants(RELEASE, NS);
    assertThat(grants).containsOnlyKeys(Manifests.CLUSTER);
    assertExact(grants.get(Manifests.CLUSTER), union(Permissions.watchedNamespaces(), Permissions.cluster(true)),
        "cluster-wide");

    Map<String, SortedSet<Permission>> renamed =
        render(Map.of("leaderElection.leaseName", "other-lease")).grants(RELEASE, NS);
    assertExact(renamed.get(NS), Permissions.leaderElection("other-lease"), "in the release namespace");
  }

  @Test
  void serviceMonitorIsOptionalAndScrapesTheMetricsService() {
    assertThat(defaults().ofKind("ServiceMonitor")).isEmpty();
    Manifests m = render(Map.of("serviceMonitor.enabled", "true", "serviceMonitor.labels.release", "prometheus"));
    JsonNode monitor = m.one("ServiceMonitor");
    JsonNode service = m.one("Service");
    assertThat(monitor.at("/metadata/labels/release").asText()).isEqualTo("prometheus");
    assertThat(monitor.at("/spec/endpoints/0/port").asText()).isEqualTo(service.at("/spec/ports/0/name").asText());
    assertThat(monitor.at("/spec/endpoints/0/path").asText()).isEqualTo("/metrics");
    monitor.at("/spec/selector/matchLabels").properties().forEach(e -> assertThat(
        service.at("/metadata/labels/" + e.getKey().replace("/", "~1")).asText())
        .as("ServiceMonitor selects the Service by %s", e.getKey()).isEqualTo(e.getValue().asText()));
  }

  @Test
  void podDisruptionBudgetOnlyWithMoreThanOneReplica() {
    assertThat(defaults().ofKind("PodDisruptionBudget")).isEmpty();
    Manifests two = render(Map.of("replicaCount", "2"));
    JsonNode pdb = two.one("PodDisruptionBudget");
    assertThat(pdb.at("/spec/minAvailable").asInt()).isEqualTo(1);
    assertThat(two.one("Deployment").at("/spec/replicas").asInt()).isEqualTo(2);
  }

  @Test
  void chartCrdsAreTheTopLevelCrds() throws Exception {
    assertSameFiles(ProjectPaths.committedCrds(), CHART.resolve("crds"));
  }

  @Test
  void everyTopLevelValueIsCommented() throws Exception {
    List<String> lines = Files.readAllLines(CHART.resolve("values.yaml"));
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      // A top-level key opens a block that starts with a comment, or continues a commented group
      // of keys (podLabels under podAnnotations' comment).
      if (line.matches("^[A-Za-z][A-Za-z0-9]*:.*")) {
        String above = i > 0 ? lines.get(i - 1) : "";
        assertThat(above.startsWith("#") || above.matches("^[A-Za-z][A-Za-z0-9]*: .*"))
            .as("values.yaml line %d (%s) has a comment above", i + 1, line).isTrue();
      }
    }
  }

  /** Byte-identical files, and the same file names, ignoring crds/README.md. */
  static void assertSameFiles(Path expectedDir, Path actualDir) throws Exception {
    Set<String> expected = yamlNames(expectedDir);
    assertThat(yamlNames(actualDir)).as("CRD files in %s", actualDir).isEqualTo(expected);
    for (String name : expected) {
      assertThat(Files.readAllBytes(actualDir.resolve(name)))
          .as("%s must be byte-identical to %s; copy it with: cp crds/*.yml %s/", actualDir.resolve(name),
              expectedDir.resolve(name), ProjectPaths.root().relativize(actualDir))
          .isEqualTo(Files.readAllBytes(expectedDir.resolve(name)));
    }
  }

  private static Set<String> yamlNames(Path dir) throws Exception {
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".yml") || n.endsWith(".yaml"))
          .collect(Collectors.toCollection(TreeSet::new));
    }
  }

  static Map<String, String> env(JsonNode container) {
    Map<String, String> env = new LinkedHashMap<>();
    for (JsonNode e : container.path("env")) {
      env.put(e.path("name").asText(), e.path("value").asText(null));
    }
    return env;
  }

  @SafeVarargs
  static SortedSet<Permission> union(Set<Permission>... sets) {
    SortedSet<Permission> out = new TreeSet<>();
    for (Set<Permission> s : sets) {
      out.addAll(s);
    }
    return out;
  }

  /** Fails on a missing grant and on an extra one, naming both. */
  static void assertExact(Set<Permission> rendered, Set<Permission> declared, String where) {
    Set<Permission> actual = rendered == null ? Set.of() : rendered;
    Set<Permission> missing = new TreeSet<>(declared);
    missing.removeAll(actual);
    Set<Permission> extra = new TreeSet<>(actual);
    extra.removeAll(declared);
    assertThat(Map.of("missing", missing.toString(), "extra", extra.toString()))
        .as("RBAC %s against io.smartoperator.runtime.Permissions", where)
        .isEqualTo(Map.of("missing", "[]", "extra", "[]"));
  }
}
