package io.smartoperator.gateway.discovery;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.Optional;

/**
 * Reads resourceType and fhirVersion from the answer of {@code <fhirBaseUrl>/metadata}. Pure, never
 * throws. It streams over the top-level fields only, because real CapabilityStatements can be
 * megabytes long and fhirVersion comes before the long "rest" part in FHIR's JSON order: a body
 * cut at the size cap is still readable when both fields come before the cut.
 */
public final class CapabilityStatementRules {
  private static final JsonFactory JSON = new JsonFactory();

  private CapabilityStatementRules() {}

  /** Either a fhirVersion (problem null) or a problem (fhirVersion null), never both. */
  public record Outcome(String fhirVersion, String problem) {
    public boolean valid() {
      return problem == null;
    }
  }

  /**
   * @param body the bytes received, possibly cut
   * @param cut whether the body was cut at the size cap
   * @param cap the size cap, for the message
   */
  public static Outcome check(byte[] body, boolean cut, int cap) {
    String resourceType = null;
    String fhirVersion = null;
    try (JsonParser parser = JSON.createParser(body)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        return problem("is not a JSON object");
      }
      // Jackson throws at an early end of input, so the loop ends at the object's end or a break.
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String name = parser.currentName();
        JsonToken value = parser.nextToken();
        if ("resourceType".equals(name) || "fhirVersion".equals(name)) {
          String text = value == JsonToken.VALUE_STRING ? parser.getText() : null;
          if ("resourceType".equals(name)) {
            resourceType = text;
          } else {
            fhirVersion = text;
          }
          if (resourceType != null && fhirVersion != null) {
            break;
          }
        } else {
          parser.skipChildren();
        }
      }
    } catch (IOException e) {
      if (!cut) {
        return problem("is not valid JSON");
      }
      if (resourceType == null || fhirVersion == null) {
        return problem("is larger than " + cap + " bytes and its resourceType and fhirVersion do not come "
            + "before the cut");
      }
    }
    if (resourceType == null) {
      return problem("has no resourceType: it is not a FHIR resource");
    }
    if (!resourceType.equals("CapabilityStatement") && !resourceType.equals("Conformance")) {
      return problem("has resourceType " + resourceType + ", not CapabilityStatement");
    }
    if (fhirVersion == null || fhirVersion.isBlank()) {
      return problem("is a CapabilityStatement without a fhirVersion");
    }
    return new Outcome(fhirVersion, null);
  }

  /**
   * The FHIR release of a version such as 4.0.1, in the names of spec.fhirVersion, so a controller
   * can compare what a Gateway declares with what its server says. Empty for versions it does not
   * know (pre-releases such as 4.2.0 or 6.0.0-ballot).
   */
  public static Optional<String> release(String fhirVersion) {
    if (fhirVersion == null) {
      return Optional.empty();
    }
    String[] parts = fhirVersion.split("[.-]");
    if (parts.length < 2) {
      return Optional.empty();
    }
    return Optional.ofNullable(switch (parts[0] + "." + parts[1]) {
      case "1.0" -> "DSTU2";
      case "3.0" -> "STU3";
      case "4.0" -> "R4";
      case "4.3" -> "R4B";
      case "5.0" -> "R5";
      default -> null;
    });
  }

  private static Outcome problem(String text) {
    return new Outcome(null, text);
  }
}
