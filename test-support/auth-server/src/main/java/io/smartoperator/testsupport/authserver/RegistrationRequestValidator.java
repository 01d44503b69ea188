package io.smartoperator.testsupport.authserver;

import java.util.function.Consumer;

import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientRegistrationAuthenticationContext;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientRegistrationAuthenticationValidator;

/**
 * SAS's RFC 7591 registration checks (redirect URIs, jwks_uri), with its scope check swapped out
 * when scopes are to be accepted: by default SAS refuses any {@code scope} in a registration
 * with {@code invalid_scope}, and a SMART app always registers its scopes.
 */
final class RegistrationRequestValidator implements Consumer<OAuth2ClientRegistrationAuthenticationContext> {

    private final Consumer<OAuth2ClientRegistrationAuthenticationContext> checks;

    RegistrationRequestValidator(boolean acceptScopes) {
        this.checks = OAuth2ClientRegistrationAuthenticationValidator.DEFAULT_REDIRECT_URI_VALIDATOR
                .andThen(OAuth2ClientRegistrationAuthenticationValidator.DEFAULT_JWK_SET_URI_VALIDATOR)
                .andThen(acceptScopes
                        ? OAuth2ClientRegistrationAuthenticationValidator.SIMPLE_SCOPE_VALIDATOR
                        : OAuth2ClientRegistrationAuthenticationValidator.DEFAULT_SCOPE_VALIDATOR);
    }

    @Override
    public void accept(OAuth2ClientRegistrationAuthenticationContext context) {
        checks.accept(context);
    }
}
