package io.smartoperator.testing;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.Read;
import ca.uhn.fhir.rest.server.IResourceProvider;
import ca.uhn.fhir.rest.server.RestfulServer;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Enumerations;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Patient;

/**
 * A real FHIR R4 server for tests: HAPI FHIR's RestfulServer on embedded Jetty at 127.0.0.1 on a
 * free port, base {@code http://127.0.0.1:<port>/fhir/r4}. It serves HAPI's own CapabilityStatement
 * at /metadata (fhirVersion 4.0.1), one Patient ({@code Patient/example}), and a SMART
 * configuration at {@code <base>/.well-known/smart-configuration} that a test may replace at any
 * time, turn into a 404 or a non-JSON body, and a switch that makes every request answer 500.
 */
public final class FhirTestServer implements AutoCloseable {
  public static final String BASE_PATH = "/fhir/r4";
  public static final String SMART_CONFIGURATION_PATH = "/.well-known/smart-configuration";
  public static final String PATIENT_ID = "example";

  private static final ObjectMapper JSON = new ObjectMapper();

  /** What the SMART configuration path answers. */
  private record SmartAnswer(int status, String contentType, String body) {}

  private final Server jetty;
  private final String origin;
  private final AtomicReference<SmartAnswer> smartAnswer = new AtomicReference<>();
  private final AtomicBoolean failEverything = new AtomicBoolean();
  private final AtomicInteger smartConfigurationRequests = new AtomicInteger();
  private final AtomicInteger metadataRequests = new AtomicInteger();

  private FhirTestServer() throws Exception {
    // Few threads: the machines that run the tests have two cores, shared.
    jetty = new Server(new QueuedThreadPool(16, 2));
    ServerConnector connector = new ServerConnector(jetty, 1, 1);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    jetty.addConnector(connector);

    RestfulServer fhir = new RestfulServer(FhirContext.forR4Cached());
    fhir.setResourceProviders(List.of(new PatientProvider()));

    ServletContextHandler context = new ServletContextHandler("/");
    context.addServlet(new ServletHolder("fhir", fhir), BASE_PATH + "/*");
    // An exact mapping wins over the FHIR servlet's prefix mapping (Servlet spec 12.1).
    context.addServlet(new ServletHolder("smart-configuration", new SmartConfigurationServlet()),
        BASE_PATH + SMART_CONFIGURATION_PATH);
    context.addFilter(new FilterHolder(countingAndFailing()), "/*", EnumSet.of(DispatcherType.REQUEST));
    jetty.setHandler(context);
    jetty.start();
    origin = "http://127.0.0.1:" + connector.getLocalPort();
    reset();
  }

  /** Starts a server; close it when done. */
  public static FhirTestServer start() {
    try {
      FhirTestServer server = new FhirTestServer();
      server.warmUp();
      return server;
    } catch (Exception e) {
      throw new IllegalStateException("the FHIR test server did not start", e);
    }
  }

  /** The FHIR base URL, e.g. http://127.0.0.1:41234/fhir/r4: a Gateway's spec.fhirBaseUrl. */
  public String baseUrl() {
    return origin + BASE_PATH;
  }

  /**
   * Back to the start: a valid SMART configuration whose issuer is {@code <origin>/auth} (nothing is
   * served there; tests that need a real authorization server replace the document), and no
   * failures. Lets a test class share one server, since HAPI takes seconds to start.
   */
  public void reset() {
    smartConfiguration(smartConfigurationFor(origin + "/auth"));
    failEverything(false);
  }

  /** Serves {@code document} as the SMART configuration from now on (200, application/json). */
  public void smartConfiguration(Map<String, Object> document) {
    try {
      smartAnswer.set(new SmartAnswer(200, "application/json", JSON.writeValueAsString(document)));
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("the document cannot be written as JSON", e);
    }
  }

  /** Serves any body with any status at the SMART configuration path, e.g. an HTML login page. */
  public void smartConfigurationBody(int status, String contentType, String body) {
    smartAnswer.set(new SmartAnswer(status, contentType, body));
  }

  /** Answers 404 at the SMART configuration path from now on. */
  public void smartConfigurationNotFound() {
    smartConfigurationBody(404, "application/json", "{\"error\":\"not_found\"}");
  }

  /** While true, every request, /metadata and the SMART configuration included, answers 500. */
  public void failEverything(boolean fail) {
    failEverything.set(fail);
  }

  /** How many requests reached the SMART configuration path (answered or failed). */
  public int smartConfigurationRequests() {
    return smartConfigurationRequests.get();
  }

  /** How many requests reached /metadata (answered or failed). */
  public int metadataRequests() {
    return metadataRequests.get();
  }

  /**
   * A valid SMART App Launch 2.x configuration whose endpoints are those of a Spring Authorization
   * Server at {@code issuer} with its default paths: /oauth2/authorize, /oauth2/token, /oauth2/jwks
   * and OIDC dynamic client registration at /connect/register. A fresh mutable map, for tests that
   * change one field.
   */
  public static Map<String, Object> smartConfigurationFor(String issuer) {
    Map<String, Object> document = new LinkedHashMap<>();
    document.put("issuer", issuer);
    document.put("jwks_uri", issuer + "/oauth2/jwks");
    document.put("authorization_endpoint", issuer + "/oauth2/authorize");
    document.put("token_endpoint", issuer + "/oauth2/token");
    document.put("registration_endpoint", issuer + "/connect/register");
    document.put("token_endpoint_auth_methods_supported",
        List.of("client_secret_basic", "client_secret_post", "none"));
    document.put("grant_types_supported", List.of("authorization_code", "client_credentials", "refresh_token"));
    document.put("scopes_supported", List.of("openid", "fhirUser", "launch", "launch/patient", "offline_access",
        "patient/*.rs", "user/*.rs", "system/*.rs"));
    document.put("response_types_supported", List.of("code"));
    document.put("code_challenge_methods_supported", List.of("S256"));
    document.put("capabilities", List.of("launch-ehr", "launch-standalone", "client-public",
        "client-confidential-symmetric", "sso-openid-connect", "context-ehr-patient", "permission-v2"));
    return document;
  }

  /**
   * HAPI builds its CapabilityStatement on the first /metadata request, which on a busy machine
   * can take longer than a discovery's timeout: build it before a test starts.
   */
  private void warmUp() throws java.io.IOException, InterruptedException {
    var http = java.net.http.HttpClient.newHttpClient();
    http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(baseUrl() + "/metadata"))
        .timeout(java.time.Duration.ofSeconds(60)).build(), java.net.http.HttpResponse.BodyHandlers.discarding());
  }

  @Override
  public void close() {
    try {
      jetty.stop();
    } catch (Exception e) {
      throw new IllegalStateException("the FHIR test server did not stop", e);
    }
  }

  private Filter countingAndFailing() {
    return (request, response, chain) -> {
      String path = ((HttpServletRequest) request).getRequestURI();
      if (path.equals(BASE_PATH + SMART_CONFIGURATION_PATH)) {
        smartConfigurationRequests.incrementAndGet();
      } else if (path.equals(BASE_PATH + "/metadata")) {
        metadataRequests.incrementAndGet();
      }
      if (failEverything.get()) {
        write((HttpServletResponse) response, 500, "text/plain", "failing on purpose (FhirTestServer.failEverything)");
        return;
      }
      chain.doFilter(request, response);
    };
  }

  private static void write(HttpServletResponse response, int status, String contentType, String body)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    response.setStatus(status);
    response.setContentType(contentType);
    response.setContentLength(bytes.length);
    response.getOutputStream().write(bytes);
  }

  private final class SmartConfigurationServlet extends HttpServlet {
    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
      SmartAnswer answer = smartAnswer.get();
      write(response, answer.status(), answer.contentType(), answer.body());
    }
  }

  /** Reads of one fixed Patient, so that the server serves a resource and not only its metadata. */
  public static final class PatientProvider implements IResourceProvider {
    @Override
    public Class<? extends IBaseResource> getResourceType() {
      return Patient.class;
    }

    @Read
    public Patient read(@IdParam IdType id) {
      if (!PATIENT_ID.equals(id.getIdPart())) {
        throw new ResourceNotFoundException(id);
      }
      Patient patient = new Patient();
      patient.setId(PATIENT_ID);
      patient.addName().setFamily("Chalmers").addGiven("Peter");
      patient.setGender(Enumerations.AdministrativeGender.MALE);
      return patient;
    }
  }
}
