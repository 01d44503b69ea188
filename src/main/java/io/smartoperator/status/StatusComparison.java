package io.smartoperator.status;

import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.Objects;

/** Whether a freshly computed status says anything new: a status is written only then. */
public final class StatusComparison {
  private StatusComparison() {}

  /** Compared as JSON, as the API server stores them, so unset and empty agree with the stored form. */
  public static boolean same(Object previous, Object next) {
    var mapper = Serialization.jsonMapper();
    return Objects.equals(mapper.valueToTree(previous), mapper.valueToTree(next));
  }
}
