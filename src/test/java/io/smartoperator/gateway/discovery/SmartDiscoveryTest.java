package io.smartoperator.gateway.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import io.smartoperator.api.v1alpha1.SmartConfiguration;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** SmartDiscovery against a stub HTTP server on 127.0.0.1: every way a Gateway's server can answer. */
class SmartDiscoveryTest {
  static final String BASE_PATH = "/fhir/r4";
  static final String SMART = BASE_PATH + "/.well-known/smart-configuration";
  static final String METADATA = BASE_PATH + "/metadata";

  static final String VALID_SMART = """
      {
        "issuer": "https://auth.example.org",
        "jwks_uri": "https://auth.example.org/jwks",
        "authorization_endpoint": "https://auth.example.org/authorize",
        "token_endpoint": "https://auth.example.org/token",
        "registration_endpoint": "https://auth.example.org/register",
        "token_endpoint_auth_methods_supported": ["client_secret_basic", "private_key_jwt"],
        "grant_types_supported": ["authorization_code", "client_credentials"],
        "scopes_supported": ["openid", "fhirUser", "launch", "patient/*.rs"],
        "response_types_supported": ["code"],
        "capabilities": ["launch-ehr", "client-public", "client-confidential-symmetric", "sso-openid-connect"],
        "code_challenge_methods_supported": ["S256"]
      }
      """;
  static final String CAPABILITY_STATEMENT = """
      {"resourceType": "CapabilityStatement", "status": "active", "kind": "instance",
       "fhirVersion": "4.0.1", "format": ["json"], "rest": [{"mode": "server"}]}
      """;

  StubServer server;
  SmartDiscovery discovery = new SmartDiscovery(Duration.ofSeconds(2), SmartDiscovery.DEFAULT_MAX_BODY_BYTES);

  @BeforeEach
  void start() throws Exception {
    server = new StubServer();
    server.json(SMART, 200, VALID_SMART);
    server.on(METADATA, exchange -> StubServer.send(exchange, 200, "application/fhir+json", CAPABILITY_STATEMENT));
  }

  @AfterEach
  void stop() {
    server.close();
  }

  String base() {
    return server.url(BASE_PATH);
  }

  @Test
  void aValidDocumentAndCapabilityStatementAreDiscovered() {
    DiscoveryResult result = discovery.discover(base());

    assertThat(result.reason()).isEqualTo(DiscoveryReason.Discovered);
    assertThat(result.status()).isEqualTo("True");
    assertThat(result.fhirVersion()).isEqualTo("4.0.1");
    assertThat(result.metadataProblem()).isNull();
    SmartConfiguration configuration = result.configuration();
    assertThat(configuration.getIssuer()).isEqualTo("https://auth.example.org");
    assertThat(configuration.getAuthorizationEndpoint()).isEqualTo("https://auth.example.org/authorize");
    assertThat(configuration.getTokenEndpoint()).isEqualTo("https://auth.example.org/token");
    assertThat(configuration.getRegistrationEndpoint()).isEqualTo("https://auth.example.org/register");
    assertThat(configuration.getCapabilities())
        .containsExactly("launch-ehr", "client-public", "client-confidential-symmetric", "sso-openid-connect");
    assertThat(configuration.getGrantTypesSupported()).containsExactly("authorization_code", "client_credentials");
    assertThat(configuration.getTokenEndpointAuthMethodsSupported())
        .containsExactly("client_secret_basic", "private_key_jwt");
    assertThat(configuration.getScopesSupported()).containsExactly("openid", "fhirUser", "launch", "patient/*.rs");
    assertThat(result.message()).contains(SMART, METADATA, "4.0.1");
  }

  @Test
  void aTrailingSlashOnTheBaseUrlMakesNoDifference() {
    assertThat(discovery.discover(base() + "/")).isEqualTo(discovery.discover(base()));
    assertThat(discovery.discover(base() + "/").discovered()).isTrue();
  }

  @Test
  void everyMissingRequiredFieldIsNamed() {
    server.json(SMART, 200, """
        {"capabilities": ["launch-standalone", "sso-openid-connect"], "registration_endpoint": "https://a.example/r"}
        """);

    DiscoveryResult result = discovery.discover(base());

    assertThat(result.reason()).isEqualTo(DiscoveryReason.Invalid);
    assertThat(result.status()).isEqualTo("False");
    assertThat(result.configuration()).isNull();
    assertThat(result.message())
        .contains(SMART)
        .contains("token_endpoint", "grant_types_supported", "authorization_endpoint", "issuer", "jwks_uri")
        .doesNotContain("capabilities");
  }

  @Test
  void anEndpointThatIsNotHttpsIsInvalidAndNamed() {
    server.json(SMART, 200, VALID_SMART.replace("https://auth.example.org/token", "http://auth.example.org/token"));

    DiscoveryResult result = discovery.discover(base());

    assertThat(result.reason()).isEqualTo(DiscoveryReason.Invalid);
    assertThat(result.message()).contains("token_endpoint: must be https");
  }

  @Test
  void a404IsNotFound() {
    server.json(SMART, 404, "{\"error\": \"nope\"}");

    DiscoveryResult result = discovery.discover(base());

    assertThat(result.reason()).isEqualTo(DiscoveryReason.NotFound);
    assertThat(result.status()).isEqualTo("False");
    assertThat(result.message()).contains("HTTP 404", "spec.fhirBaseUrl");
    assertThat(result.configuration()).isNull();
    // /metadata was fine, so it is still reported.
    assertThat(result.fhirVersion()).isEqualTo("4.0.1");
  }

  @Test
  void aBodyThatIsNotJsonIsInvalid() {
    server.on(SMART, exchange -> StubServer.send(exchange, 200, "text/html", "<html><body>login</body></html>"));

    DiscoveryResult result = discovery.discover(base());

    assertThat(result.reason()).isEqualTo(DiscoveryReason.Invalid);
    assertThat(result.message()).contains("not a JSON object", "text/html");
  }

  @Test
  void aJsonArrayIsNotADocument() {
    server.json(SMART, 200, "[1, 2]");

    assertThat(discovery.discover(base()).reason()).isEqualTo(DiscoveryReason.Invalid);
  }

  @Test
  void a500IsUnreachableWithTheStatus() {
    server.json(SMART, 500, "{}");

    DiscoveryResult result = discovery.discover(base());

    assertThat(result.reason()).isEqualTo(DiscoveryReason.Unreachable);
    assertThat(result.status()).isEqualTo("False");
    assertThat(result.message()).contains("HTTP 500");
  }

  @Test
  void a401IsInvalidBecauseTheDocumentMustBePublic() {
    server.json(SMART, 401, "{}");

    DiscoveryResult result = discovery.discover(base());

    assertThat(result.reason()).isEqualTo(DiscoveryReason.Invalid);
    assertThat(result.message()).contains("HTTP 401", "without authentication");
  }

  @Test
  void aRefusedConnectionIsUnreachable() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort();
    }

    DiscoveryResult result = discovery.discover("http://127.0.0.1:" + port + BASE_PATH);

    assertThat(result.reason()).isEqualTo(DiscoveryReason.Unreachable);
    assertThat(result.message()).contains("connection refused");
    assertThat(result.metadataProblem()).contains("connection refused");
  }

  @Test
  void aHostThatDoesNotResolveIsUnreachable() {
    DiscoveryResult result = discovery.discover("https://no-such-host.invalid/fhir");

    assertThat(result.reason()).isEqualTo(DiscoveryReason.Unreachable);
    assertThat(result.message()).contains("does not resolve");
  }

  @Test
  void anAddressThatNeverAnswersIsUnreachable() {
    // 2001:db8::/32 is for documentation: nothing routes there, so connecting times out (or fails
    // at once where the machine has no IPv6 route).
    SmartDiscovery impatient = new SmartDiscovery(Duration.ofMillis(300), SmartDiscovery.DEFAULT_MAX_BODY_BYTES);

    DiscoveryResult result = impatient.discover("https://[2001:db8::1]/fhir");

    assertThat(result.reason()).isEqualTo(DiscoveryReason.Unreachable);
    // Where the machine has no IPv6 route the connection fails at once instead.
    assertThat(result.message()).containsAnyOf("no complete answer within 300 ms", "could not connect: ");
  }

  @Test
  void aSlowServerTimesOut() {
    server.on(SMART, exchange -> {
      Thread.sleep(10_000);
      StubServer.send(exchange, 200, "application/json", VALID_SMART);
    });
    SmartDiscovery impatient = new SmartDiscovery(Duration.ofMillis(300), SmartDiscovery.DEFAULT_MAX_BODY_BYTES);

    long started = System.nanoTime();
    DiscoveryResult result = impatient.discover(base());

    assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started)).isLessThan(3_000);
    assertThat(result.reason()).isEqualTo(DiscoveryReason.Unreachable);
    assertThat(result.message()).contains("no complete answer within 300 ms");
  }

  @Test
  void aBodyThatTricklesTimesOutToo() {
    // Headers come at once, the body never finishes: the request timeout alone would not end this.
    server.on(SMART, exchange -> {
      exchange.sendResponseHeaders(200, 0);
      var out = exchange.getResponseBody();
      out.write('{');
      out.flush();
      Thread.sleep(10_000);
    });
    SmartDiscovery impatient = new SmartDiscovery(Duration.ofMillis(300), SmartDiscovery.DEFAULT_MAX_BODY_BYTES);

    long started = System.nanoTime();
    DiscoveryResult result = impatient.discover(base());

    assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started)).isLessThan(3_000);
    assertThat(result.reason()).isEqualTo(DiscoveryReason.Unreachable);
    assertThat(result.message()).contains("no complete answer");
  }

  @Test
  void redirectsShareOneDeadline() {
    // Each hop alone is within the timeout; the three together are not.
    for (String from : new String[] {"/a", "/b", "/c"}) {
      String to = switch (from) {
        case "/a" -> "/b";
        case "/b" -> "/c";
        default -> SMART;
      };
      server.on(from + SMART, exchange -> {
        Thread.sleep(250);
        exchange.getResponseHeaders().set("Location", to.equals(SMART) ? SMART : to + SMART);
        exchange.sendResponseHeaders(302, -1);
      });
    }
    server.redirect("/a" + METADATA, 302, METADATA);
    SmartDiscovery impatient = new SmartDiscovery(Duration.ofMillis(500), SmartDiscovery.DEFAULT_MAX_BODY_BYTES);

    DiscoveryResult result = impatient.discover(server.url("/a" + BASE_PATH));

    assertThat(result.reason()).isEqualTo(DiscoveryReason.Unreachable);
    assertThat(result.message()).contains("no complete answer within 500 ms");
  }

  @Test
  void aHugeBodyIsCutAtTheCap() {
    server.endless(SMART);
    int cap = 64 * 1024;
    SmartDiscovery capped = new SmartDiscovery(Duration.ofSeconds(5), cap);

    DiscoveryResult result = capped.discover(base());

    // Unreachable (a timeout) would mean the body was read on and on.
    assertThat(result.reason()).isEqualTo(DiscoveryReason.Invalid);
    assertThat(result.message()).contains("larger than " + cap + " bytes");
    assertThat(server.endlessBytesWritten.get()).isLessThan(64L * 1024 * 1024);
  }

  @Test
  void aMetadataOfTheWrongResourceTypeMakesDiscoveryInvalid() {
    server.json(METADATA, 200, "{\"resourceType\": \"Patient\", \"id\": \"1\"}");

    DiscoveryResult result = discovery.discover(base());

    assertThat(result.reason()).isEqualTo(DiscoveryReason.Invalid);
    assertThat(result.status()).isEqualTo("False");
    assertThat(result.metadataProblem()).contains(METADATA, "has resourceType Patient, not CapabilityStatement");
    assertThat(result.message()).contains("SMART configuration is fine", METADATA);
    assertThat(result.fhirVersion()).isNull();
    // The SMART configuration itself was fine and is kept for the controller to show.
    assertThat(result.configuration().getTokenEndpoint()).isEqualTo("https://auth.example.org/token");
  }

  @Test
  void aMetadataThatIsNotJsonMakesDiscoveryInvalid() {
    server.on(METADATA, exchange -> StubServer.send(exchange, 200, "text/html", "<html/>"));

    DiscoveryResult result = discovery.discover(base());

    assertThat(result.reason()).isEqualTo(DiscoveryReason.Invalid);
    assertThat(result.metadataProblem()).contains(METADATA, "not", "JSON");
  }

  @Test
  void aMetadata404MakesDiscoveryInvalid() {
    server.json(METADATA, 404, "{}");

    DiscoveryResult result = discovery.discover(base());

    assertThat(result.reason()).isEqualTo(DiscoveryReason.Invalid);
    assertThat(result.metadataProblem()).contains(METADATA, "HTTP 404");
  }

  @Test
  void aMetadata500MakesDiscoveryUnreachable() {
    server.json(METADATA, 500, "{}");

    DiscoveryResult result = discovery.discover(base());

    assertThat(result.reason()).isEqualTo(DiscoveryReason.Unreachable);
    assertThat(result.metadataProblem()).contains(METADATA, "HTTP 500");
  }

  @Test
  void aDstu2ConformanceIsACapabilityStatement() {
    server.json(METADATA, 200, "{\"resourceType\": \"Conformance\", \"fhirVersion\": \"1.0.2\"}");

    DiscoveryResult result = discovery.discover(base());

    assertThat(result.reason()).isEqualTo(DiscoveryReason.Discovered);
    assertThat(result.fhirVersion()).isEqualTo("1.0.2");
  }

  @Test
  void bothProblemsAreReportedWhenBothDocumentsFail() {
    server.json(SMART, 404, "{}");
    server.json(METADATA, 200, "{\"resourceType\": \"Bundle\"}");

    DiscoveryResult result = discovery.discover(base());

    assertThat(result.reason()).isEqualTo(DiscoveryReason.NotFound);
    assertThat(result.message()).contains("HTTP 404", "has resourceType Bundle");
    assertThat(result.metadataProblem()).contains("has resourceType Bundle");
  }

  @Test
  void aRedirectOnTheSameLoopbackServerIsFollowed() {
    server.redirect("/old" + SMART, 301, server.url(SMART));
    server.redirect("/old" + METADATA, 302, METADATA);

    DiscoveryResult result = discovery.discover(server.url("/old" + BASE_PATH));

    assertThat(result.reason()).isEqualTo(DiscoveryReason.Discovered);
    assertThat(result.fhirVersion()).isEqualTo("4.0.1");
  }

  @Test
  void aRedirectToPlainHttpElsewhereIsRefused() {
    server.redirect(SMART, 302, "http://169.254.169.254/latest/meta-data?token=secret");

    DiscoveryResult result = discovery.discover(base());

    assertThat(result.reason()).isEqualTo(DiscoveryReason.Invalid);
    assertThat(result.message())
        .contains("http://169.254.169.254/latest/meta-data", "not https")
        .doesNotContain("secret");
  }

  @Test
  void aRedirectLoopEnds() {
    server.redirect(SMART, 307, SMART);

    DiscoveryResult result = discovery.discover(base());

    assertThat(result.reason()).isEqualTo(DiscoveryReason.Invalid);
    assertThat(result.message()).contains("redirects more than 3 times");
  }

  @Test
  void aBaseUrlThatBreaksTheUriRulesIsInvalidWithoutAnyRequest() {
    DiscoveryResult result = discovery.discover("http://fhir.example.org/r4");

    assertThat(result.reason()).isEqualTo(DiscoveryReason.Invalid);
    assertThat(result.message()).contains("spec.fhirBaseUrl", "https");
    assertThat(discovery.discover(null).reason()).isEqualTo(DiscoveryReason.Invalid);
  }

  @Test
  void theSameAnswersGiveEqualResultsAndAChangeShows() {
    DiscoveryResult first = discovery.discover(base());
    DiscoveryResult second = discovery.discover(base());
    assertThat(second).isEqualTo(first);
    assertThat(second.hashCode()).isEqualTo(first.hashCode());
    assertThat(second.fingerprint()).isEqualTo(first.fingerprint());

    server.json(SMART, 200, VALID_SMART.replace("\"client-public\", ", ""));
    DiscoveryResult changed = discovery.discover(base());

    assertThat(changed.discovered()).isTrue();
    assertThat(changed).isNotEqualTo(first);
    assertThat(changed.fingerprint()).isNotEqualTo(first.fingerprint());
  }

  @Test
  void changingTheReturnedConfigurationDoesNotChangeTheResult() {
    DiscoveryResult result = discovery.discover(base());
    String fingerprint = result.fingerprint();

    result.configuration().getCapabilities().clear();
    result.configuration().setTokenEndpoint("https://elsewhere.example/token");

    assertThat(result.fingerprint()).isEqualTo(fingerprint);
    assertThat(result.configuration().getCapabilities()).isNotEmpty();
  }
}
