package io.smartoperator.api.v1alpha1;

import java.util.Arrays;
import java.util.Optional;

/** Values of registration.mode. */
public enum RegistrationMode {
  None, Secret, DynamicClientRegistration;

  /** Absent means None. */
  public static Optional<RegistrationMode> of(String value) {
    if (value == null) {
      return Optional.of(None);
    }
    return Arrays.stream(values()).filter(v -> v.name().equals(value)).findFirst();
  }
}
