package io.smartoperator.gateway.registration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.smartoperator.testing.AuthorizationServerProcess;
import io.smartoperator.testing.AuthorizationServerProcess.TokenAttempt;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The registrar against a real Spring Authorization Server with RFC 7591 and full RFC 7592. */
class DynamicClientRegistrarTest {
  static AuthorizationServerProcess authServer;
  final DynamicClientRegistrar registrar = new DynamicClientRegistrar(Duration.ofSeconds(10));

  @BeforeAll
  static void start() {
    authServer = AuthorizationServerProcess.start();
  }

  @AfterAll
  static void stop() {
    if (authServer != null) {
      authServer.close();
    }
  }

  static ClientRequest backendService(String scope) {
    return new ClientRequest("Nightly export", List.of(), scope,
        List.of("client_credentials"), "client_secret_basic", null);
  }

  static ClientRequest publicApp() {
    return new ClientRequest("Growth Chart",
        List.of("https://growth.example.org/callback", "http://127.0.0.1:8765/callback"),
        "launch openid fhirUser patient/Observation.rs offline_access",
        List.of("authorization_code", "refresh_token"), "none", "https://growth.example.org/launch");
  }

  RegisteredClient register(ClientRequest request) throws RegistrationException {
    return registrar.register(authServer.registrationEndpoint(), authServer.initialAccessToken(), request);
  }

  @Test
  void backendServiceIsRegisteredAndItsSecretObtainsAToken() throws Exception {
    RegisteredClient client = register(backendService("system/Patient.rs system/Observation.rs"));

    assertThat(client.clientId()).isNotBlank();
    assertThat(client.clientSecret()).isNotBlank();
    assertThat(client.supportsManagement()).isTrue();
    assertThat(client.registrationClientUri().toString()).startsWith(authServer.issuer());

    TokenAttempt token = authServer.clientCredentialsToken(client.clientId(), client.clientSecret(),
        "system/Patient.rs");
    assertThat(token.granted()).as(token.toString()).isTrue();
    assertThat(token.grantedScope()).isEqualTo("system/Patient.rs");
    assertThat(authServer.clientCredentialsToken(client.clientId(), "not-the-secret", "system/Patient.rs")
        .error()).isEqualTo("invalid_client");
  }

  @Test
  void publicAppIsRegisteredWithoutSecretAndReadBackAsAsked() throws Exception {
    ClientRequest asked = publicApp();
    RegisteredClient client = register(asked);

    assertThat(client.clientSecret()).isNull();
    assertThat(client.supportsManagement()).isTrue();

    ClientConfiguration held = registrar.readConfiguration(client);
    assertThat(held.client()).isEqualTo(client);
    assertThat(held.metadata().clientName()).isEqualTo("Growth Chart");
    assertThat(held.metadata().redirectUris()).containsExactlyInAnyOrderElementsOf(asked.redirectUris());
    assertThat(held.metadata().grantTypes()).containsExactlyInAnyOrder("authorization_code", "refresh_token");
    assertThat(held.metadata().tokenEndpointAuthMethod()).isEqualTo("none");
    assertThat(held.metadata().scope().split(" "))
        .containsExactlyInAnyOrder("launch", "openid", "fhirUser", "patient/Observation.rs", "offline_access");
  }

  @Test
  void updateReplacesMetadataAndKeepsTheCredentials() throws Exception {
    RegisteredClient client = register(backendService("system/Patient.rs system/Observation.rs"));
    ClientRequest narrowed = new ClientRequest("Nightly export (Patients only)", List.of(),
        "system/Patient.rs", List.of("client_credentials"), "client_secret_basic", null);

    RegisteredClient updated = registrar.update(client, narrowed);

    assertThat(updated).isEqualTo(client);
    ClientConfiguration held = registrar.readConfiguration(updated);
    assertThat(held.metadata().clientName()).isEqualTo("Nightly export (Patients only)");
    assertThat(held.metadata().hash()).isEqualTo(narrowed.hash());
    assertThat(authServer.clientCredentialsToken(client.clientId(), client.clientSecret(), "system/Observation.rs")
        .error()).isEqualTo("invalid_scope");
    assertThat(authServer.clientCredentialsToken(client.clientId(), client.clientSecret(), "system/Patient.rs")
        .granted()).isTrue();
  }

  @Test
  void deletedClientIsGoneAndItsTokenRequestFails() throws Exception {
    RegisteredClient client = register(backendService("system/Patient.rs"));
    assertThat(authServer.clientCredentialsToken(client.clientId(), client.clientSecret(), "system/Patient.rs")
        .granted()).isTrue();

    assertThat(registrar.delete(client)).isEqualTo(DeleteOutcome.DELETED);

    TokenAttempt afterDelete =
        authServer.clientCredentialsToken(client.clientId(), client.clientSecret(), "system/Patient.rs");
    assertThat(afterDelete.granted()).isFalse();
    assertThat(afterDelete.error()).isEqualTo("invalid_client");
    // RFC 7592 §2: the registration access token died with the client, so a second call gets 401
    RegistrationException again = catchThrowableOfType(RegistrationException.class, () -> registrar.delete(client));
    assertThat(again.httpStatus()).isEqualTo(401);
    assertThat(again.error()).isEqualTo("invalid_token");
    assertThat(again.retryable()).isFalse();
  }

  @Test
  void refusedMetadataBecomesTheServersErrorAndIsNotRetryable() {
    ClientRequest codeWithoutRedirect = new ClientRequest("No redirect", List.of(),
        "launch", List.of("authorization_code"), "none", null);

    RegistrationException refused =
        catchThrowableOfType(RegistrationException.class, () -> register(codeWithoutRedirect));

    assertThat(refused.error()).isEqualTo("invalid_request");
    assertThat(refused.errorDescription()).contains("redirectUris cannot be empty");
    assertThat(refused.httpStatus()).isEqualTo(400);
    assertThat(refused.retryable()).isFalse();
    assertThat(refused.getMessage()).isEqualTo("invalid_request: " + refused.errorDescription() + " (HTTP 400)");
  }

  @Test
  void redirectUriWithFragmentIsRefusedBeforeSending() {
    ClientRequest fragment = new ClientRequest("Bad", List.of("https://app.example.org/cb#fragment"),
        "launch", List.of("authorization_code"), "none", null);

    RegistrationException refused = catchThrowableOfType(RegistrationException.class,
        () -> registrar.register(authServer.registrationEndpoint(), "unused-token", fragment));

    assertThat(refused.error()).isEqualTo("invalid_client_metadata");
    assertThat(refused.errorDescription()).contains("fragment");
    assertThat(refused.httpStatus()).isEqualTo(RegistrationException.NO_HTTP_STATUS);
    assertThat(refused.retryable()).isFalse();
  }

  @Test
  void registrationWithoutInitialAccessTokenIsRefused() {
    RegistrationException refused = catchThrowableOfType(RegistrationException.class,
        () -> registrar.register(authServer.registrationEndpoint(), null, backendService("system/Patient.rs")));

    // SAS answers a bare RFC 6750 challenge, without an error code
    assertThat(refused.httpStatus()).isEqualTo(401);
    assertThat(refused.error()).isEqualTo("unauthorized");
    assertThat(refused.retryable()).isFalse();
  }

  @Test
  void initialAccessTokenIsSpentByOneRegistrationOnStockSas() throws Exception {
    String token = authServer.initialAccessToken();
    registrar.register(authServer.registrationEndpoint(), token, backendService("system/Patient.rs"));

    RegistrationException second = catchThrowableOfType(RegistrationException.class,
        () -> registrar.register(authServer.registrationEndpoint(), token, backendService("system/Patient.rs")));

    assertThat(second.error()).isEqualTo("invalid_token");
    assertThat(second.getMessage()).doesNotContain(token);
  }

  @Test
  void serverThatIsDownIsRetryable() throws IOException {
    URI nobodyListens;
    try (ServerSocket socket = new ServerSocket(0)) {
      nobodyListens = URI.create("http://127.0.0.1:" + socket.getLocalPort() + "/oauth2/register");
    }
    String token = "initial-token-value";

    RegistrationException down = catchThrowableOfType(RegistrationException.class,
        () -> registrar.register(nobodyListens, token, backendService("system/Patient.rs")));

    assertThat(down.retryable()).isTrue();
    assertThat(down.httpStatus()).isEqualTo(RegistrationException.NO_HTTP_STATUS);
    assertThat(down.error()).isEqualTo("unreachable");
    assertThat(down.getMessage()).contains("127.0.0.1").doesNotContain(token);
  }

  @Test
  void secretsAppearInNoMessageAndNoToString() throws Exception {
    RegisteredClient client = register(backendService("system/Patient.rs"));
    assertThat(client.toString()).contains(client.clientId())
        .doesNotContain(client.clientSecret()).doesNotContain(client.registrationAccessToken());

    registrar.delete(client);
    RegistrationException gone = catchThrowableOfType(RegistrationException.class, () -> registrar.read(client));
    assertThat(gone.getMessage()).doesNotContain(client.clientSecret()).doesNotContain(client.registrationAccessToken());
  }
}
