package io.smartoperator.api.v1alpha1;

import java.util.Arrays;
import java.util.Optional;

/** Values of allowedApps.namespaces.from. */
public enum NamespacesFrom {
  Same, All, Selector;

  /** Absent means Same. */
  public static Optional<NamespacesFrom> of(String value) {
    if (value == null) {
      return Optional.of(Same);
    }
    return Arrays.stream(values()).filter(v -> v.name().equals(value)).findFirst();
  }
}
