package io.smartoperator.gateway.registration;

/** How an RFC 7592 delete ended; each of these means the operator is done with the client. */
public enum DeleteOutcome {
  /** The server removed the client (2xx). */
  DELETED,
  /** The server no longer knows the client (404 or 410). */
  ALREADY_GONE,
  /**
   * The server cannot delete clients: it answered 405 or 501, or it never gave the management
   * credentials (a create-only server). The client stays on the server; tell the user.
   */
  NOT_SUPPORTED
}
