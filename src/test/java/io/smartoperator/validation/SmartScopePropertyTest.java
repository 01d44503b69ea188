package io.smartoperator.validation;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class SmartScopePropertyTest {
  private static final String LETTERS = "cruds";

  @Property
  void everyInOrderSubsetOfCrudsIsAccepted(@ForAll("contexts") String context, @ForAll("types") String type,
      @ForAll("nonEmptySubsetMasks") int mask) {
    StringBuilder permissions = new StringBuilder();
    for (int i = 0; i < LETTERS.length(); i++) {
      if ((mask & (1 << i)) != 0) {
        permissions.append(LETTERS.charAt(i));
      }
    }
    String scope = context + "/" + type + "." + permissions;
    assertThat(SmartScope.problem(scope)).as(scope).isEmpty();
    assertThat(SmartScope.parse(scope).orElseThrow().v2Permissions()).isEqualTo(permissions.toString());
  }

  @Property
  void lettersOutOfOrderOrRepeatedAreRejected(@ForAll("cruds") String permissions) {
    boolean inOrder = permissions.matches("c?r?u?d?s?");
    String scope = "patient/Observation." + permissions;
    assertThat(SmartScope.isValid(scope)).as(scope).isEqualTo(inOrder);
  }

  @Property
  void neverThrowsAndEitherParsesOrSaysWhy(@ForAll String anything) {
    boolean parsed = SmartScope.parse(anything).isPresent();
    boolean hasProblem = SmartScope.problem(anything).isPresent();
    assertThat(parsed).isNotEqualTo(hasProblem);
  }

  @Property
  void nothingWithWhitespaceIsAScope(@ForAll("scopesWithSpace") String scope) {
    assertThat(SmartScope.problem(scope)).get().asString().contains("whitespace");
  }

  @Provide
  Arbitrary<String> contexts() {
    return Arbitraries.of("patient", "user", "system");
  }

  @Provide
  Arbitrary<String> types() {
    return Arbitraries.oneOf(
        Arbitraries.just("*"),
        Arbitraries.strings().withCharRange('a', 'z').withCharRange('A', 'Z').ofMaxLength(20)
            .map(s -> "X" + s));
  }

  @Provide
  Arbitrary<Integer> nonEmptySubsetMasks() {
    return Arbitraries.integers().between(1, 31);
  }

  @Provide
  Arbitrary<String> cruds() {
    return Arbitraries.strings().withChars(LETTERS.toCharArray()).ofMinLength(1).ofMaxLength(6);
  }

  @Provide
  Arbitrary<String> scopesWithSpace() {
    return Arbitraries.of("openid", "patient/Observation.rs", "launch/patient", "__x")
        .flatMap(s -> Arbitraries.integers().between(0, s.length())
            .map(i -> s.substring(0, i) + " " + s.substring(i)));
  }
}
