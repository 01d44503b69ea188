package io.smartoperator.testsupport.authserver;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.security.oauth2.server.authorization.InMemoryOAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;

/**
 * SAS's in-memory authorization service plus two things it lacks: removing every authorization
 * of one client (an RFC 7592 DELETE ends every grant the client had), and, when asked
 * to, keeping initial access tokens usable after a registration.
 */
final class ClientTrackingAuthorizationService implements OAuth2AuthorizationService {

    static final String CLIENT_CREATE_SCOPE = "client.create";

    private final InMemoryOAuth2AuthorizationService delegate = new InMemoryOAuth2AuthorizationService();
    private final Map<String, Set<String>> authorizationIdsByRegisteredClientId = new ConcurrentHashMap<>();
    private final boolean reusableInitialAccessTokens;

    ClientTrackingAuthorizationService(boolean reusableInitialAccessTokens) {
        this.reusableInitialAccessTokens = reusableInitialAccessTokens;
    }

    @Override
    public void save(OAuth2Authorization authorization) {
        if (reusableInitialAccessTokens && isInvalidatedInitialAccessToken(authorization)) {
            // SAS invalidates an initial access token after one registration; many real servers
            // let one token register several clients, which is what this mode imitates.
            return;
        }
        delegate.save(authorization);
        authorizationIdsByRegisteredClientId
                .computeIfAbsent(authorization.getRegisteredClientId(), id -> ConcurrentHashMap.newKeySet())
                .add(authorization.getId());
    }

    @Override
    public void remove(OAuth2Authorization authorization) {
        delegate.remove(authorization);
        Set<String> ids = authorizationIdsByRegisteredClientId.get(authorization.getRegisteredClientId());
        if (ids != null) {
            ids.remove(authorization.getId());
        }
    }

    @Override
    public OAuth2Authorization findById(String id) {
        return delegate.findById(id);
    }

    @Override
    public OAuth2Authorization findByToken(String token, OAuth2TokenType tokenType) {
        return delegate.findByToken(token, tokenType);
    }

    /** Forgets every token issued to the client, registration access token included. */
    void removeAllOf(String registeredClientId) {
        Set<String> ids = authorizationIdsByRegisteredClientId.remove(registeredClientId);
        if (ids == null) {
            return;
        }
        for (String id : ids) {
            OAuth2Authorization authorization = delegate.findById(id);
            if (authorization != null) {
                delegate.remove(authorization);
            }
        }
    }

    private static boolean isInvalidatedInitialAccessToken(OAuth2Authorization authorization) {
        OAuth2Authorization.Token<?> accessToken = authorization.getAccessToken();
        return accessToken != null && accessToken.isInvalidated()
                && authorization.getAuthorizedScopes().contains(CLIENT_CREATE_SCOPE);
    }
}
