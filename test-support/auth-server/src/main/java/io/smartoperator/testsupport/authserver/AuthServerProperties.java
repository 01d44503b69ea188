package io.smartoperator.testsupport.authserver;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Switches that let a test make this server behave like the real servers the operator meets.
 *
 * @param issuer the issuer identifier; empty means "derived from each request's host and port"
 * @param adminClientId the pre-registered client that obtains initial access tokens
 *     (client_credentials, scopes {@code client.create client.read})
 * @param adminClientSecret that client's secret
 * @param acceptRegistrationScopes true: a registration may carry {@code scope}; false: stock SAS,
 *     which answers {@code invalid_scope}
 * @param clientManagement how much of RFC 7592 the server offers, see {@link ClientManagement}
 * @param reusableInitialAccessTokens false: stock SAS, an initial access token registers one
 *     client; true: it registers clients until it expires
 * @param initialAccessTokenTimeToLive lifetime of the admin client's (initial access) tokens
 */
@ConfigurationProperties("auth-server")
public record AuthServerProperties(
        @DefaultValue("") String issuer,
        @DefaultValue("dcr-admin") String adminClientId,
        @DefaultValue("dcr-admin-secret") String adminClientSecret,
        @DefaultValue("true") boolean acceptRegistrationScopes,
        @DefaultValue("FULL") ClientManagement clientManagement,
        @DefaultValue("false") boolean reusableInitialAccessTokens,
        @DefaultValue("PT1H") Duration initialAccessTokenTimeToLive) {

    public enum ClientManagement {
        /** RFC 7592 read, update and delete, with a registration access token per client. */
        FULL,
        /** Read only: update and delete answer 405 Method Not Allowed. */
        READ_ONLY,
        /** Stock SAS RFC 7591: create only, no registration access token, no registration_client_uri. */
        NONE
    }
}
