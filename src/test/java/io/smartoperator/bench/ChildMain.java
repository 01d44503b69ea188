package io.smartoperator.bench;

import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** The command loop of a {@link ChildJvm}: a line in, an answer {@code "bench> <tag> <json>"} out. */
abstract class ChildMain {
  /** Handles one command; returns false to stop the loop. */
  abstract boolean handle(String command) throws Exception;

  final void serve() throws Exception {
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    for (String command; (command = in.readLine()) != null; ) {
      if (!handle(command.trim())) {
        break;
      }
    }
  }

  static void answer(String tag, Object body) {
    System.out.println(ChildJvm.PREFIX + tag + " " + Serialization.asJson(body));
    System.out.flush();
  }

  static void unknown(String command) {
    answer("error", Map.of("unknown command", command));
  }
}
