package io.smartoperator.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A JVM of its own on this benchmark's classpath, driven by one-line commands on its stdin and
 * answering with lines {@code "bench> <tag> <json>"} on its stdout (see {@link ChildMain}). Its
 * stderr (logs) goes to a file.
 */
final class ChildJvm implements AutoCloseable {
  static final String PREFIX = "bench> ";
  private static final long ANSWER_TIMEOUT_SECONDS = 900;

  private final Process process;
  private final Writer commands;
  private final BlockingQueue<String> answers = new LinkedBlockingQueue<>();

  ChildJvm(Class<?> main, List<String> args, List<String> jvmOptions, Path log) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmOptions);
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(main.getName());
    command.addAll(args);
    try {
      process = new ProcessBuilder(command).redirectError(log.toFile()).start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    commands = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
    Thread reader = new Thread(() -> {
      try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line; (line = out.readLine()) != null; ) {
          if (line.startsWith(PREFIX)) {
            answers.add(line.substring(PREFIX.length()));
          }
        }
      } catch (IOException e) {
        // the child is gone; await() says so
      }
    }, "bench-child-stdout-" + main.getSimpleName());
    reader.setDaemon(true);
    reader.start();
  }

  /** Sends a command and waits for the answer tagged {@code answer}; returns its JSON. */
  String ask(String command, String answer) {
    try {
      commands.write(command + "\n");
      commands.flush();
    } catch (IOException e) {
      throw new UncheckedIOException("the child JVM is gone", e);
    }
    return await(answer);
  }

  String await(String tag) {
    try {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(ANSWER_TIMEOUT_SECONDS);
      while (System.nanoTime() < deadline) {
        String line = answers.poll(1, TimeUnit.SECONDS);
        if (line != null && line.startsWith(tag + " ")) {
          return line.substring(tag.length() + 1);
        }
        if (line == null && !process.isAlive()) {
          throw new IllegalStateException("the child JVM exited with " + process.exitValue()
              + " before answering '" + tag + "'; see its log");
        }
      }
      throw new IllegalStateException("no answer '" + tag + "' from the child JVM");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      try {
        ask("stop", "stopped");
      } catch (RuntimeException e) {
        // fall through to destroy
      }
      try {
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
          process.destroyForcibly();
        }
      } catch (InterruptedException e) {
        process.destroyForcibly();
        Thread.currentThread().interrupt();
      }
    }
  }
}
