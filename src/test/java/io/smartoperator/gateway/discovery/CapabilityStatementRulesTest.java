package io.smartoperator.gateway.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Reading resourceType and fhirVersion from /metadata, without HTTP. */
class CapabilityStatementRulesTest {
  static CapabilityStatementRules.Outcome check(String body, boolean cut) {
    return CapabilityStatementRules.check(body.getBytes(StandardCharsets.UTF_8), cut, 1000);
  }

  @Test
  void aCapabilityStatementGivesItsFhirVersion() {
    var outcome = check("{\"resourceType\":\"CapabilityStatement\",\"rest\":[{\"mode\":\"server\"}],"
        + "\"fhirVersion\":\"4.0.1\"}", false);

    assertThat(outcome.valid()).isTrue();
    assertThat(outcome.fhirVersion()).isEqualTo("4.0.1");
  }

  @Test
  void aCutBodyIsReadableWhenBothFieldsComeBeforeTheCut() {
    var outcome = check("{\"resourceType\":\"CapabilityStatement\",\"fhirVersion\":\"5.0.0\",\"rest\":[{\"mo", true);

    assertThat(outcome.fhirVersion()).isEqualTo("5.0.0");
  }

  @Test
  void aCutBodyWithoutTheFieldsBeforeTheCutIsAProblem() {
    var outcome = check("{\"resourceType\":\"CapabilityStatement\",\"rest\":[{\"mo", true);

    assertThat(outcome.problem()).isEqualTo(
        "is larger than 1000 bytes and its resourceType and fhirVersion do not come before the cut");
  }

  @Test
  void anUncutBodyThatEndsEarlyIsNotJson() {
    assertThat(check("{\"resourceType\":\"CapabilityStatement\",\"rest\":[", false).problem())
        .isEqualTo("is not valid JSON");
  }

  @Test
  void otherShapesAreProblems() {
    assertThat(check("<html/>", false).problem()).isEqualTo("is not valid JSON");
    assertThat(check("[]", false).problem()).isEqualTo("is not a JSON object");
    assertThat(check("{\"fhirVersion\":\"4.0.1\"}", false).problem())
        .isEqualTo("has no resourceType: it is not a FHIR resource");
    assertThat(check("{\"resourceType\":\"OperationOutcome\"}", false).problem())
        .isEqualTo("has resourceType OperationOutcome, not CapabilityStatement");
    assertThat(check("{\"resourceType\":\"CapabilityStatement\",\"fhirVersion\":4}", false).problem())
        .isEqualTo("is a CapabilityStatement without a fhirVersion");
  }

  @Test
  void versionsMapToTheReleaseNamesOfTheSpec() {
    assertThat(CapabilityStatementRules.release("1.0.2")).hasValue("DSTU2");
    assertThat(CapabilityStatementRules.release("3.0.2")).hasValue("STU3");
    assertThat(CapabilityStatementRules.release("4.0.1")).hasValue("R4");
    assertThat(CapabilityStatementRules.release("4.3.0")).hasValue("R4B");
    assertThat(CapabilityStatementRules.release("5.0.0")).hasValue("R5");
    assertThat(CapabilityStatementRules.release("4.2.0")).isEmpty();
    assertThat(CapabilityStatementRules.release("6.0.0-ballot2")).isEmpty();
    assertThat(CapabilityStatementRules.release("garbage")).isEmpty();
    assertThat(CapabilityStatementRules.release(null)).isEmpty();
  }
}
