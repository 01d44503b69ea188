package io.smartoperator.api.v1alpha1;

import java.util.Arrays;

/** FHIR releases a Gateway may declare. */
public enum FhirVersion {
  DSTU2, STU3, R4, R4B, R5;

  public static boolean isKnown(String value) {
    return Arrays.stream(values()).anyMatch(v -> v.name().equals(value));
  }
}
