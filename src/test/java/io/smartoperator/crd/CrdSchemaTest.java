package io.smartoperator.crd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The checker itself, on a small CRD made to exercise each Kubernetes rule it models. */
class CrdSchemaTest {
  private static final String WIDGET_CRD = """
      apiVersion: apiextensions.k8s.io/v1
      kind: CustomResourceDefinition
      metadata: {name: widgets.test.io}
      spec:
        group: test.io
        names: {kind: Widget, plural: widgets}
        scope: Namespaced
        versions:
        - name: v1
          served: true
          storage: true
          schema:
            openAPIV3Schema:
              type: object
              properties:
                spec:
                  type: object
                  x-kubernetes-validations:
                  - rule: "!has(self.optional) || self.optional != ''"
                    message: optional must not be empty when present
                  - rule: "!has(self.ratio) || self.ratio <= 1.0"
                    message: ratio is at most 1
                  properties:
                    optional: {type: string}
                    ratio: {type: number}
                    code: {type: string, pattern: '^[A-Z]+$'}
                    kind: {type: string, enum: [a, b]}
                    parts:
                      type: array
                      maxItems: 3
                      items:
                        type: object
                        x-kubernetes-validations:
                        - rule: "self.min <= self.max"
                          message: min must not exceed max
                        properties:
                          min: {type: integer}
                          max: {type: integer}
                    labels:
                      type: object
                      additionalProperties:
                        type: string
                        x-kubernetes-validations:
                        - rule: "self.size() <= 5"
                          message: label values are short
                    free:
                      type: object
                      x-kubernetes-preserve-unknown-fields: true
                    tag:
                      type: string
                      x-kubernetes-validations:
                      - rule: "self == oldSelf"
                        message: tag is immutable
      """;

  private static final CrdSchema WIDGETS = CrdSchema.of(List.of(YamlDocuments.parse(WIDGET_CRD)));

  private static JsonNode widget(String spec) {
    return YamlDocuments.parse("""
        apiVersion: test.io/v1
        kind: Widget
        metadata: {name: w, namespace: default}
        spec: %s
        """.formatted(spec));
  }

  private static List<String> violations(String spec) {
    return WIDGETS.violations(widget(spec));
  }

  @Test
  void aValidObjectHasNoViolations() {
    assertThat(violations("{optional: x, ratio: 0.5, code: AB, kind: a, parts: [{min: 1, max: 2}],"
        + " labels: {team: blue}, free: {anything: [1, 2]}, tag: t}")).isEmpty();
  }

  @Test
  void aRuleRunsAtEveryItemOfAnArray() {
    assertThat(violations("{parts: [{min: 1, max: 2}, {min: 3, max: 1}, {min: 5, max: 4}]}")).containsExactly(
        "rule at spec.parts[1]: min must not exceed max",
        "rule at spec.parts[2]: min must not exceed max");
  }

  @Test
  void aRuleRunsAtEveryValueOfAMap() {
    assertThat(violations("{labels: {team: blue, owner: much-too-long}}"))
        .containsExactly("rule at spec.labels[owner]: label values are short");
  }

  @Test
  void hasIsFalseForAnAbsentFieldAndNullFieldsArePruned() {
    assertThat(violations("{}")).isEmpty();
    assertThat(violations("{optional: null}")).isEmpty();
    assertThat(violations("{optional: ''}")).containsExactly("rule at spec: optional must not be empty when present");
  }

  @Test
  void anIntegralValueInANumberFieldIsADoubleToCel() {
    // Without the conversion CEL would compare int to double and fail with "no matching overload".
    assertThat(violations("{ratio: 1}")).isEmpty();
    assertThat(violations("{ratio: 2}")).containsExactly("rule at spec: ratio is at most 1");
  }

  @Test
  void aRuleThatCannotBeEvaluatedIsAViolation() {
    assertThat(violations("{parts: [{min: 1}]}")).singleElement().asString()
        .startsWith("rule at spec.parts[0]: evaluation error in rule self.min <= self.max");
  }

  @Test
  void unknownFieldsAreRefusedExceptWhereTheSchemaPreservesThem() {
    assertThat(violations("{colour: red, free: {colour: red}}"))
        .containsExactly("unknown-field at spec.colour: unknown field \"spec.colour\"");
    JsonNode topLevelTypo = YamlDocuments.parse("{apiVersion: test.io/v1, kind: Widget, metadata: {name: w}, specs: {}}");
    assertThat(WIDGETS.violations(topLevelTypo)).containsExactly("unknown-field at specs: unknown field \"specs\"");
  }

  @Test
  void blockingSchemaErrorsKeepRulesFromRunningOthersDoNot() {
    // enum is blocking (the API server skips CEL); pattern is not.
    assertThat(violations("{kind: c, optional: ''}")).extracting(v -> v.substring(0, v.indexOf(':')))
        .containsExactly("enum at spec.kind");
    assertThat(violations("{code: ab, optional: ''}")).extracting(v -> v.substring(0, v.indexOf(':')))
        .containsExactlyInAnyOrder("pattern at spec.code", "rule at spec");
  }

  @Test
  void transitionRulesAreSkippedOnCreate() {
    assertThat(violations("{tag: anything}")).isEmpty();
  }

  @Test
  void metadataNameAndKindAreChecked() {
    JsonNode badName = YamlDocuments.parse("{apiVersion: test.io/v1, kind: Widget, metadata: {name: My_Widget}, spec: {}}");
    assertThat(WIDGETS.check(badName)).extracting(CrdSchema.Violation::check, CrdSchema.Violation::path)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("metadata", "metadata.name"));
    JsonNode wrongVersion = YamlDocuments.parse("{apiVersion: test.io/v2, kind: Widget, metadata: {name: w}}");
    assertThat(WIDGETS.violations(wrongVersion)).containsExactly("kind at <root>: no CRD here serves test.io/v2 Widget");
    assertThat(WIDGETS.serves(wrongVersion)).isFalse();
    assertThat(WIDGETS.serves(widget("{}"))).isTrue();
  }

  @Test
  void aRuleOnAnUndefinedFieldFailsLikeCrdCreation() {
    // With self as dyn, has(self.optinal) would quietly be false; the API server's typed compile refuses it.
    assertThatThrownBy(() -> crdWithRule("!has(self.optinal)"))
        .hasMessageContaining("undefined field 'optinal'");
    assertThatThrownBy(() -> crdWithRule("self.parts.all(p, p.min < 3) && self.free.x == 1 && self.lables.a == 'b'"))
        .hasMessageContaining("undefined field 'lables'");
  }

  @Test
  void aRuleThatDoesNotCompileOrIsNotBooleanFailsLikeCrdCreation() {
    assertThatThrownBy(() -> crdWithRule("self.optional ==")).hasMessageContaining("does not compile");
    assertThatThrownBy(() -> crdWithRule("size(self.optional)")).hasMessageContaining("does not compile");
  }

  private static CrdSchema crdWithRule(String rule) {
    String crd = WIDGET_CRD.replace("\"!has(self.optional) || self.optional != ''\"", "\"" + rule + "\"");
    assertThat(crd).as("rule replaced").contains(rule);
    return CrdSchema.of(List.of(YamlDocuments.parse(crd)));
  }
}
