package io.smartoperator.runtime;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** Placeholder; the dev mode is being built. */
@Command(name = "dev", description = "Run the operator on an embedded API server with the examples applied.")
public final class DevCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    throw new UnsupportedOperationException("dev mode is not built yet");
  }
}
