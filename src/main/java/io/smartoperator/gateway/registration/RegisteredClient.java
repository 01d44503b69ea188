package io.smartoperator.gateway.registration;

import java.net.URI;
import java.util.Objects;

/**
 * A client as an authorization server registered it: what the operator keeps (in the
 * {@code <app>-<gateway>-registration} Secret) to use and later manage it.
 *
 * @param clientId the issued {@code client_id}
 * @param clientSecret the issued {@code client_secret}; null for a public client
 * @param registrationAccessToken RFC 7592 {@code registration_access_token}; null on a create-only server
 * @param registrationClientUri RFC 7592 {@code registration_client_uri}; null on a create-only server
 */
public record RegisteredClient(
    String clientId, String clientSecret, String registrationAccessToken, URI registrationClientUri) {

  public RegisteredClient {
    Objects.requireNonNull(clientId, "clientId");
  }

  /**
   * True when the server gave what RFC 7592 read, update and delete need. False means a
   * create-only server: the client can be registered, never changed or removed by the operator.
   */
  public boolean supportsManagement() {
    return registrationClientUri != null
        && registrationAccessToken != null && !registrationAccessToken.isBlank();
  }

  /** Names which credentials exist, never their values. */
  @Override
  public String toString() {
    return "RegisteredClient[clientId=" + clientId
        + ", clientSecret=" + (clientSecret == null ? "none" : "(hidden)")
        + ", registrationAccessToken=" + (registrationAccessToken == null ? "none" : "(hidden)")
        + ", registrationClientUri=" + registrationClientUri + "]";
  }
}
