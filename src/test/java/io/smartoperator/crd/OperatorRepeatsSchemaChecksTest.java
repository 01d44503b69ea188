package io.smartoperator.crd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.smartoperator.api.v1alpha1.Gateway;
import io.smartoperator.api.v1alpha1.SmartApp;
import io.smartoperator.validation.GatewayRules;
import io.smartoperator.validation.SmartAppRules;
import io.smartoperator.validation.Validation;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A CRD may be installed without its schema, and the test API server enforces none: the
 * operator's own validation must reject every manifest the schema and CEL rules reject, and
 * accept every one they accept.
 */
class OperatorRepeatsSchemaChecksTest {

  /** The operator's verdict, or empty when the manifest does not even bind to the Java types. */
  static Optional<Validation> operatorVerdict(JsonNode manifest) {
    String kind = manifest.path("kind").asText();
    try {
      if ("SmartApp".equals(kind)) {
        return Optional.of(SmartAppRules.validate(Serialization.jsonMapper().treeToValue(manifest, SmartApp.class)));
      }
      if ("Gateway".equals(kind)) {
        return Optional.of(GatewayRules.validate(Serialization.jsonMapper().treeToValue(manifest, Gateway.class)));
      }
    } catch (com.fasterxml.jackson.core.JsonProcessingException | IllegalArgumentException e) {
      // A type mismatch (a string where a number belongs): every API server refuses it by type.
      return Optional.empty();
    }
    throw new IllegalArgumentException("not a SmartApp or Gateway: " + kind);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("io.smartoperator.crd.SchemaValidationTest#invalidManifests")
  void everyManifestTheSchemaRejectsTheOperatorRejects(SchemaValidationTest.Invalid invalid) {
    JsonNode manifest = invalid.manifest().node();
    boolean onlyStructural = invalid.expected().stream()
        .allMatch(e -> e.check().equals(CrdSchema.UNKNOWN_FIELD) || e.check().equals(CrdSchema.METADATA) || e.check().equals(CrdSchema.KIND)
            || e.check().equals("type"));
    assumeThat(onlyStructural).as("unknown fields, metadata, kinds and types are the API server's alone").isFalse();
    Optional<Validation> verdict = operatorVerdict(manifest);
    assumeThat(verdict).as("binds to the Java types").isPresent();
    assertThat(verdict.get().ok()).as("%s: the operator accepted %s", invalid.reason(), manifest).isFalse();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("io.smartoperator.crd.SchemaValidationTest#edgeValidManifests")
  void everyEdgeValidManifestTheOperatorAccepts(SchemaValidationTest.Valid valid) {
    Validation verdict = operatorVerdict(valid.manifest().node()).orElseThrow();
    assertThat(verdict.problems()).as("%s: %s", valid.reason(), verdict.summary()).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("io.smartoperator.crd.SchemaValidationTest#exampleResources")
  void everyExampleTheOperatorAccepts(SchemaValidationTest.ExampleDocument example) {
    Validation verdict = operatorVerdict(example.document()).orElseThrow();
    assertThat(verdict.problems()).as(example.toString()).isEmpty();
  }
}
