package io.smartoperator.install;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smartoperator.api.v1alpha1.SmartApp;
import io.smartoperator.runtime.Permissions;
import io.smartoperator.testing.Apps;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `smart-operator run` as a container runs it: its own JVM, configured by environment variables,
 * against an API server from a kubeconfig; SIGTERM stops it within the grace period.
 */
class RunProcessTest {
  static final String LEASE = "run-test-lease";

  @Test
  void runsFromEnvironmentAndStopsOnSigterm(@TempDir Path dir) throws Exception {
    try (MockCluster cluster = new MockCluster(Permissions.leaderElection(LEASE))) {
      cluster.namespace("smart-operator");
      cluster.namespace("team");
      Path kubeconfig = dir.resolve("kubeconfig");
      Files.writeString(kubeconfig, """
          apiVersion: v1
          kind: Config
          clusters: [{name: mock, cluster: {server: "%s"}}]
          users: [{name: u, user: {token: t}}]
          contexts: [{name: mock, context: {cluster: mock, user: u, namespace: smart-operator}}]
          current-context: mock
          """.formatted(cluster.user.getConfiguration().getMasterUrl()));
      int port;
      try (ServerSocket s = new ServerSocket(0)) {
        port = s.getLocalPort();
      }
      Path log = dir.resolve("stdout.log");
      ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
          "-cp", System.getProperty("java.class.path"), "io.smartoperator.runtime.Main", "run")
          .redirectErrorStream(true).redirectOutput(log.toFile());
      pb.environment().put("KUBECONFIG", kubeconfig.toString());
      pb.environment().put("SMART_OPERATOR_WATCH_NAMESPACES", "team");
      pb.environment().put("SMART_OPERATOR_PLATFORM_ID", "run-test");
      pb.environment().put("SMART_OPERATOR_METRICS_PORT", Integer.toString(port));
      pb.environment().put("SMART_OPERATOR_LEADER_ELECTION", "true");
      pb.environment().put("SMART_OPERATOR_LEASE_NAME", LEASE);
      pb.environment().put("SMART_OPERATOR_LEASE_NAMESPACE", "smart-operator");
      pb.environment().put("SMART_OPERATOR_LOG_FORMAT", "json");
      Process process = pb.start();
      try {
        HttpClient http = HttpClient.newHttpClient();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> {
          try {
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/readyz")).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode() == 200;
          } catch (java.io.IOException e) {
            return false;
          }
        });
        cluster.user.resource(Apps.publicApp("team", "from-env")).create();
        await().atMost(Duration.ofSeconds(30)).until(() -> {
          SmartApp app = cluster.user.resources(SmartApp.class).inNamespace("team").withName("from-env").get();
          return app.getStatus() != null && app.getStatus().getConditions().stream()
              .anyMatch(c -> c.getType().equals("Ready") && c.getStatus().equals("True"));
        });
        assertThat(cluster.user.leases().inNamespace("smart-operator").withName(LEASE).get())
            .as("leader election from SMART_OPERATOR_LEADER_ELECTION").isNotNull();

        process.destroy(); // SIGTERM
        // The chart gives 30 s; reconciles in flight get 10 s of them.
        assertThat(process.waitFor(15, TimeUnit.SECONDS)).as("stopped within the grace period").isTrue();
      } finally {
        process.destroyForcibly();
      }

      List<JsonNode> lines = new ArrayList<>();
      ObjectMapper json = new ObjectMapper();
      for (String line : Files.readAllLines(log)) {
        if (!line.isBlank()) {
          lines.add(json.readTree(line)); // every line is one JSON object (--log-format=json)
        }
      }
      List<String> messages = lines.stream().map(l -> l.path("formattedMessage").asText()).toList();
      assertThat(messages).anyMatch(m -> m.startsWith("smart-operator started: platformId=run-test, namespaces=[team]"));
      assertThat(messages).anyMatch(m -> m.contains("shutting down"));
      assertThat(lines).allMatch(l -> l.has("level") && l.has("loggerName") && l.has("timestamp"));
    }
  }
}
