package io.smartoperator.gateway.discovery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smartoperator.api.v1alpha1.SmartConfiguration;
import io.smartoperator.validation.UriRules;
import io.smartoperator.validation.Validation;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLException;

/**
 * Reads a Gateway's SMART configuration ({@code <fhirBaseUrl>/.well-known/smart-configuration})
 * and CapabilityStatement ({@code <fhirBaseUrl>/metadata}) and says what they amount to. No
 * Kubernetes I/O; {@link #discover} never throws. One instance is meant to be shared: it holds one
 * JDK HttpClient.
 *
 * <p>Bounds: each of the two reads, redirects included, must finish within the timeout (default
 * 5 s), and reads at most the size cap (default 1 MiB) of a body. The two reads run in parallel.
 *
 * <p>Redirects: at most {@value #MAX_REDIRECTS} are followed, and only to https, or to http on a
 * loopback host when the request that was redirected was itself http on a loopback host (tests).
 * So a redirect never downgrades https, and never reaches a plain-http address a fhirBaseUrl
 * could not name, such as a cloud metadata service. A refused redirect is {@code Invalid}: the
 * user fixes it by writing the URL the server redirects to.
 *
 * <p>Decisions: the SMART configuration decides the reason first. When it is fine, a /metadata
 * that is not a CapabilityStatement makes the result {@code Invalid} (or {@code Unreachable} when
 * /metadata failed to answer), because a FHIR endpoint without one is not a working FHIR server
 * and launching apps against it would fail.
 */
public final class SmartDiscovery {
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);
  public static final int DEFAULT_MAX_BODY_BYTES = 1 << 20;
  public static final String SMART_CONFIGURATION_PATH = "/.well-known/smart-configuration";
  public static final String METADATA_PATH = "/metadata";
  static final int MAX_REDIRECTS = 3;

  private final HttpClient http;
  private final Duration timeout;
  private final int maxBodyBytes;
  private final ObjectMapper json = new ObjectMapper();

  public SmartDiscovery() {
    this(DEFAULT_TIMEOUT, DEFAULT_MAX_BODY_BYTES);
  }

  public SmartDiscovery(Duration timeout, int maxBodyBytes) {
    if (timeout == null || timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout must be positive");
    }
    if (maxBodyBytes < 1) {
      throw new IllegalArgumentException("maxBodyBytes must be positive");
    }
    this.timeout = timeout;
    this.maxBodyBytes = maxBodyBytes;
    // HTTP/1.1: two small GETs gain nothing from HTTP/2, and plain-http h2c upgrades confuse some
    // servers. Redirects are followed by hand, under the rules above.
    this.http = HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .followRedirects(HttpClient.Redirect.NEVER)
        .connectTimeout(timeout)
        .build();
  }

  public Duration timeout() {
    return timeout;
  }

  public int maxBodyBytes() {
    return maxBodyBytes;
  }

  /** Discovers the Gateway at {@code fhirBaseUrl}. Never throws. */
  public DiscoveryResult discover(String fhirBaseUrl) {
    try {
      return discoverOrFail(fhirBaseUrl);
    } catch (RuntimeException e) {
      // A bug here must not stop a reconcile; say what broke so that it gets reported.
      return new DiscoveryResult(DiscoveryReason.Unreachable,
          "discovery failed unexpectedly: " + e.getClass().getSimpleName(), null, null, null);
    }
  }

  private DiscoveryResult discoverOrFail(String fhirBaseUrl) {
    Validation validation = UriRules.fhirBaseUrl("spec.fhirBaseUrl", fhirBaseUrl);
    if (!validation.ok()) {
      return new DiscoveryResult(DiscoveryReason.Invalid, validation.summary(), null, null, null);
    }
    String base = fhirBaseUrl.replaceAll("/+$", "");
    URI smartUri = URI.create(base + SMART_CONFIGURATION_PATH);
    URI metadataUri = URI.create(base + METADATA_PATH);
    CompletableFuture<Fetched> smart = fetch(smartUri, "application/json");
    CompletableFuture<Fetched> metadata = fetch(metadataUri, "application/fhir+json");

    SmartOutcome smartOutcome = smartConfiguration(smartUri, smart.join());
    MetadataOutcome metadataOutcome = metadata(metadataUri, metadata.join());

    if (smartOutcome.reason != DiscoveryReason.Discovered) {
      String message = metadataOutcome.problem == null
          ? smartOutcome.message
          : smartOutcome.message + ". Also " + metadataOutcome.problem;
      return new DiscoveryResult(smartOutcome.reason, message, null, metadataOutcome.fhirVersion,
          metadataOutcome.problem);
    }
    if (metadataOutcome.problem != null) {
      return new DiscoveryResult(metadataOutcome.reason,
          "the SMART configuration is fine, but " + metadataOutcome.problem,
          smartOutcome.configuration, null, metadataOutcome.problem);
    }
    return new DiscoveryResult(DiscoveryReason.Discovered,
        "read the SMART configuration at " + smartUri + " and a CapabilityStatement with FHIR "
            + metadataOutcome.fhirVersion + " at " + metadataUri,
        smartOutcome.configuration, metadataOutcome.fhirVersion, null);
  }

  private record SmartOutcome(
      DiscoveryReason reason, String message, SmartConfiguration configuration) {}

  private record MetadataOutcome(DiscoveryReason reason, String problem, String fhirVersion) {}

  private SmartOutcome smartConfiguration(URI uri, Fetched fetched) {
    String what = "the SMART configuration at " + uri;
    if (fetched instanceof Fetched.Failed failed) {
      return new SmartOutcome(DiscoveryReason.Unreachable,
          what + " is unreachable: " + failed.cause() + ". Check spec.fhirBaseUrl and that the server is up",
          null);
    }
    if (fetched instanceof Fetched.RefusedRedirect refused) {
      return new SmartOutcome(DiscoveryReason.Invalid, what + " " + refused.why(), null);
    }
    Fetched.Answer answer = (Fetched.Answer) fetched;
    int status = answer.status();
    if (status == 404 || status == 410) {
      return new SmartOutcome(DiscoveryReason.NotFound,
          what + " answered HTTP " + status + ": the server publishes no SMART configuration there. "
              + "Check that spec.fhirBaseUrl is the FHIR base URL (the iss of launches), or publish the document",
          null);
    }
    if (transientFailure(status)) {
      return new SmartOutcome(DiscoveryReason.Unreachable,
          what + " answered HTTP " + status + "; the server is failing, discovery will be tried again", null);
    }
    if (status < 200 || status > 299) {
      return new SmartOutcome(DiscoveryReason.Invalid, what + " answered HTTP " + status
          + (status == 401 || status == 403
              ? ": SMART App Launch requires the document to be readable without authentication"
              : ", not 200 with the document"),
          null);
    }
    if (answer.cut()) {
      return new SmartOutcome(DiscoveryReason.Invalid,
          what + " is larger than " + maxBodyBytes + " bytes; a SMART configuration is a few kilobytes", null);
    }
    JsonNode document;
    try {
      document = json.readTree(answer.body());
    } catch (IOException e) {
      document = null;
    }
    if (document == null || !document.isObject()) {
      return new SmartOutcome(DiscoveryReason.Invalid,
          what + " is not a JSON object" + contentType(answer) + "; serve it as application/json", null);
    }
    SmartConfigurationRules.Outcome outcome = SmartConfigurationRules.check(document);
    if (!outcome.valid()) {
      return new SmartOutcome(DiscoveryReason.Invalid, what + " is invalid: " + outcome.summary(), null);
    }
    return new SmartOutcome(DiscoveryReason.Discovered, what + " is valid", outcome.configuration());
  }

  private MetadataOutcome metadata(URI uri, Fetched fetched) {
    String what = uri + " (the CapabilityStatement)";
    if (fetched instanceof Fetched.Failed failed) {
      return new MetadataOutcome(DiscoveryReason.Unreachable, what + " is unreachable: " + failed.cause(), null);
    }
    if (fetched instanceof Fetched.RefusedRedirect refused) {
      return new MetadataOutcome(DiscoveryReason.Invalid, what + " " + refused.why(), null);
    }
    Fetched.Answer answer = (Fetched.Answer) fetched;
    int status = answer.status();
    if (transientFailure(status)) {
      return new MetadataOutcome(DiscoveryReason.Unreachable, what + " answered HTTP " + status, null);
    }
    if (status < 200 || status > 299) {
      return new MetadataOutcome(DiscoveryReason.Invalid, what + " answered HTTP " + status
          + "; a FHIR server serves its CapabilityStatement there: check spec.fhirBaseUrl", null);
    }
    CapabilityStatementRules.Outcome outcome =
        CapabilityStatementRules.check(answer.body(), answer.cut(), maxBodyBytes);
    if (!outcome.valid()) {
      return new MetadataOutcome(DiscoveryReason.Invalid, what + " " + outcome.problem() + contentType(answer),
          null);
    }
    return new MetadataOutcome(DiscoveryReason.Discovered, null, outcome.fhirVersion());
  }

  /** 5xx, 408 and 429 are the server's trouble, not the document's: they pass. */
  private static boolean transientFailure(int status) {
    return status >= 500 || status == 408 || status == 429;
  }

  private static String contentType(Fetched.Answer answer) {
    return answer.contentType().map(t -> " (Content-Type " + t + ")").orElse("");
  }

  /** What one GET came to, after redirects. */
  sealed interface Fetched {
    record Answer(int status, byte[] body, boolean cut, Optional<String> contentType) implements Fetched {}

    record Failed(String cause) implements Fetched {}

    record RefusedRedirect(String why) implements Fetched {}
  }

  private CompletableFuture<Fetched> fetch(URI uri, String accept) {
    // HttpRequest.timeout bounds one hop; this deadline bounds the whole read, redirects included.
    // The request in flight is kept so the deadline can abort it (cancel aborts since JDK 16).
    AtomicReference<CompletableFuture<?>> inFlight = new AtomicReference<>();
    return hop(uri, accept, 0, inFlight)
        .orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
        .handle((fetched, error) -> {
          if (error == null) {
            return fetched;
          }
          CompletableFuture<?> request = inFlight.get();
          if (request != null) {
            request.cancel(true);
          }
          return new Fetched.Failed(describe(error));
        });
  }

  private CompletableFuture<Fetched> hop(
      URI uri, String accept, int redirects, AtomicReference<CompletableFuture<?>> inFlight) {
    HttpRequest request = HttpRequest.newBuilder(uri)
        .GET()
        .header("Accept", accept)
        .timeout(timeout)
        .build();
    CompletableFuture<HttpResponse<CappedBody.Bytes>> sent = http.sendAsync(request,
        info -> redirect(info.statusCode())
            ? HttpResponse.BodySubscribers.replacing(CappedBody.Bytes.EMPTY)
            : new CappedBody(maxBodyBytes));
    inFlight.set(sent);
    return sent.thenCompose(response -> {
      Optional<String> location = response.headers().firstValue("Location");
      if (!redirect(response.statusCode()) || location.isEmpty()) {
        CappedBody.Bytes body = response.body();
        return CompletableFuture.completedFuture(new Fetched.Answer(response.statusCode(), body.bytes(),
            body.cut(), response.headers().firstValue("Content-Type")));
      }
      URI target;
      try {
        target = uri.resolve(location.get());
      } catch (IllegalArgumentException e) {
        return done(new Fetched.RefusedRedirect("redirects to a Location that is not a valid URI"));
      }
      String refusal = redirectRefusal(uri, target, redirects);
      if (refusal != null) {
        return done(new Fetched.RefusedRedirect(refusal));
      }
      return hop(target, accept, redirects + 1, inFlight);
    });
  }

  private static CompletableFuture<Fetched> done(Fetched fetched) {
    return CompletableFuture.completedFuture(fetched);
  }

  private static boolean redirect(int status) {
    return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
  }

  /** Why a redirect from {@code from} to {@code to} is not followed, or null when it is. */
  static String redirectRefusal(URI from, URI to, int redirectsSoFar) {
    String shown = shown(to);
    if (redirectsSoFar >= MAX_REDIRECTS) {
      return "redirects more than " + MAX_REDIRECTS + " times (last to " + shown + "); set spec.fhirBaseUrl "
          + "to the server's actual base URL";
    }
    String scheme = Objects.toString(to.getScheme(), "").toLowerCase(Locale.ROOT);
    if (to.getHost() == null || to.getRawUserInfo() != null) {
      return "redirects to a Location without a usable host; set spec.fhirBaseUrl to the server's actual base URL";
    }
    if (scheme.equals("https")) {
      return null;
    }
    boolean loopbackHop = scheme.equals("http") && "http".equalsIgnoreCase(from.getScheme())
        && UriRules.isLoopbackHost(from.getHost()) && UriRules.isLoopbackHost(to.getHost());
    if (loopbackHop) {
      return null;
    }
    return "redirects to " + shown + ", which is not https; the operator follows redirects only to https. "
        + "Set spec.fhirBaseUrl to the server's actual https base URL";
  }

  /** A URI without userinfo, query or fragment, which may carry secrets. */
  private static String shown(URI uri) {
    String port = uri.getPort() == -1 ? "" : ":" + uri.getPort();
    return uri.getScheme() + "://" + uri.getHost() + port + Objects.toString(uri.getRawPath(), "");
  }

  @SafeVarargs
  private static Throwable find(Throwable error, Class<? extends Throwable>... types) {
    for (Throwable c = error; c != null; c = c.getCause()) {
      for (Class<? extends Throwable> type : types) {
        if (type.isInstance(c)) {
          return c;
        }
      }
    }
    return null;
  }

  /** A short, stable description of why a GET failed: stable so that status is not rewritten. */
  private String describe(Throwable error) {
    Throwable cause = error;
    while ((cause instanceof CompletionException || cause instanceof ExecutionException)
        && cause.getCause() != null) {
      cause = cause.getCause();
    }
    String limit = timeout.toMillis() % 1000 == 0 ? timeout.toSeconds() + " s" : timeout.toMillis() + " ms";
    // One wording for every timeout: the connect timeout and the whole-read deadline race, and a
    // message that flipped between them would rewrite status on every discovery.
    if (cause instanceof HttpTimeoutException || cause instanceof TimeoutException) {
      return "no complete answer within " + limit;
    }
    // The JDK wraps a DNS failure in a ConnectException: look for the innermost meaning first.
    if (find(cause, UnresolvedAddressException.class, UnknownHostException.class) != null) {
      return "the host name does not resolve (DNS)";
    }
    Throwable tls = find(cause, SSLException.class);
    if (tls != null) {
      return "TLS failed: " + Objects.toString(tls.getMessage(), tls.getClass().getSimpleName());
    }
    Throwable connect = find(cause, ConnectException.class);
    if (connect != null) {
      // The JDK reports a refused connection with no message at all; anything else names itself.
      for (Throwable c = connect; c != null; c = c.getCause()) {
        if (c.getMessage() != null) {
          return "could not connect: " + c.getMessage();
        }
      }
      return "connection refused";
    }
    return cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
  }
}
