package io.smartoperator.validation;

import java.util.ArrayList;
import java.util.List;

/** Problems and warnings gathered while one object is validated, in the order they were found. */
final class Findings {
  private final List<Problem> problems = new ArrayList<>();
  private final List<Problem> warnings = new ArrayList<>();

  void problem(String field, String message) {
    problems.add(new Problem(field, message));
  }

  void warning(String field, String message) {
    warnings.add(new Problem(field, message));
  }

  void add(Validation validation) {
    problems.addAll(validation.problems());
    warnings.addAll(validation.warnings());
  }

  Validation validation() {
    return new Validation(problems, warnings);
  }
}
