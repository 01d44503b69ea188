package io.smartoperator.gateway.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** The SMART App Launch 2.x metadata rules, without HTTP. */
class SmartConfigurationRulesTest {
  static final ObjectMapper JSON = new ObjectMapper();

  static JsonNode json(String text) throws Exception {
    return JSON.readTree(text);
  }

  @Test
  void aBackendServicesOnlyServerNeedsNoAuthorizationEndpoint() throws Exception {
    var outcome = SmartConfigurationRules.check(json("""
        {"token_endpoint": "https://auth.example.org/token",
         "grant_types_supported": ["client_credentials"],
         "capabilities": ["client-confidential-asymmetric"]}
        """));

    assertThat(outcome.valid()).as(outcome.summary()).isTrue();
    assertThat(outcome.configuration().getAuthorizationEndpoint()).isNull();
    assertThat(outcome.configuration().getScopesSupported()).isEmpty();
  }

  @Test
  void theAuthorizationCodeGrantNeedsAnAuthorizationEndpoint() throws Exception {
    var outcome = SmartConfigurationRules.check(json("""
        {"token_endpoint": "https://auth.example.org/token",
         "grant_types_supported": ["authorization_code"], "capabilities": []}
        """));

    assertThat(outcome.missing()).containsExactly("authorization_endpoint (required with the authorization_code grant)");
    assertThat(outcome.configuration()).isNull();
  }

  @Test
  void aLaunchCapabilityNeedsAnAuthorizationEndpoint() throws Exception {
    var outcome = SmartConfigurationRules.check(json("""
        {"token_endpoint": "https://auth.example.org/token",
         "grant_types_supported": ["client_credentials"], "capabilities": ["launch-standalone"]}
        """));

    assertThat(outcome.missing()).containsExactly("authorization_endpoint (required with a launch-* capability)");
  }

  @Test
  void openIdConnectNeedsIssuerAndJwksUri() throws Exception {
    var outcome = SmartConfigurationRules.check(json("""
        {"token_endpoint": "https://auth.example.org/token",
         "grant_types_supported": ["client_credentials"], "capabilities": ["sso-openid-connect"]}
        """));

    assertThat(outcome.missing()).containsExactly(
        "issuer (required with sso-openid-connect)", "jwks_uri (required with sso-openid-connect)");
  }

  @Test
  void anEmptyDocumentNamesEveryUnconditionalField() throws Exception {
    var outcome = SmartConfigurationRules.check(json("{}"));

    assertThat(outcome.missing()).containsExactly("token_endpoint", "capabilities", "grant_types_supported");
    assertThat(outcome.summary()).isEqualTo("missing token_endpoint, capabilities, grant_types_supported");
  }

  @Test
  void emptyStringsNullsAndEmptyGrantListsCountAsMissing() throws Exception {
    var outcome = SmartConfigurationRules.check(json("""
        {"token_endpoint": "", "capabilities": null, "grant_types_supported": []}
        """));

    assertThat(outcome.missing())
        .containsExactly("token_endpoint", "capabilities", "grant_types_supported (it is empty)");
  }

  @Test
  void fieldsOfTheWrongTypeAreProblems() throws Exception {
    var outcome = SmartConfigurationRules.check(json("""
        {"token_endpoint": 42, "capabilities": "launch-ehr", "grant_types_supported": ["client_credentials", 7],
         "scopes_supported": {"a": 1}}
        """));

    assertThat(outcome.problems()).containsExactly(
        "token_endpoint: must be a string (a URL)",
        "capabilities: must be an array of strings",
        "grant_types_supported: must be an array of strings",
        "scopes_supported: must be an array of strings");
  }

  @Test
  void endpointsMustBeAbsoluteHttpsOrLoopbackHttp() throws Exception {
    var outcome = SmartConfigurationRules.check(json("""
        {"token_endpoint": "/token",
         "authorization_endpoint": "http://auth.example.org/authorize",
         "registration_endpoint": "http://127.0.0.1:9000/register",
         "grant_types_supported": ["authorization_code"], "capabilities": []}
        """));

    assertThat(outcome.problems()).hasSize(2);
    assertThat(outcome.problems().get(0)).startsWith("token_endpoint: must be an absolute URI");
    assertThat(outcome.problems().get(1)).startsWith("authorization_endpoint: must be https");
  }

  @Test
  void anAuthorizationServerOnAnotherOriginIsFine() throws Exception {
    var outcome = SmartConfigurationRules.check(json("""
        {"issuer": "https://login.other.example", "jwks_uri": "https://login.other.example/jwks",
         "authorization_endpoint": "https://login.other.example/authorize",
         "token_endpoint": "https://login.other.example/token",
         "grant_types_supported": ["authorization_code"], "capabilities": ["launch-ehr", "sso-openid-connect"]}
        """));

    assertThat(outcome.valid()).as(outcome.summary()).isTrue();
    assertThat(outcome.configuration().getIssuer()).isEqualTo("https://login.other.example");
  }

  @Test
  void notAnObjectIsAProblem() throws Exception {
    assertThat(SmartConfigurationRules.check(json("[]")).problems()).containsExactly("the document must be a JSON object");
    assertThat(SmartConfigurationRules.check(null).valid()).isFalse();
  }
}
