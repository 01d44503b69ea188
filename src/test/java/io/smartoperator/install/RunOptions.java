package io.smartoperator.install;

import io.smartoperator.runtime.RunCommand;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;

/** The options of {@code smart-operator run} as its picocli model declares them: flag, variable, default. */
record RunOptions(String flag, String env, String defaultValue) {
  private static final Pattern ENV_DEFAULT = Pattern.compile("\\$\\{env:([A-Z0-9_]+):-(.*)}");

  static List<RunOptions> all() {
    List<RunOptions> out = new ArrayList<>();
    for (CommandLine.Model.OptionSpec o : new CommandLine(new RunCommand()).setInterpolateVariables(false).getCommandSpec().options()) {
      if (o.usageHelp() || o.versionHelp()) {
        continue;
      }
      String raw = o.defaultValue();
      Matcher m = ENV_DEFAULT.matcher(raw == null ? "" : raw);
      if (!m.matches()) {
        throw new AssertionError(o.longestName() + " has no ${env:NAME:-default} default: " + raw);
      }
      out.add(new RunOptions(o.longestName(), m.group(1), m.group(2)));
    }
    return out;
  }

  /** A run command parsed from environment variables, as a container would start it. */
  static RunCommand parseEnv(Map<String, String> env) {
    List<String> args = new ArrayList<>();
    for (RunOptions o : all()) {
      if (env.containsKey(o.env())) {
        args.add(o.flag() + "=" + env.get(o.env()));
      }
    }
    RunCommand command = new RunCommand();
    new CommandLine(command).parseArgs(args.toArray(String[]::new));
    return command;
  }
}
