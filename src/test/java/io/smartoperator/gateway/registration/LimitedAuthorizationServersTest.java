package io.smartoperator.gateway.registration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.smartoperator.testing.AuthorizationServerProcess;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The registrar against servers that offer less: stock Spring Authorization Server (create
 * only, refuses {@code scope}) and a server that reads clients but cannot update or delete them
 * (and, like many real servers, lets one initial access token register several clients).
 */
class LimitedAuthorizationServersTest {
  static AuthorizationServerProcess stockSas;
  static AuthorizationServerProcess readOnly;
  final DynamicClientRegistrar registrar = new DynamicClientRegistrar(Duration.ofSeconds(10));

  @BeforeAll
  static void start() {
    stockSas = AuthorizationServerProcess.start(
        AuthorizationServerProcess.CREATE_ONLY, AuthorizationServerProcess.REFUSE_REGISTRATION_SCOPES);
    readOnly = AuthorizationServerProcess.start(
        AuthorizationServerProcess.READ_ONLY, AuthorizationServerProcess.REUSABLE_INITIAL_ACCESS_TOKENS);
  }

  @AfterAll
  static void stop() {
    for (AuthorizationServerProcess server : new AuthorizationServerProcess[] {stockSas, readOnly}) {
      if (server != null) {
        server.close();
      }
    }
  }

  static ClientRequest backendService(String scope) {
    return new ClientRequest("Nightly export", List.of(), scope, List.of("client_credentials"),
        "client_secret_basic", null);
  }

  @Test
  void stockSasRefusesScopesWithItsOwnError() {
    RegistrationException refused = catchThrowableOfType(RegistrationException.class,
        () -> registrar.register(stockSas.registrationEndpoint(), stockSas.initialAccessToken(),
            backendService("system/Patient.rs")));

    assertThat(refused.error()).isEqualTo("invalid_scope");
    assertThat(refused.errorDescription()).isEqualTo("Invalid Client Registration: scope");
    assertThat(refused.httpStatus()).isEqualTo(400);
    assertThat(refused.retryable()).isFalse();
  }

  @Test
  void stockSasIsCreateOnly() throws Exception {
    RegisteredClient client = registrar.register(stockSas.registrationEndpoint(), stockSas.initialAccessToken(),
        backendService(null));

    assertThat(client.supportsManagement()).isFalse();
    assertThat(client.registrationClientUri()).isNull();
    assertThat(stockSas.clientCredentialsToken(client.clientId(), client.clientSecret(), null).granted()).isTrue();
    assertThat(registrar.delete(client)).isEqualTo(DeleteOutcome.NOT_SUPPORTED);
    // the client stays: deregistration needs someone with access to the server
    assertThat(stockSas.clientCredentialsToken(client.clientId(), client.clientSecret(), null).granted()).isTrue();
  }

  @Test
  void readOnlyServerReadsButAnswers405ToDeleteAndUpdate() throws Exception {
    RegisteredClient client = registrar.register(readOnly.registrationEndpoint(), readOnly.initialAccessToken(),
        backendService("system/Patient.rs"));
    assertThat(client.supportsManagement()).isTrue();
    assertThat(registrar.read(client)).isEqualTo(client);

    assertThat(registrar.delete(client)).isEqualTo(DeleteOutcome.NOT_SUPPORTED);
    RegistrationException update = catchThrowableOfType(RegistrationException.class,
        () -> registrar.update(client, backendService("system/Observation.rs")));

    assertThat(update.httpStatus()).isEqualTo(405);
    assertThat(update.error()).isEqualTo("method_not_allowed");
    assertThat(update.retryable()).isFalse();
    assertThat(readOnly.clientCredentialsToken(client.clientId(), client.clientSecret(), "system/Patient.rs")
        .granted()).isTrue();
  }

  @Test
  void reusableInitialAccessTokenRegistersSeveralClients() throws Exception {
    String token = readOnly.initialAccessToken();

    RegisteredClient first = registrar.register(readOnly.registrationEndpoint(), token, backendService(null));
    RegisteredClient second = registrar.register(readOnly.registrationEndpoint(), token, backendService(null));

    assertThat(second.clientId()).isNotEqualTo(first.clientId());
  }
}
