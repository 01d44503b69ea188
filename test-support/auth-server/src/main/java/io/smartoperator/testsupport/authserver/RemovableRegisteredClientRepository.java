package io.smartoperator.testsupport.authserver;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;

/**
 * In memory, like SAS's {@code InMemoryRegisteredClientRepository}, but a client can be removed:
 * RFC 7592 DELETE needs that, and the stock repository has no such method.
 */
final class RemovableRegisteredClientRepository implements RegisteredClientRepository {

    private final Map<String, RegisteredClient> byId = new ConcurrentHashMap<>();
    private final Map<String, String> idByClientId = new ConcurrentHashMap<>();

    RemovableRegisteredClientRepository(RegisteredClient... clients) {
        for (RegisteredClient client : clients) {
            save(client);
        }
    }

    @Override
    public synchronized void save(RegisteredClient client) {
        String holder = idByClientId.get(client.getClientId());
        if (holder != null && !holder.equals(client.getId())) {
            throw new IllegalArgumentException("client_id already registered");
        }
        byId.put(client.getId(), client);
        idByClientId.put(client.getClientId(), client.getId());
    }

    @Override
    public RegisteredClient findById(String id) {
        return byId.get(id);
    }

    @Override
    public RegisteredClient findByClientId(String clientId) {
        String id = idByClientId.get(clientId);
        return id == null ? null : byId.get(id);
    }

    /** @return the removed client, or null when there was none */
    synchronized RegisteredClient removeByClientId(String clientId) {
        String id = idByClientId.remove(clientId);
        return id == null ? null : byId.remove(id);
    }
}
