package io.smartoperator.gateway.registration;

/**
 * A registration call that did not succeed. The message reads
 * {@code "<error>: <error_description> (HTTP n)"}, with the server's own RFC 7591 error where it
 * gave one; it never holds a client secret or token.
 */
public final class RegistrationException extends Exception {
  private static final long serialVersionUID = 1L;

  /** No HTTP answer at all: connection refused, timeout, DNS. */
  public static final int NO_HTTP_STATUS = 0;

  private final String error;
  private final String errorDescription;
  private final int httpStatus;
  private final boolean retryable;

  RegistrationException(String error, String errorDescription, int httpStatus, boolean retryable) {
    this(error, errorDescription, httpStatus, retryable, null);
  }

  RegistrationException(
      String error, String errorDescription, int httpStatus, boolean retryable, Throwable cause) {
    super(message(error, errorDescription, httpStatus), cause);
    this.error = error;
    this.errorDescription = errorDescription;
    this.httpStatus = httpStatus;
    this.retryable = retryable;
  }

  /** The server's {@code error} code, or one of the operator's when the server gave none. */
  public String error() {
    return error;
  }

  /** The server's {@code error_description} (secrets blanked out); nullable. */
  public String errorDescription() {
    return errorDescription;
  }

  /** The HTTP status, or {@link #NO_HTTP_STATUS} when no answer came. */
  public int httpStatus() {
    return httpStatus;
  }

  /**
   * True when the same call may succeed later without anyone changing anything: no answer,
   * a 5xx, or 429. False when the server refused what was sent (4xx).
   */
  public boolean retryable() {
    return retryable;
  }

  private static String message(String error, String errorDescription, int httpStatus) {
    StringBuilder message = new StringBuilder(error);
    if (errorDescription != null && !errorDescription.isBlank()) {
      message.append(": ").append(errorDescription);
    }
    message.append(httpStatus == NO_HTTP_STATUS ? " (no HTTP answer)" : " (HTTP " + httpStatus + ")");
    return message.toString();
  }
}
