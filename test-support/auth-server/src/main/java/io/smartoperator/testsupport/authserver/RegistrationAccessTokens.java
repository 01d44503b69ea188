package io.smartoperator.testsupport.authserver;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * RFC 7592 registration access tokens: opaque, one per client, kept only as a SHA-256 digest.
 * SAS's RFC 7591 endpoint issues none, so this server adds them.
 */
final class RegistrationAccessTokens {

    private final SecureRandom random = new SecureRandom();
    private final Map<String, byte[]> digestByClientId = new ConcurrentHashMap<>();

    String issue(String clientId) {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        digestByClientId.put(clientId, digest(token));
        return token;
    }

    boolean isValid(String clientId, String token) {
        byte[] expected = digestByClientId.get(clientId);
        return expected != null && token != null && MessageDigest.isEqual(expected, digest(token));
    }

    void revoke(String clientId) {
        digestByClientId.remove(clientId);
    }

    private static byte[] digest(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
