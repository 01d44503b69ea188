package io.smartoperator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Optional;

/** What happens to gateway registrations and the generated Secret when a SmartApp is deleted. */
public enum DeletionPolicy {
  DELETE("Delete"),
  ORPHAN("Orphan");

  private final String value;

  DeletionPolicy(String value) {
    this.value = value;
  }

  @JsonValue
  public String value() {
    return value;
  }

  /** The policy for a spec value; absent means the default, Delete. */
  public static Optional<DeletionPolicy> of(String value) {
    if (value == null) {
      return Optional.of(DELETE);
    }
    return Arrays.stream(values()).filter(p -> p.value.equals(value)).findFirst();
  }
}
