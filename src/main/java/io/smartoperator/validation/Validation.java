package io.smartoperator.validation;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The outcome of validating one object: problems make it invalid (Accepted=False, InvalidSpec),
 * warnings do not (they are worth an Event, not a refusal).
 */
public record Validation(List<Problem> problems, List<Problem> warnings) {
  public Validation {
    problems = problems == null ? List.of() : List.copyOf(problems);
    warnings = warnings == null ? List.of() : List.copyOf(warnings);
  }

  /** True when there is no problem; warnings do not count. */
  public boolean ok() {
    return problems.isEmpty();
  }

  /** Every problem in one line, for a condition message: "field: message; field: message". */
  public String summary() {
    return join(problems);
  }

  /** Every warning in one line, in the same form as {@link #summary()}. */
  public String warningSummary() {
    return join(warnings);
  }

  private static String join(List<Problem> list) {
    return list.stream().map(Problem::toString).collect(Collectors.joining("; "));
  }
}
