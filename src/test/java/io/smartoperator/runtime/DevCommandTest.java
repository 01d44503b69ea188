package io.smartoperator.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class DevCommandTest {

  record Run(int exitCode, String out, String err) {}

  static Run execute(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = new CommandLine(new Main());
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int exitCode = cli.execute(args);
    return new Run(exitCode, out.toString(), err.toString());
  }

  static Path applyDirectory(Path dir) throws IOException {
    Path apply = Files.createDirectories(dir.resolve("apply"));
    Files.writeString(apply.resolve("app.yaml"), """
        apiVersion: v1
        kind: Namespace
        metadata: {name: cli-test}
        ---
        apiVersion: smart-operator.io/v1alpha1
        kind: SmartApp
        metadata: {name: cli-app, namespace: cli-test}
        spec:
          displayName: CLI app
          clientType: public
          launchUri: https://cli.example.org/launch
          redirectUris: [https://cli.example.org/callback]
        """);
    return apply;
  }

  @Test
  void devHelpListsItsOptions() {
    Run run = execute("dev", "--help");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).contains("--port", "--kubeconfig", "--apply", "--no-table", "--table-interval",
        "--exit-after", "apply --validate=false");
  }

  @Test
  void aDurationThatIsNotOneIsAUsageError() {
    Run run = execute("dev", "--exit-after", "soon");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("'soon' is not a duration");
  }

  @Test
  void devPrintsTheKubeconfigAndTheTableThenStopsAfterExitAfter(@TempDir Path dir) throws IOException {
    Path kubeconfig = dir.resolve("dev.kubeconfig");

    Run run = execute("dev", "--apply", applyDirectory(dir).toString(), "--kubeconfig", kubeconfig.toString(),
        "--table-interval", "200ms", "--exit-after", "3s");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out())
        .contains("kubeconfig  " + kubeconfig)
        .contains("kubectl --kubeconfig " + kubeconfig + " get smartapps -A")
        .contains("app.yaml: SmartApp cli-test/cli-app")
        .containsPattern("cli-test\\s+cli-app\\s+SmartApp\\s+public")
        .contains("--exit-after PT3S reached");
    // A kubeconfig the user named is theirs to keep.
    assertThat(Files.readString(kubeconfig)).contains("server: http://127.0.0.1:");
  }

  @Test
  void noTablePrintsNoTableAndATemporaryKubeconfigIsDeletedAtExit(@TempDir Path dir) throws IOException {
    Run run = execute("dev", "--apply", applyDirectory(dir).toString(), "--no-table", "--exit-after", "1s");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).doesNotContain("CLIENT-TYPE");
    String kubeconfig = run.out().lines().filter(l -> l.startsWith("  kubeconfig  ")).findFirst().orElseThrow()
        .substring("  kubeconfig  ".length());
    assertThat(Path.of(kubeconfig)).doesNotExist();
  }

  @Test
  void sigtermStopsDevModeCleanlyWithExitCodeZero(@TempDir Path dir) throws Exception {
    Path kubeconfig = dir.resolve("dev.kubeconfig");
    Path out = dir.resolve("out.txt");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process process = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
        Main.class.getName(), "dev", "--apply", applyDirectory(dir).toString(),
        "--kubeconfig", kubeconfig.toString(), "--no-table", "--exit-after", "5m")
        .redirectOutput(out.toFile())
        .redirectError(dir.resolve("err.txt").toFile())
        .start();
    try {
      await().atMost(Duration.ofSeconds(60))
          .until(() -> Files.readString(out, StandardCharsets.UTF_8).contains("Ctrl-C stops dev mode"));

      process.destroy(); // SIGTERM

      assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("stopped within 30 s").isTrue();
      assertThat(process.exitValue()).isZero();
      assertThat(Files.readAllLines(out)).contains("dev mode: stopping the operator and the API server.");
    } finally {
      process.destroyForcibly();
    }
  }

  @Test
  void aPortInUseIsAClearErrorWithExitCodeOne() throws IOException {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      Run run = execute("dev", "--port", String.valueOf(taken.getLocalPort()), "--no-table", "--exit-after", "1s");

      assertThat(run.exitCode()).isEqualTo(1);
      assertThat(run.err()).contains("dev mode did not start: cannot listen on 127.0.0.1:" + taken.getLocalPort());
    }
  }

  @Test
  void shellQuoteLeavesPlainPathsAloneAndQuotesTheRest() {
    assertThat(DevCommand.shellQuote("/tmp/smart-operator-dev-1.kubeconfig"))
        .isEqualTo("/tmp/smart-operator-dev-1.kubeconfig");
    assertThat(DevCommand.shellQuote("/home/a b/it's")).isEqualTo("'/home/a b/it'\\''s'");
    assertThat(List.of("500ms", "30s", "5m", "1h", "PT2S"))
        .extracting(new DevCommand.DurationConverter()::convert)
        .containsExactly(Duration.ofMillis(500), Duration.ofSeconds(30), Duration.ofMinutes(5),
            Duration.ofHours(1), Duration.ofSeconds(2));
  }
}
