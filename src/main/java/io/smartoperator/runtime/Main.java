package io.smartoperator.runtime;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The smart-operator executable: {@code run} against a cluster, {@code dev} on an embedded API server. */
@Command(
    name = "smart-operator",
    mixinStandardHelpOptions = true,
    version = "smart-operator 0.1.0",
    description = "Kubernetes operator for a SMART on FHIR app platform.",
    subcommands = {RunCommand.class, DevCommand.class})
public final class Main implements Runnable {

  public static void main(String[] args) {
    // Before anything loads java.net.http: the prober's JVM settings (see HealthProber).
    io.smartoperator.health.HealthProber.prepareJvm();
    System.exit(new CommandLine(new Main()).execute(args));
  }

  @Override
  public void run() {
    new CommandLine(this).usage(System.out);
  }
}
