package io.smartoperator.testing;

import com.nimbusds.oauth2.sdk.ClientCredentialsGrant;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenErrorResponse;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.as.AuthorizationServerMetadata;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.id.ClientID;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The Spring Authorization Server of {@code test-support/auth-server}, started as a child
 * process ({@code java -jar}) on a random loopback port. Start one per test class:
 *
 * <pre>
 * static AuthorizationServerProcess authServer;
 * &#64;BeforeAll static void start() { authServer = AuthorizationServerProcess.start(); }
 * &#64;AfterAll static void stop() { authServer.close(); }
 * </pre>
 *
 * Its switches (constants below) make it behave like the servers the operator meets.
 */
public final class AuthorizationServerProcess implements AutoCloseable {
  /** How to build the jar this class starts. */
  public static final String BUILD_COMMAND = "mvn -B -f test-support/auth-server/pom.xml package";
  static final String JAR = "test-support/auth-server/target/auth-server.jar";

  /** Stock SAS RFC 7591: create only, no registration_access_token / registration_client_uri. */
  public static final String CREATE_ONLY = "--auth-server.client-management=NONE";
  /** RFC 7592 read only: PUT and DELETE answer 405. */
  public static final String READ_ONLY = "--auth-server.client-management=READ_ONLY";
  /** Stock SAS: a registration that carries {@code scope} gets {@code invalid_scope}. */
  public static final String REFUSE_REGISTRATION_SCOPES = "--auth-server.accept-registration-scopes=false";
  /** One initial access token registers any number of clients (stock SAS: one). */
  public static final String REUSABLE_INITIAL_ACCESS_TOKENS = "--auth-server.reusable-initial-access-tokens=true";

  static final String ADMIN_CLIENT_ID = "dcr-admin";
  static final String ADMIN_CLIENT_SECRET = "dcr-admin-secret";
  private static final String PORT_LINE = "AUTH_SERVER_PORT=";
  // Spring Boot starts in ~5 s alone, but took 35 s on two cores shared with other builds
  private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(180);
  private static final int REMEMBERED_LINES = 60;

  private final Process process;
  private final Path log;
  private final Deque<String> recentOutput;
  private final Thread killOnExit;
  private final String issuer;
  private final URI registrationEndpoint;
  private final URI tokenEndpoint;

  private AuthorizationServerProcess(Process process, Path log, Deque<String> recentOutput, Thread killOnExit,
      AuthorizationServerMetadata metadata) {
    this.process = process;
    this.log = log;
    this.recentOutput = recentOutput;
    this.killOnExit = killOnExit;
    this.issuer = metadata.getIssuer().getValue();
    this.registrationEndpoint = metadata.getRegistrationEndpointURI();
    this.tokenEndpoint = metadata.getTokenEndpointURI();
  }

  /**
   * Starts the server and returns once its metadata answers.
   *
   * @param serverArguments extra Spring Boot arguments, e.g. {@link #CREATE_ONLY}
   * @throws IllegalStateException when the jar is missing (the message says how to build it)
   *     or the server does not come up
   */
  public static AuthorizationServerProcess start(String... serverArguments) {
    Path baseDir = Path.of(System.getProperty("basedir", "."));
    Path jar = baseDir.resolve(System.getProperty("smartoperator.authServerJar", JAR)).normalize();
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException("The test authorization server " + jar + " is missing. Build it first: "
          + BUILD_COMMAND + " (.ci/run does this before mvn verify)");
    }
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx256m",
        "-jar", jar.toString(),
        "--server.port=0",
        "--auth-server.admin-client-id=" + ADMIN_CLIENT_ID,
        "--auth-server.admin-client-secret=" + ADMIN_CLIENT_SECRET));
    command.addAll(List.of(serverArguments));

    Path log;
    Process process;
    try {
      Path logDir = baseDir.resolve("target");
      Files.createDirectories(logDir);
      log = Files.createTempFile(logDir, "auth-server-", ".log");
      process = new ProcessBuilder(command).redirectErrorStream(true).start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + jar, e);
    }
    Thread killOnExit = new Thread(process::destroyForcibly, "auth-server-kill-on-exit");
    Runtime.getRuntime().addShutdownHook(killOnExit);

    Deque<String> recentOutput = new ArrayDeque<>();
    CompletableFuture<Integer> port = new CompletableFuture<>();
    Thread reader = new Thread(() -> copyOutput(process, log, recentOutput, port), "auth-server-output");
    reader.setDaemon(true);
    reader.start();

    Instant deadline = Instant.now().plus(STARTUP_TIMEOUT);
    try {
      int boundPort = port.get(STARTUP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      AuthorizationServerMetadata metadata = awaitMetadata(URI.create("http://127.0.0.1:" + boundPort), deadline);
      return new AuthorizationServerProcess(process, log, recentOutput, killOnExit, metadata);
    } catch (InterruptedException | ExecutionException | TimeoutException | RuntimeException e) {
      process.destroyForcibly();
      Runtime.getRuntime().removeShutdownHook(killOnExit);
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      throw new IllegalStateException("the test authorization server did not come up (" + e + "); its last output "
          + "(all of it in " + log + "):\n" + String.join("\n", snapshot(recentOutput)), e);
    }
  }

  /** The issuer identifier, e.g. {@code http://127.0.0.1:41234}. */
  public String issuer() {
    return issuer;
  }

  /** RFC 7591 registration endpoint, as the server's RFC 8414 metadata names it. */
  public URI registrationEndpoint() {
    return registrationEndpoint;
  }

  public URI tokenEndpoint() {
    return tokenEndpoint;
  }

  /**
   * A fresh initial access token: the admin client's client_credentials token with scope
   * {@code client.create}. Unless started with {@link #REUSABLE_INITIAL_ACCESS_TOKENS}, each
   * registers one client.
   */
  public String initialAccessToken() {
    TokenAttempt attempt = requestToken(ADMIN_CLIENT_ID, ADMIN_CLIENT_SECRET, "client.create");
    if (!attempt.granted()) {
      throw new IllegalStateException("the admin client got no initial access token: " + attempt);
    }
    return attempt.accessToken;
  }

  /** A client_credentials token request with HTTP Basic client authentication. */
  public TokenAttempt clientCredentialsToken(String clientId, String clientSecret, String scope) {
    return requestToken(clientId, clientSecret, scope);
  }

  private TokenAttempt requestToken(String clientId, String clientSecret, String scope) {
    TokenRequest request = new TokenRequest(tokenEndpoint,
        new ClientSecretBasic(new ClientID(clientId), new Secret(clientSecret)),
        new ClientCredentialsGrant(), scope == null ? null : Scope.parse(scope));
    try {
      HTTPResponse http = request.toHTTPRequest().send();
      TokenResponse response = TokenResponse.parse(http);
      if (response.indicatesSuccess()) {
        var tokens = response.toSuccessResponse().getTokens();
        Scope granted = tokens.getAccessToken().getScope();
        return new TokenAttempt(http.getStatusCode(), null, granted == null ? null : granted.toString(),
            tokens.getAccessToken().getValue());
      }
      TokenErrorResponse error = response.toErrorResponse();
      return new TokenAttempt(http.getStatusCode(), error.getErrorObject().getCode(), null, null);
    } catch (IOException | ParseException e) {
      throw new IllegalStateException("token request to " + tokenEndpoint + " failed: " + e.getMessage(), e);
    }
  }

  /**
   * The outcome of a token request; it names the granted scope, never the token.
   *
   * @param error the OAuth error code when refused, e.g. {@code invalid_client}
   */
  public static final class TokenAttempt {
    private final int httpStatus;
    private final String error;
    private final String grantedScope;
    private final String accessToken;

    TokenAttempt(int httpStatus, String error, String grantedScope, String accessToken) {
      this.httpStatus = httpStatus;
      this.error = error;
      this.grantedScope = grantedScope;
      this.accessToken = accessToken;
    }

    public boolean granted() {
      return accessToken != null;
    }

    public int httpStatus() {
      return httpStatus;
    }

    public String error() {
      return error;
    }

    public String grantedScope() {
      return grantedScope;
    }

    @Override
    public String toString() {
      return granted()
          ? "granted (HTTP " + httpStatus + ", scope " + grantedScope + ")"
          : "refused: " + error + " (HTTP " + httpStatus + ")";
    }
  }

  /** The server's recent output, for a failing test's message. */
  public String recentOutput() {
    return String.join("\n", snapshot(recentOutput)) + "\n(all of it in " + log + ")";
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
    try {
      Runtime.getRuntime().removeShutdownHook(killOnExit);
    } catch (IllegalStateException alreadyShuttingDown) {
      // the hook runs anyway
    }
  }

  private static AuthorizationServerMetadata awaitMetadata(URI base, Instant deadline) throws InterruptedException {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    HttpRequest request = HttpRequest.newBuilder(base.resolve("/.well-known/oauth-authorization-server"))
        .timeout(Duration.ofSeconds(10)).GET().build();
    String lastProblem = "no answer";
    while (Instant.now().isBefore(deadline)) {
      try {
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() == 200) {
          return AuthorizationServerMetadata.parse(response.body());
        }
        lastProblem = "HTTP " + response.statusCode();
      } catch (IOException | ParseException e) {
        lastProblem = e.toString();
      }
      Thread.sleep(200);
    }
    throw new IllegalStateException("no authorization server metadata at " + request.uri() + ": " + lastProblem);
  }

  private static void copyOutput(Process process, Path log, Deque<String> recentOutput,
      CompletableFuture<Integer> port) {
    try (BufferedReader output = new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        PrintWriter logFile = new PrintWriter(Files.newBufferedWriter(log, StandardCharsets.UTF_8), true)) {
      String line;
      while ((line = output.readLine()) != null) {
        logFile.println(line);
        synchronized (recentOutput) {
          recentOutput.addLast(line);
          if (recentOutput.size() > REMEMBERED_LINES) {
            recentOutput.removeFirst();
          }
        }
        if (line.startsWith(PORT_LINE)) {
          port.complete(Integer.parseInt(line.substring(PORT_LINE.length()).trim()));
        }
      }
    } catch (IOException | RuntimeException e) {
      port.completeExceptionally(e);
    } finally {
      port.completeExceptionally(new IllegalStateException("the server exited before it printed its port"));
    }
  }

  private static List<String> snapshot(Deque<String> recentOutput) {
    synchronized (recentOutput) {
      return new ArrayList<>(recentOutput);
    }
  }
}
