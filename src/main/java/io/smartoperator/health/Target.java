package io.smartoperator.health;

import io.smartoperator.api.v1alpha1.HealthCheck;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * What to probe and how: one SmartApp's or Gateway's health URI with its probe settings.
 *
 * <p>The key ({@code app/<namespace>/<name>} or {@code gateway/<namespace>/<name>}) identifies the
 * target in {@link HealthProber}; monitoring the same key again with other settings replaces them.
 *
 * @param kind whether an app or a gateway is probed (a metric tag)
 * @param namespace the resource's namespace (a metric tag)
 * @param name the resource's name (a metric tag)
 * @param uri an absolute {@code http} or {@code https} URI without user info or fragment
 * @param period time between probe starts
 * @param timeout time a probe may take, connection and body included
 * @param failureThreshold consecutive failures that make the target Unhealthy or Unreachable
 */
public record Target(
    Kind kind, String namespace, String name, URI uri, Duration period, Duration timeout,
    int failureThreshold) {

  public static final Duration DEFAULT_PERIOD = Duration.ofSeconds(30);
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);
  public static final int DEFAULT_FAILURE_THRESHOLD = 3;

  /** The kind of resource a target belongs to. */
  public enum Kind {
    APP("app"),
    GATEWAY("gateway");

    private final String tag;

    Kind(String tag) {
      this.tag = tag;
    }

    /** The lower-case name used in keys and metric tags. */
    public String tag() {
      return tag;
    }
  }

  public Target {
    Objects.requireNonNull(kind, "kind");
    requireText(namespace, "namespace");
    requireText(name, "name");
    Objects.requireNonNull(uri, "uri");
    Objects.requireNonNull(period, "period");
    Objects.requireNonNull(timeout, "timeout");
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!uri.isAbsolute() || !(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
      throw new IllegalArgumentException("health URI must be an absolute http or https URI with a host");
    }
    // user info would be a credential: never probe with it, so it can never reach a log or a tag
    if (uri.getRawUserInfo() != null || uri.getRawFragment() != null) {
      throw new IllegalArgumentException("health URI must have no user info and no fragment");
    }
    if (period.isNegative() || period.isZero() || timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("period and timeout must be positive");
    }
    if (failureThreshold < 1) {
      throw new IllegalArgumentException("failureThreshold must be at least 1");
    }
  }

  /** An app's target; a null {@code check}, or a field of it left out, takes the operator default. */
  public static Target app(String namespace, String name, URI uri, HealthCheck check) {
    return of(Kind.APP, namespace, name, uri, check);
  }

  /** A gateway's target; a null {@code check}, or a field of it left out, takes the operator default. */
  public static Target gateway(String namespace, String name, URI uri, HealthCheck check) {
    return of(Kind.GATEWAY, namespace, name, uri, check);
  }

  private static Target of(Kind kind, String namespace, String name, URI uri, HealthCheck check) {
    Duration period = DEFAULT_PERIOD;
    Duration timeout = DEFAULT_TIMEOUT;
    int threshold = DEFAULT_FAILURE_THRESHOLD;
    if (check != null) {
      if (check.getPeriodSeconds() != null) {
        period = Duration.ofSeconds(check.getPeriodSeconds());
      }
      if (check.getTimeoutSeconds() != null) {
        timeout = Duration.ofSeconds(check.getTimeoutSeconds());
      }
      if (check.getFailureThreshold() != null) {
        threshold = check.getFailureThreshold();
      }
    }
    return new Target(kind, namespace, name, uri, period, timeout, threshold);
  }

  /** The key under which {@link HealthProber} knows this target. */
  public String key() {
    return keyOf(kind, namespace, name);
  }

  /** The key of the target of a resource, for {@link HealthProber#stop} and {@link HealthProber#current}. */
  public static String keyOf(Kind kind, String namespace, String name) {
    return kind.tag() + "/" + namespace + "/" + name;
  }

  /** Leaves out the query, which may carry a token. */
  @Override
  public String toString() {
    return "Target[" + key() + " " + uri.getScheme() + "://" + uri.getRawAuthority() + uri.getRawPath()
        + (uri.getRawQuery() == null ? "" : "?...") + " every " + period + ", timeout " + timeout
        + ", failureThreshold " + failureThreshold + "]";
  }

  private static void requireText(String value, String what) {
    if (value == null || value.isEmpty()) {
      throw new IllegalArgumentException(what + " must not be empty");
    }
  }
}
