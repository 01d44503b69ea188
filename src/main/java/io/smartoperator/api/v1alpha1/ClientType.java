package io.smartoperator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Optional;

/**
 * The SMART client types. The spec keeps the field a string, so that a value outside this list
 * (an API server without the CRD's schema lets one through) reaches validation instead of failing
 * deserialization of every SmartApp in the informer.
 */
public enum ClientType {
  PUBLIC("public"),
  CONFIDENTIAL("confidential"),
  BACKEND_SERVICE("backend-service");

  private final String value;

  ClientType(String value) {
    this.value = value;
  }

  @JsonValue
  public String value() {
    return value;
  }

  /** Whether apps of this type hold a client secret. */
  public boolean hasSecret() {
    return this != PUBLIC;
  }

  public static Optional<ClientType> of(String value) {
    return Arrays.stream(values()).filter(t -> t.value.equals(value)).findFirst();
  }
}
