package io.smartoperator.testsupport.authserver;

import java.io.IOException;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.ServletServerHttpResponse;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.http.converter.OAuth2ErrorHttpMessageConverter;
import org.springframework.security.oauth2.server.authorization.OAuth2ClientRegistration;
import org.springframework.security.oauth2.server.authorization.http.converter.OAuth2ClientRegistrationHttpMessageConverter;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * Writes RFC 7591/7592 client information responses and error responses. With client
 * management on, every client information response carries the RFC 7592 pair
 * {@code registration_access_token} and {@code registration_client_uri}.
 */
final class ClientInformationResponses {

    static final String REGISTRATION_ENDPOINT = "/oauth2/register";

    private final AuthServerProperties properties;
    private final RegistrationAccessTokens registrationAccessTokens;
    private final OAuth2ClientRegistrationHttpMessageConverter registrationJson = new OAuth2ClientRegistrationHttpMessageConverter();
    private final OAuth2ErrorHttpMessageConverter errorJson = new OAuth2ErrorHttpMessageConverter();

    ClientInformationResponses(AuthServerProperties properties, RegistrationAccessTokens registrationAccessTokens) {
        this.properties = properties;
        this.registrationAccessTokens = registrationAccessTokens;
    }

    OAuth2ClientRegistration readRegistration(HttpServletRequest request) throws IOException {
        return registrationJson.read(OAuth2ClientRegistration.class,
                new org.springframework.http.server.ServletServerHttpRequest(request));
    }

    /**
     * @param claims client metadata; a {@code client_secret} in it is written as is, so the
     *     caller passes only a secret the client has not seen hashed
     * @param registrationAccessToken the token to hand out; null issues a new one
     */
    void writeClientInformation(HttpServletRequest request, HttpServletResponse response, HttpStatus status,
            Map<String, Object> claims, String registrationAccessToken) throws IOException {
        OAuth2ClientRegistration.Builder information = OAuth2ClientRegistration.withClaims(claims);
        if (properties.clientManagement() != AuthServerProperties.ClientManagement.NONE) {
            String clientId = (String) claims.get("client_id");
            String token = registrationAccessToken != null ? registrationAccessToken : registrationAccessTokens.issue(clientId);
            information.claim("registration_access_token", token)
                    .claim("registration_client_uri", registrationClientUri(request, clientId));
        }
        ServletServerHttpResponse httpResponse = new ServletServerHttpResponse(response);
        httpResponse.setStatusCode(status);
        registrationJson.write(information.build(), null, httpResponse);
    }

    void writeError(HttpServletResponse response, OAuth2Error error) throws IOException {
        HttpStatus status = switch (error.getErrorCode()) {
            case OAuth2ErrorCodes.INVALID_TOKEN -> HttpStatus.UNAUTHORIZED;
            case OAuth2ErrorCodes.INSUFFICIENT_SCOPE -> HttpStatus.FORBIDDEN;
            default -> HttpStatus.BAD_REQUEST;
        };
        if (status == HttpStatus.UNAUTHORIZED) {
            response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer error=\"invalid_token\"");
        }
        ServletServerHttpResponse httpResponse = new ServletServerHttpResponse(response);
        httpResponse.setStatusCode(status);
        errorJson.write(error, null, httpResponse);
    }

    private String registrationClientUri(HttpServletRequest request, String clientId) {
        String issuer = properties.issuer().isEmpty()
                ? ServletUriComponentsBuilder.fromContextPath(request).build().toUriString()
                : properties.issuer();
        return UriComponentsBuilder.fromUriString(issuer)
                .path(REGISTRATION_ENDPOINT).pathSegment(clientId)
                .encode().build().toUriString();
    }
}
