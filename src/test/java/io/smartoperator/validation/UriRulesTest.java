package io.smartoperator.validation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.function.BiFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class UriRulesTest {
  private static final String FIELD = "spec.x";

  private static void assertAccepted(Validation validation) {
    assertThat(validation.problems()).isEmpty();
  }

  private static void assertRejected(Validation validation, String reason) {
    assertThat(validation.problems()).hasSize(1);
    assertThat(validation.problems().get(0).field()).isEqualTo(FIELD);
    assertThat(validation.problems().get(0).message()).contains(reason);
  }

  // Rules every kind of URI shares, checked against every kind.
  static Stream<Arguments> commonlyRejected() {
    Stream<BiFunction<String, String, Validation>> rules = Stream.of(
        UriRules::launchUri, UriRules::redirectUri, UriRules::healthUri,
        UriRules::fhirBaseUrl, UriRules::registrationEndpoint);
    return rules.flatMap(rule -> Stream.of(
        Arguments.of(rule, null, "is required"),
        Arguments.of(rule, "", "blank"),
        Arguments.of(rule, "   ", "blank"),
        Arguments.of(rule, "/launch", "absolute"),
        Arguments.of(rule, "example.org/launch", "absolute"),
        Arguments.of(rule, "https://example.org/a b", "not a valid URI"),
        Arguments.of(rule, "https://", "not a valid URI"),
        Arguments.of(rule, "https://example.org/cb#frag", "fragment"),
        Arguments.of(rule, "https://example.org/cb#", "fragment"),
        Arguments.of(rule, "https://user:pw@example.org/cb", "userinfo"),
        Arguments.of(rule, "https://*.example.org/cb", "wildcards"),
        Arguments.of(rule, "https://example.org/*", "wildcards"),
        Arguments.of(rule, "https://example.org/cb?x=*", "wildcards"),
        Arguments.of(rule, "https:///path", "host"),
        Arguments.of(rule, "https://bad_host/path", "host"),
        Arguments.of(rule, "https://example.org:70000/", "port"),
        Arguments.of(rule, "ftp://example.org/x", "must be"),
        Arguments.of(rule, "https://example.org/" + "a".repeat(2048), "at most 2048")));
  }

  @ParameterizedTest
  @MethodSource("commonlyRejected")
  void everyUriIsAbsoluteWithoutFragmentUserinfoOrWildcard(
      BiFunction<String, String, Validation> rule, String uri, String reason) {
    assertRejected(rule.apply(FIELD, uri), reason);
  }

  @Test
  void messagesDoNotRepeatTheUriWhichMayHoldAPassword() {
    assertThat(UriRules.launchUri(FIELD, "https://u:s3cret@example.org/").summary()).doesNotContain("s3cret");
    assertThat(UriRules.launchUri(FIELD, "https://u:s3cret@example.org/a b").summary()).doesNotContain("s3cret");
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "https://growth.example.org/launch",
      "https://growth.example.org:8443/launch?tenant=a",
      "HTTPS://Growth.Example.org/launch",
      "http://127.0.0.1:3000/launch",
      "http://127.1.2.3/launch",
      "http://[::1]:3000/launch",
      "http://[0:0:0:0:0:0:0:1]/launch",
      "https://10.0.0.1/launch",
  })
  void launchUriIsHttpsOrLoopbackHttp(String uri) {
    Validation validation = UriRules.launchUri(FIELD, uri);
    assertAccepted(validation);
    assertThat(validation.warnings()).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "http://growth.example.org/launch",
      "http://10.0.0.1/launch",
      "http://128.0.0.1/launch",
      "http://127.0.0.256/launch",
      "http://127.0.0.1.nip.io/launch",
      "http://[::2]/launch",
      "http://[::ffff:127.0.0.1]/launch",
      "com.example.app:/launch",
      "mailto:someone@example.org",
  })
  void launchUriRejectsPlainHttpElsewhereAndOtherSchemes(String uri) {
    Validation validation = UriRules.launchUri(FIELD, uri);
    assertThat(validation.ok()).as(uri).isFalse();
    assertThat(validation.problems()).extracting(Problem::field).containsOnly(FIELD);
  }

  @Test
  void launchUriOnLocalhostIsAWarningNotAProblem() {
    Validation validation = UriRules.launchUri(FIELD, "http://localhost:8080/launch");
    assertAccepted(validation);
    assertThat(validation.warnings()).singleElement().satisfies(w -> {
      assertThat(w.field()).isEqualTo(FIELD);
      assertThat(w.message()).contains("localhost");
    });
    assertThat(UriRules.launchUri(FIELD, "https://localhost/launch").warnings()).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "https://growth.example.org/callback",
      "http://127.0.0.1:53682/callback",
      "http://[::1]/callback",
      "com.example.app:/oauth2redirect",
      "com.example.app://callback",
      "org.example.growth:/cb?x=1",
  })
  void redirectUriAcceptsHttpsLoopbackAndPrivateUseSchemes(String uri) {
    assertAccepted(UriRules.redirectUri(FIELD, uri));
  }

  @Test
  void redirectUriRejections() {
    assertRejected(UriRules.redirectUri(FIELD, "myapp:/callback"), "private-use scheme with a dot");
    assertRejected(UriRules.redirectUri(FIELD, "javascript:alert(1)"), "private-use scheme with a dot");
    assertRejected(UriRules.redirectUri(FIELD, "http://growth.example.org/cb"), "loopback");
    assertRejected(UriRules.redirectUri(FIELD, "com.example.app:/cb#x"), "fragment");
    assertRejected(UriRules.redirectUri(FIELD, "com.example.app://me@cb"), "userinfo");
    assertThat(UriRules.redirectUri(FIELD, "http://localhost/cb").warnings()).hasSize(1);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "http://growth-chart.pediatrics.svc:8080/healthz",
      "http://growth-chart.pediatrics.svc.cluster.local/healthz",
      "https://growth.example.org/healthz",
      "http://10.1.2.3:9000/health?deep=true",
      "http://localhost:8080/healthz",
  })
  void healthUriIsHttpOrHttpsToAnyHost(String uri) {
    Validation validation = UriRules.healthUri(FIELD, uri);
    assertAccepted(validation);
    assertThat(validation.warnings()).isEmpty();
  }

  @Test
  void healthUriRejections() {
    assertRejected(UriRules.healthUri(FIELD, "com.example.app:/health"), "http or https");
    assertRejected(UriRules.healthUri(FIELD, "tcp://db:5432"), "http or https");
    assertRejected(UriRules.healthUri(FIELD, "http:health"), "host");
  }

  @Test
  void fhirBaseUrlIsHttpsOrLoopbackWithoutQuery() {
    assertAccepted(UriRules.fhirBaseUrl(FIELD, "https://fhir.example.org/r4"));
    assertAccepted(UriRules.fhirBaseUrl(FIELD, "http://127.0.0.1:8080/fhir"));
    assertThat(UriRules.fhirBaseUrl(FIELD, "http://localhost:8080/fhir").warnings()).hasSize(1);
    assertRejected(UriRules.fhirBaseUrl(FIELD, "https://fhir.example.org/r4?tenant=a"), "query");
    assertRejected(UriRules.fhirBaseUrl(FIELD, "https://fhir.example.org/r4?"), "query");
    assertRejected(UriRules.fhirBaseUrl(FIELD, "http://fhir.example.org/r4"), "loopback");
  }

  @Test
  void registrationEndpointIsHttpsOrLoopback() {
    assertAccepted(UriRules.registrationEndpoint(FIELD, "https://auth.example.org/register"));
    assertAccepted(UriRules.registrationEndpoint(FIELD, "http://127.0.0.1:9000/register"));
    assertRejected(UriRules.registrationEndpoint(FIELD, "http://auth.example.org/register"), "loopback");
  }

  @Test
  void loopbackHostsAreLiteralsOnly() {
    assertThat(UriRules.isLoopbackHost("127.0.0.1")).isTrue();
    assertThat(UriRules.isLoopbackHost("127.255.255.255")).isTrue();
    assertThat(UriRules.isLoopbackHost("[::1]")).isTrue();
    assertThat(UriRules.isLoopbackHost("localhost")).isFalse();
    assertThat(UriRules.isLoopbackHost("127.0.0")).isFalse();
    assertThat(UriRules.isLoopbackHost("127.0.0.999")).isFalse();
    assertThat(UriRules.isLoopbackHost("[fe80::1]")).isFalse();
    assertThat(UriRules.isLoopbackHost("[not-an-address]")).isFalse();
    assertThat(UriRules.isLoopbackHost(null)).isFalse();
  }
}
