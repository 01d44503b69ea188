package io.smartoperator.gateway.registration;

import com.nimbusds.oauth2.sdk.ErrorObject;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.client.ClientDeleteRequest;
import com.nimbusds.oauth2.sdk.client.ClientInformation;
import com.nimbusds.oauth2.sdk.client.ClientInformationResponse;
import com.nimbusds.oauth2.sdk.client.ClientMetadata;
import com.nimbusds.oauth2.sdk.client.ClientReadRequest;
import com.nimbusds.oauth2.sdk.client.ClientRegistrationRequest;
import com.nimbusds.oauth2.sdk.client.ClientUpdateRequest;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.token.BearerAccessToken;
import com.nimbusds.oauth2.sdk.token.BearerTokenError;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An RFC 7591 / RFC 7592 client: registers, reads, updates and deletes one client at an
 * authorization server's registration endpoint. The protocol messages are nimbus's; this class
 * adds timeouts, the mapping of every outcome to {@link RegistrationException} or
 * {@link DeleteOutcome}, and the rule that no secret or token leaves it in a message or log.
 */
public final class DynamicClientRegistrar {
  private static final Logger log = LoggerFactory.getLogger(DynamicClientRegistrar.class);
  private static final int MAX_DESCRIPTION_LENGTH = 512;
  private static final String HIDDEN = "(hidden)";

  private final Duration timeout;

  /** @param timeout for connecting and for each read of an answer */
  public DynamicClientRegistrar(Duration timeout) {
    if (timeout.isNegative() || timeout.isZero() || timeout.toMillis() > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("timeout must be positive and at most ~24 days: " + timeout);
    }
    this.timeout = timeout;
  }

  /**
   * RFC 7591 registration.
   *
   * @param initialAccessToken the Bearer token the server asks for; null or blank for open registration
   */
  public RegisteredClient register(URI endpoint, String initialAccessToken, ClientRequest request)
      throws RegistrationException {
    boolean withToken = initialAccessToken != null && !initialAccessToken.isBlank();
    HTTPRequest http = new ClientRegistrationRequest(endpoint, clientMetadata(request),
        withToken ? new BearerAccessToken(initialAccessToken) : null).toHTTPRequest();
    Secrets secrets = new Secrets(initialAccessToken);
    HTTPResponse response = send(http, endpoint, secrets);
    ClientInformation information = clientInformation(response, secrets);
    return registeredClient(information);
  }

  /**
   * RFC 7592 read. The result keeps the known client secret: a read is no rotation, and some
   * servers (Spring Authorization Server's OIDC endpoint) answer with the stored hash.
   */
  public RegisteredClient read(RegisteredClient existing) throws RegistrationException {
    return readConfiguration(existing).client();
  }

  /** RFC 7592 read, with the metadata the server holds. */
  public ClientConfiguration readConfiguration(RegisteredClient existing) throws RegistrationException {
    requireManagement(existing, "read");
    Secrets secrets = new Secrets(existing);
    HTTPRequest http = new ClientReadRequest(existing.registrationClientUri(),
        new BearerAccessToken(existing.registrationAccessToken())).toHTTPRequest();
    HTTPResponse response = send(http, existing.registrationClientUri(), secrets);
    ClientInformation information = clientInformation(response, secrets);
    requireSameClient(existing, information, response);
    RegisteredClient client = merged(existing, information, false);
    return new ClientConfiguration(client, ClientRequest.fromClientMetadata(information.getMetadata()));
  }

  /**
   * RFC 7592 update: replaces the client's metadata with {@code request}. The result carries a
   * new secret or registration access token when the server issued one; store it.
   */
  public RegisteredClient update(RegisteredClient existing, ClientRequest request)
      throws RegistrationException {
    requireManagement(existing, "update");
    Secrets secrets = new Secrets(existing);
    HTTPRequest http = new ClientUpdateRequest(existing.registrationClientUri(),
        new ClientID(existing.clientId()),
        new BearerAccessToken(existing.registrationAccessToken()),
        clientMetadata(request),
        existing.clientSecret() == null ? null : new Secret(existing.clientSecret()))
        .toHTTPRequest();
    HTTPResponse response = send(http, existing.registrationClientUri(), secrets);
    ClientInformation information = clientInformation(response, secrets);
    requireSameClient(existing, information, response);
    return merged(existing, information, true);
  }

  /**
   * RFC 7592 delete. A create-only registration is {@link DeleteOutcome#NOT_SUPPORTED} without a
   * call. Any other answer than 2xx, 404, 410, 405 or 501 is a {@link RegistrationException};
   * note that RFC 7592 has a server answer 401 for a client it no longer knows.
   */
  public DeleteOutcome delete(RegisteredClient existing) throws RegistrationException {
    if (!existing.supportsManagement()) {
      return DeleteOutcome.NOT_SUPPORTED;
    }
    Secrets secrets = new Secrets(existing);
    HTTPRequest http = new ClientDeleteRequest(existing.registrationClientUri(),
        new BearerAccessToken(existing.registrationAccessToken())).toHTTPRequest();
    HTTPResponse response = send(http, existing.registrationClientUri(), secrets);
    int status = response.getStatusCode();
    if (status >= 200 && status < 300) {
      return DeleteOutcome.DELETED;
    }
    if (status == 404 || status == 410) {
      return DeleteOutcome.ALREADY_GONE;
    }
    if (status == 405 || status == 501) {
      return DeleteOutcome.NOT_SUPPORTED;
    }
    throw errorFrom(response, secrets);
  }

  /** nimbus refuses some metadata itself (a redirect URI with a fragment, a javascript: one). */
  private static ClientMetadata clientMetadata(ClientRequest request) throws RegistrationException {
    try {
      return request.toClientMetadata();
    } catch (IllegalArgumentException e) {
      throw new RegistrationException("invalid_client_metadata", "refused before sending: " + e.getMessage(),
          RegistrationException.NO_HTTP_STATUS, false);
    }
  }

  private HTTPResponse send(HTTPRequest request, URI target, Secrets secrets) throws RegistrationException {
    int millis = (int) timeout.toMillis();
    request.setConnectTimeout(millis);
    request.setReadTimeout(millis);
    // a redirect must not carry the Bearer token somewhere else
    request.setFollowRedirects(false);
    try {
      HTTPResponse response = request.send();
      log.debug("{} {} answered {}", request.getMethod(), origin(target), response.getStatusCode());
      return response;
    } catch (SocketTimeoutException | HttpTimeoutException e) {
      throw new RegistrationException("timeout",
          "no answer from " + origin(target) + " within " + timeout, RegistrationException.NO_HTTP_STATUS, true);
    } catch (IOException e) {
      String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
      throw new RegistrationException("unreachable", secrets.blank(origin(target) + ": " + reason),
          RegistrationException.NO_HTTP_STATUS, true);
    }
  }

  private static ClientInformation clientInformation(HTTPResponse response, Secrets secrets)
      throws RegistrationException {
    int status = response.getStatusCode();
    if (status != 200 && status != 201) {
      throw errorFrom(response, secrets);
    }
    try {
      return ClientInformationResponse.parse(response).getClientInformation();
    } catch (ParseException e) {
      // the parser's message may quote the body, which holds secrets: say only what is missing
      throw new RegistrationException("invalid_response",
          "the answer is not RFC 7591 client information", status, false);
    }
  }

  static RegistrationException errorFrom(HTTPResponse response, Secrets secrets) {
    int status = response.getStatusCode();
    ErrorObject error = ErrorObject.parse(response);
    if (error.getCode() == null && response.getWWWAuthenticate() != null) {
      try {
        error = BearerTokenError.parse(response.getWWWAuthenticate());
      } catch (ParseException e) {
        // keep the code-less error
      }
    }
    boolean retryable = status == 429 || status >= 500;
    if (error.getCode() == null) {
      return new RegistrationException(codeFor(status), descriptionFor(status), status, retryable);
    }
    return new RegistrationException(error.getCode(), secrets.blank(error.getDescription()), status, retryable);
  }

  /** For answers without an OAuth error body (a proxy, an RFC 6750 bare "Bearer" challenge). */
  private static String codeFor(int status) {
    return switch (status) {
      case 401 -> "unauthorized";
      case 403 -> "forbidden";
      case 404 -> "not_found";
      case 405 -> "method_not_allowed";
      case 429 -> "too_many_requests";
      default -> status >= 500 ? "server_error" : "unexpected_response";
    };
  }

  private static String descriptionFor(int status) {
    return status == 401
        ? "the server wants a valid access token (initial access token to register, registration access token to manage)"
        : "the answer carried no OAuth 2.0 error";
  }

  private static void requireManagement(RegisteredClient existing, String operation) throws RegistrationException {
    if (!existing.supportsManagement()) {
      throw new RegistrationException("management_not_supported",
          "the server gave no registration_client_uri and registration_access_token at registration, "
              + "so it cannot " + operation + " the client (RFC 7592); it supports create only",
          RegistrationException.NO_HTTP_STATUS, false);
    }
  }

  private static void requireSameClient(RegisteredClient existing, ClientInformation information,
      HTTPResponse response) throws RegistrationException {
    if (!existing.clientId().equals(information.getID().getValue())) {
      throw new RegistrationException("invalid_response",
          "the answer is about another client_id", response.getStatusCode(), false);
    }
  }

  private static RegisteredClient registeredClient(ClientInformation information) {
    return new RegisteredClient(
        information.getID().getValue(),
        information.getSecret() == null ? null : information.getSecret().getValue(),
        information.getRegistrationAccessToken() == null ? null : information.getRegistrationAccessToken().getValue(),
        information.getRegistrationURI());
  }

  /** The server's new values where it gave some, the known ones elsewhere. */
  private static RegisteredClient merged(RegisteredClient existing, ClientInformation information, boolean takeSecret) {
    String secret = existing.clientSecret();
    if (takeSecret && information.getSecret() != null) {
      secret = information.getSecret().getValue();
    }
    return new RegisteredClient(
        existing.clientId(),
        secret,
        information.getRegistrationAccessToken() != null
            ? information.getRegistrationAccessToken().getValue() : existing.registrationAccessToken(),
        information.getRegistrationURI() != null ? information.getRegistrationURI() : existing.registrationClientUri());
  }

  /** Scheme, host and port: enough to name the server, never a path or query with ids in it. */
  private static String origin(URI uri) {
    return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() == -1 ? "" : ":" + uri.getPort());
  }

  /** The secret values one call handles, to blank them out of anything a server echoes back. */
  static final class Secrets {
    private final List<String> values = new ArrayList<>();

    Secrets(String... secrets) {
      for (String secret : secrets) {
        if (secret != null && !secret.isBlank()) {
          values.add(secret);
        }
      }
    }

    Secrets(RegisteredClient client) {
      this(client.clientSecret(), client.registrationAccessToken());
    }

    String blank(String text) {
      if (text == null) {
        return null;
      }
      String blanked = text;
      for (String value : values) {
        blanked = blanked.replace(value, HIDDEN);
      }
      return blanked.length() > MAX_DESCRIPTION_LENGTH
          ? blanked.substring(0, MAX_DESCRIPTION_LENGTH) + "..." : blanked;
    }
  }
}
