package io.smartoperator.gateway.registration;

/**
 * An RFC 7592 read: the client's credentials and the metadata the server holds for it (which
 * may differ from what was asked: servers narrow scopes or fill in defaults).
 */
public record ClientConfiguration(RegisteredClient client, ClientRequest metadata) {}
