package io.smartoperator.testsupport.authserver;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.crypto.keygen.Base64StringKeyGenerator;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.server.authorization.OAuth2ClientRegistration;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientRegistrationAuthenticationContext;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientRegistrationAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.converter.OAuth2ClientRegistrationRegisteredClientConverter;
import org.springframework.security.oauth2.server.authorization.converter.RegisteredClientOAuth2ClientRegistrationConverter;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * RFC 7592 client configuration endpoint {@code /oauth2/register/{client_id}}: read (GET),
 * update (PUT) and delete (DELETE) with the client's registration access token. SAS 7.0.6's
 * RFC 7591 endpoint only creates clients; many real servers also manage them, and the
 * operator's whole cycle "app deleted, client gone, token refused" needs DELETE.
 */
@RestController
final class ClientConfigurationEndpoint {

    private static final String CLIENT_CONFIGURATION = ClientInformationResponses.REGISTRATION_ENDPOINT + "/{clientId}";
    private static final String ERROR_URI = "https://datatracker.ietf.org/doc/html/rfc7592#section-2";

    private final AuthServerProperties properties;
    private final RemovableRegisteredClientRepository clients;
    private final ClientTrackingAuthorizationService authorizations;
    private final RegistrationAccessTokens registrationAccessTokens;
    private final RegistrationRequestValidator validator;
    private final PasswordEncoder passwordEncoder;
    private final ClientInformationResponses responses;
    private final OAuth2ClientRegistrationRegisteredClientConverter metadataToClient = new OAuth2ClientRegistrationRegisteredClientConverter();
    private final RegisteredClientOAuth2ClientRegistrationConverter clientToMetadata = new RegisteredClientOAuth2ClientRegistrationConverter();

    ClientConfigurationEndpoint(AuthServerProperties properties, RemovableRegisteredClientRepository clients,
            ClientTrackingAuthorizationService authorizations, RegistrationAccessTokens registrationAccessTokens,
            RegistrationRequestValidator validator, PasswordEncoder passwordEncoder,
            ClientInformationResponses responses) {
        this.properties = properties;
        this.clients = clients;
        this.authorizations = authorizations;
        this.registrationAccessTokens = registrationAccessTokens;
        this.validator = validator;
        this.passwordEncoder = passwordEncoder;
        this.responses = responses;
    }

    @GetMapping(CLIENT_CONFIGURATION)
    void read(@PathVariable String clientId, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        if (refused(response, properties.clientManagement() == AuthServerProperties.ClientManagement.NONE, "")) {
            return;
        }
        try {
            String token = bearerToken(request);
            RegisteredClient client = authorizedClient(clientId, token);
            responses.writeClientInformation(request, response, HttpStatus.OK, publicMetadata(client), token);
        } catch (OAuth2AuthenticationException e) {
            responses.writeError(response, e.getError());
        }
    }

    @DeleteMapping(CLIENT_CONFIGURATION)
    void delete(@PathVariable String clientId, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        if (refused(response, properties.clientManagement() != AuthServerProperties.ClientManagement.FULL, allowed())) {
            return;
        }
        try {
            RegisteredClient client = authorizedClient(clientId, bearerToken(request));
            clients.removeByClientId(client.getClientId());
            // RFC 7592 §2.3: the registration access token dies with the client, and so do its grants
            registrationAccessTokens.revoke(client.getClientId());
            authorizations.removeAllOf(client.getId());
            response.setStatus(HttpStatus.NO_CONTENT.value());
        } catch (OAuth2AuthenticationException e) {
            responses.writeError(response, e.getError());
        }
    }

    @PutMapping(CLIENT_CONFIGURATION)
    void update(@PathVariable String clientId, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        if (refused(response, properties.clientManagement() != AuthServerProperties.ClientManagement.FULL, allowed())) {
            return;
        }
        try {
            String token = bearerToken(request);
            RegisteredClient existing = authorizedClient(clientId, token);
            OAuth2ClientRegistration requested = readRegistration(request);
            if (!clientId.equals(requested.getClientId())) {
                throw invalid(OAuth2ErrorCodes.INVALID_REQUEST, "client_id in the body must be the client's own");
            }
            String presentedSecret = requested.getClientSecret();
            if (presentedSecret != null && (existing.getClientSecret() == null
                    || !passwordEncoder.matches(presentedSecret, existing.getClientSecret()))) {
                throw invalid(OAuth2ErrorCodes.INVALID_REQUEST, "client_secret is not the client's own");
            }
            validator.accept(OAuth2ClientRegistrationAuthenticationContext
                    .with(new OAuth2ClientRegistrationAuthenticationToken(anonymous(), requested)).build());

            // RFC 7592 §2.2: the request replaces the metadata; the client keeps its id and secret
            RegisteredClient template = newClientFrom(requested);
            String issuedSecret = null;
            String storedSecret = null;
            if (!template.getClientAuthenticationMethods().contains(ClientAuthenticationMethod.NONE)) {
                if (existing.getClientSecret() != null) {
                    storedSecret = existing.getClientSecret();
                } else {
                    issuedSecret = new Base64StringKeyGenerator(
                            java.util.Base64.getUrlEncoder().withoutPadding(), 48).generateKey();
                    storedSecret = passwordEncoder.encode(issuedSecret);
                }
            }
            RegisteredClient updated = RegisteredClient.from(template)
                    .id(existing.getId())
                    .clientId(existing.getClientId())
                    .clientIdIssuedAt(existing.getClientIdIssuedAt())
                    .clientSecret(storedSecret)
                    .build();
            clients.save(updated);
            Map<String, Object> metadata = publicMetadata(updated);
            if (issuedSecret != null) {
                metadata.put("client_secret", issuedSecret);
            }
            responses.writeClientInformation(request, response, HttpStatus.OK, metadata, token);
        } catch (OAuth2AuthenticationException e) {
            responses.writeError(response, e.getError());
        }
    }

    /** A server without (part of) RFC 7592 answers 405 and names what it does allow. */
    private static boolean refused(HttpServletResponse response, boolean refuse, String allowedMethods) {
        if (refuse) {
            response.setStatus(HttpStatus.METHOD_NOT_ALLOWED.value());
            response.setHeader(HttpHeaders.ALLOW, allowedMethods);
        }
        return refuse;
    }

    private String allowed() {
        return properties.clientManagement() == AuthServerProperties.ClientManagement.READ_ONLY ? "GET" : "";
    }

    private RegisteredClient authorizedClient(String clientId, String token) {
        // RFC 7592 §2: an unknown client and a wrong token both answer 401
        RegisteredClient client = clients.findByClientId(clientId);
        if (client == null || !registrationAccessTokens.isValid(clientId, token)) {
            throw new OAuth2AuthenticationException(new OAuth2Error(OAuth2ErrorCodes.INVALID_TOKEN,
                    "the registration access token is not valid for this client", ERROR_URI));
        }
        return client;
    }

    private static String bearerToken(HttpServletRequest request) {
        String header = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (header == null || header.length() <= 7 || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw new OAuth2AuthenticationException(new OAuth2Error(OAuth2ErrorCodes.INVALID_TOKEN,
                    "a registration access token is required", ERROR_URI));
        }
        return header.substring(7).trim();
    }

    private OAuth2ClientRegistration readRegistration(HttpServletRequest request) {
        try {
            return responses.readRegistration(request);
        } catch (Exception e) {
            throw invalid(OAuth2ErrorCodes.INVALID_REQUEST, "the body is not client metadata: " + e.getMessage());
        }
    }

    private RegisteredClient newClientFrom(OAuth2ClientRegistration requested) {
        try {
            return metadataToClient.convert(requested);
        } catch (IllegalArgumentException e) {
            // RegisteredClient's own checks, e.g. authorization_code without redirect_uris
            throw invalid("invalid_client_metadata", e.getMessage());
        }
    }

    /** The client's metadata without {@code client_secret}: SAS stores only its hash. */
    private Map<String, Object> publicMetadata(RegisteredClient client) {
        Map<String, Object> metadata = new HashMap<>(clientToMetadata.convert(client).getClaims());
        metadata.remove("client_secret");
        return metadata;
    }

    private static OAuth2AuthenticationException invalid(String errorCode, String description) {
        return new OAuth2AuthenticationException(new OAuth2Error(errorCode, description, ERROR_URI));
    }

    private static AnonymousAuthenticationToken anonymous() {
        return new AnonymousAuthenticationToken("rfc7592", "rfc7592", AuthorityUtils.createAuthorityList("ROLE_ANONYMOUS"));
    }
}
