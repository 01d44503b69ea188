package io.smartoperator.gateway.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smartoperator.testing.FhirTestServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** SmartDiscovery against a real HAPI FHIR server (FhirTestServer), and that server's own switches. */
class SmartDiscoveryAgainstHapiTest {
  static FhirTestServer fhir;
  final SmartDiscovery discovery = new SmartDiscovery(Duration.ofSeconds(5), SmartDiscovery.DEFAULT_MAX_BODY_BYTES);

  @BeforeAll
  static void start() {
    fhir = FhirTestServer.start();
  }

  @AfterAll
  static void stop() {
    fhir.close();
  }

  @BeforeEach
  void reset() {
    fhir.reset();
  }

  @Test
  void hapiIsDiscoveredWithFhir401() {
    DiscoveryResult result = discovery.discover(fhir.baseUrl());

    assertThat(result.reason()).as(result.message()).isEqualTo(DiscoveryReason.Discovered);
    assertThat(result.fhirVersion()).isEqualTo("4.0.1");
    assertThat(CapabilityStatementRules.release(result.fhirVersion())).hasValue("R4");
    String origin = fhir.baseUrl().replace(FhirTestServer.BASE_PATH, "");
    assertThat(result.configuration().getIssuer()).isEqualTo(origin + "/auth");
    assertThat(result.configuration().getTokenEndpoint()).isEqualTo(origin + "/auth/oauth2/token");
    assertThat(result.configuration().getRegistrationEndpoint()).isEqualTo(origin + "/auth/connect/register");
  }

  @Test
  void hapiServesTheFixedPatientAndA404ForOthers() throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    HttpResponse<String> found = http.send(HttpRequest.newBuilder(URI.create(fhir.baseUrl() + "/Patient/example"))
        .header("Accept", "application/fhir+json").build(), HttpResponse.BodyHandlers.ofString());
    HttpResponse<String> missing = http.send(HttpRequest.newBuilder(URI.create(fhir.baseUrl() + "/Patient/other"))
        .header("Accept", "application/fhir+json").build(), HttpResponse.BodyHandlers.ofString());

    assertThat(found.statusCode()).isEqualTo(200);
    JsonNode patient = new ObjectMapper().readTree(found.body());
    assertThat(patient.path("resourceType").asText()).isEqualTo("Patient");
    assertThat(patient.path("name").path(0).path("family").asText()).isEqualTo("Chalmers");
    assertThat(missing.statusCode()).isEqualTo(404);
  }

  @Test
  void anInvalidDocumentIsInvalidWithItsMissingFieldsNamed() {
    Map<String, Object> document = FhirTestServer.smartConfigurationFor("https://auth.example.org");
    document.remove("token_endpoint");
    document.remove("authorization_endpoint");
    fhir.smartConfiguration(document);

    DiscoveryResult result = discovery.discover(fhir.baseUrl());

    assertThat(result.reason()).isEqualTo(DiscoveryReason.Invalid);
    assertThat(result.message()).contains("token_endpoint", "authorization_endpoint");
    // /metadata is still HAPI's and still read.
    assertThat(result.fhirVersion()).isEqualTo("4.0.1");
  }

  @Test
  void aNonJsonBodyIsInvalid() {
    fhir.smartConfigurationBody(200, "text/html", "<html>sign in</html>");

    assertThat(discovery.discover(fhir.baseUrl()).reason()).isEqualTo(DiscoveryReason.Invalid);
  }

  @Test
  void aMissingDocumentIsNotFound() {
    fhir.smartConfigurationNotFound();

    assertThat(discovery.discover(fhir.baseUrl()).reason()).isEqualTo(DiscoveryReason.NotFound);
  }

  @Test
  void theFailingModeIsUnreachableUntilItIsSwitchedOff() {
    fhir.failEverything(true);

    DiscoveryResult failing = discovery.discover(fhir.baseUrl());

    assertThat(failing.reason()).isEqualTo(DiscoveryReason.Unreachable);
    assertThat(failing.message()).contains("HTTP 500");
    assertThat(failing.metadataProblem()).contains("/metadata", "HTTP 500");

    fhir.failEverything(false);

    assertThat(discovery.discover(fhir.baseUrl()).discovered()).isTrue();
  }

  @Test
  void aReplacedDocumentIsWhatTheNextDiscoverySees() {
    DiscoveryResult before = discovery.discover(fhir.baseUrl());
    fhir.smartConfiguration(FhirTestServer.smartConfigurationFor("https://login.example.org"));

    DiscoveryResult after = discovery.discover(fhir.baseUrl());

    assertThat(after.discovered()).isTrue();
    assertThat(after.configuration().getTokenEndpoint()).isEqualTo("https://login.example.org/oauth2/token");
    assertThat(after.fingerprint()).isNotEqualTo(before.fingerprint());
  }

  @Test
  void requestsAreCounted() {
    int smart = fhir.smartConfigurationRequests();
    int metadata = fhir.metadataRequests();

    discovery.discover(fhir.baseUrl());

    assertThat(fhir.smartConfigurationRequests()).isEqualTo(smart + 1);
    assertThat(fhir.metadataRequests()).isEqualTo(metadata + 1);
  }
}
