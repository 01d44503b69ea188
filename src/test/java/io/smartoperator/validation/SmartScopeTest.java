package io.smartoperator.validation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class SmartScopeTest {

  @ParameterizedTest
  @ValueSource(strings = {
      // SMART App Launch v2 examples
      "patient/Observation.rs",
      "user/*.cruds",
      "patient/Patient.r",
      "user/Appointment.cu",
      "patient/Observation.rs?category=http://terminology.hl7.org/CodeSystem/observation-category|laboratory",
      "patient/Observation.rs?category=http://terminology.hl7.org/CodeSystem/observation-category|vital-signs&date=ge2024-01-01",
      "system/*.rs",
      "patient/Condition.s",
      "user/Encounter.d",
      "patient/*.rs?_tag=urgent",
      // v1
      "system/Patient.read",
      "patient/*.*",
      "user/*.read",
      "patient/Observation.write",
      "user/MedicationRequest.*",
      // the other SMART scopes
      "openid", "fhirUser", "profile", "launch", "launch/patient", "launch/encounter",
      "online_access", "offline_access",
      // extensions
      "__my_extension", "https://example.org/scopes/x", "urn:example:scope:read",
  })
  void acceptsSmartScopes(String scope) {
    assertThat(SmartScope.problem(scope)).isEmpty();
    assertThat(SmartScope.parse(scope)).get().extracting(SmartScope::text).isEqualTo(scope);
  }

  static Stream<Arguments> malformed() {
    return Stream.of(
        Arguments.of("patient/Observation.sr", "order"),
        Arguments.of("patient/Observation.rr", "order"),
        Arguments.of("patient/Observation.x", "read, write or *"),
        Arguments.of("patient/Observation.xyz", "read, write or *"),
        Arguments.of("patient/Observation.Read", "read, write or *"),
        Arguments.of("patient/Observation.", "needs permissions"),
        Arguments.of("patient/Observation", "needs .<permissions>"),
        Arguments.of("patient/observation.read", "resource type 'observation'"),
        Arguments.of("patient/Observation-x.rs", "resource type 'Observation-x'"),
        Arguments.of("patient/.rs", "needs a resource type"),
        Arguments.of("foo/Patient.read", "context 'foo'"),
        Arguments.of("Patient/Patient.read", "context 'Patient'"),
        Arguments.of("/Patient.read", "context ''"),
        Arguments.of("patient/Patient.rs?", "empty restriction"),
        Arguments.of("patient/Patient.read?x=1", "needs v2 permissions"),
        Arguments.of("patient/*.*?x=1", "needs v2 permissions"),
        Arguments.of("patient/Patient.rs?x", "needs '=value'"),
        Arguments.of("patient/Patient.rs?=1", "no name"),
        Arguments.of("patient/Patient.rs?x=", "no value"),
        Arguments.of("patient/Patient.rs?x=1&", "stray '&'"),
        Arguments.of("patient/Patient.rs?x=1&&y=2", "stray '&'"),
        Arguments.of("launch/Patient", "lowercase"),
        Arguments.of("launch/", "lowercase"),
        Arguments.of("launch/patient-x", "lowercase"),
        Arguments.of("", "empty"),
        Arguments.of(" ", "whitespace"),
        Arguments.of("openid profile", "whitespace"),
        Arguments.of("openid\t", "whitespace"),
        Arguments.of("patient/Observation.rs\n", "whitespace"),
        Arguments.of("patient/Observ\u00e4tion.rs", "U+00E4"),
        Arguments.of("\"openid\"", "U+0022"),
        Arguments.of("__", "name after __"),
        Arguments.of("OpenID", "write 'openid'"),
        Arguments.of("fhiruser", "write 'fhirUser'"),
        Arguments.of("offline", "expected"),
        Arguments.of("smart/orchestrate_launch", "context 'smart'"),
        Arguments.of("patient:read", "absolute with a host"),
        Arguments.of("https://", "absolute with a host"));
  }

  @ParameterizedTest
  @MethodSource("malformed")
  void rejectsMalformedScopesSayingWhy(String scope, String reason) {
    assertThat(SmartScope.problem(scope)).get().asString().contains(reason);
    assertThat(SmartScope.parse(scope)).isEmpty();
    assertThat(SmartScope.isValid(scope)).isFalse();
  }

  @Test
  void rejectsNull() {
    assertThat(SmartScope.problem(null)).contains("is empty");
  }

  @Test
  void parsesResourceScopes() {
    SmartScope scope = SmartScope.parse("patient/Observation.rs?category=laboratory").orElseThrow();
    assertThat(scope.kind()).isEqualTo(SmartScope.Kind.RESOURCE);
    assertThat(scope.context()).isEqualTo("patient");
    assertThat(scope.resourceType()).isEqualTo("Observation");
    assertThat(scope.permissions()).isEqualTo("rs");
    assertThat(scope.query()).isEqualTo("category=laboratory");
    assertThat(scope.isV2()).isTrue();
  }

  @Test
  void mapsV1PermissionsToV2Letters() {
    assertThat(SmartScope.parse("user/Patient.read").orElseThrow().v2Permissions()).isEqualTo("rs");
    assertThat(SmartScope.parse("user/Patient.write").orElseThrow().v2Permissions()).isEqualTo("cud");
    assertThat(SmartScope.parse("user/*.*").orElseThrow().v2Permissions()).isEqualTo("cruds");
    assertThat(SmartScope.parse("user/*.*").orElseThrow().isV2()).isFalse();
    assertThat(SmartScope.parse("user/*.cu").orElseThrow().v2Permissions()).isEqualTo("cu");
    assertThat(SmartScope.parse("openid").orElseThrow().v2Permissions()).isNull();
  }

  @Test
  void classifiesTheOtherScopes() {
    assertThat(SmartScope.parse("fhirUser").orElseThrow().kind()).isEqualTo(SmartScope.Kind.IDENTITY);
    assertThat(SmartScope.parse("offline_access").orElseThrow().kind()).isEqualTo(SmartScope.Kind.REFRESH);
    SmartScope launch = SmartScope.parse("launch/encounter").orElseThrow();
    assertThat(launch.kind()).isEqualTo(SmartScope.Kind.LAUNCH);
    assertThat(launch.context()).isEqualTo("encounter");
    assertThat(SmartScope.parse("__x").orElseThrow().kind()).isEqualTo(SmartScope.Kind.EXTENSION);
  }

  @Test
  void systemIsDecidedByThePrefixAsTheCrdRuleDoes() {
    assertThat(SmartScope.isSystem("system/Patient.rs")).isTrue();
    assertThat(SmartScope.isSystem("system/nonsense")).isTrue();
    assertThat(SmartScope.isSystem("user/Patient.rs")).isFalse();
    assertThat(SmartScope.isSystem("openid")).isFalse();
    assertThat(SmartScope.isSystem(null)).isFalse();
  }
}
