package io.smartoperator.validation;

/**
 * One thing wrong with a spec, or worth a warning.
 *
 * @param field path of the offending field as a user writes it, e.g. {@code spec.redirectUris[2]}
 * @param message what is wrong, for a human, e.g. "must be https (http only for loopback hosts)"
 */
public record Problem(String field, String message) {
  @Override
  public String toString() {
    return field + ": " + message;
  }
}
