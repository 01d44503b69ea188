package io.smartoperator.runtime;

import static org.assertj.core.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The real kubectl binary, pointed at one kubeconfig, with its own HOME and discovery cache so
 * that nothing of the machine's ~/.kube is read or written. Every run has a time limit; a run
 * that exceeds it is killed and fails the test.
 */
final class Kubectl {
  /** A hang guard, not a performance assertion: each command takes well under a second. */
  static final Duration GUARD = Duration.ofSeconds(60);

  /** What one kubectl run did. */
  record Result(List<String> command, int exitCode, String stdout, String stderr, Duration took) {
    Result assertSuccess() {
      if (exitCode != 0) {
        fail("%s exited %d%nstdout:%n%s%nstderr:%n%s", String.join(" ", command), exitCode, stdout, stderr);
      }
      return this;
    }

    String output() {
      return stdout + stderr;
    }
  }

  private final Path binary;
  private final Path kubeconfig;
  private final Path home;

  Kubectl(Path kubeconfig, Path workDirectory) throws IOException {
    this.binary = find().orElseThrow(() -> new IllegalStateException(
        "kubectl is not installed (looked at $KUBECTL, on PATH and at /usr/bin/kubectl); .ci/run installs it"));
    this.kubeconfig = kubeconfig;
    this.home = Files.createDirectories(workDirectory.resolve("kubectl-home"));
  }

  /** $KUBECTL when set (to test another kubectl), else the first kubectl on PATH, else /usr/bin. */
  static Optional<Path> find() {
    List<Path> candidates = new ArrayList<>();
    String chosen = System.getenv("KUBECTL");
    if (chosen != null && !chosen.isBlank()) {
      return Optional.of(Path.of(chosen)).filter(Files::isExecutable);
    }
    String path = System.getenv("PATH");
    if (path != null) {
      Arrays.stream(path.split(File.pathSeparator)).map(dir -> Path.of(dir, "kubectl")).forEach(candidates::add);
    }
    candidates.add(Path.of("/usr/bin/kubectl"));
    candidates.add(Path.of("/usr/local/bin/kubectl"));
    return candidates.stream().filter(Files::isExecutable).findFirst();
  }

  /** The client's minor version: 32 for the kubectl 1.32 of this kind of machine. */
  int minorVersion() {
    String json = run("version", "--client", "-o", "json").assertSuccess().stdout();
    Matcher minor = Pattern.compile("\"minor\"\\s*:\\s*\"(\\d+)").matcher(json);
    if (!minor.find()) {
      throw new IllegalStateException("no client minor version in: " + json);
    }
    return Integer.parseInt(minor.group(1));
  }

  Result run(String... args) {
    return start(args).await();
  }

  /** Starts kubectl without waiting, for commands that block until something else happens. */
  Running start(String... args) {
    List<String> command = new ArrayList<>();
    command.add(binary.toString());
    command.add("--kubeconfig=" + kubeconfig);
    command.add("--cache-dir=" + home.resolve("cache"));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().remove("KUBECONFIG");
    builder.environment().put("HOME", home.toString());
    builder.redirectOutput(home.resolve("stdout-" + System.nanoTime()).toFile());
    File stderr = home.resolve("stderr-" + System.nanoTime()).toFile();
    builder.redirectError(stderr);
    File stdout = builder.redirectOutput().file();
    try {
      return new Running(command, builder.start(), stdout.toPath(), stderr.toPath(), System.nanoTime());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A kubectl process that is still running. */
  record Running(List<String> command, Process process, Path stdout, Path stderr, long startedNanos) {
    Result await() {
      try {
        if (!process.waitFor(GUARD.toSeconds(), TimeUnit.SECONDS)) {
          process.destroyForcibly();
          fail("%s did not finish within %s (hang guard); stderr so far:%n%s",
              String.join(" ", command), GUARD, read(stderr));
        }
      } catch (InterruptedException e) {
        process.destroyForcibly();
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
      return new Result(command, process.exitValue(), read(stdout), read(stderr),
          Duration.ofNanos(System.nanoTime() - startedNanos));
    }

    void kill() {
      process.destroyForcibly();
    }

    private static String read(Path file) {
      try {
        return Files.readString(file, StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
