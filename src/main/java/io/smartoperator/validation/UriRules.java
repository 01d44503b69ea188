package io.smartoperator.validation;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The URI rules of the API: absolute, no fragment, no userinfo, no wildcards; then per use, which
 * schemes and hosts are allowed. Each method names the field it reports on and never touches the
 * network: hosts are judged by their text alone.
 */
public final class UriRules {
  /** The CRD's maxLength for URI fields. */
  public static final int MAX_LENGTH = 2048;

  static final String HTTPS_OR_LOOPBACK = "must be https (http only for loopback hosts: 127.0.0.0/8, [::1])";
  private static final Pattern IPV4 = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");

  private UriRules() {}

  /** A SMART launch URI: https, or http on a loopback host. */
  public static Validation launchUri(String field, String uri) {
    return httpsOrLoopback(field, uri, false);
  }

  /**
   * An OAuth redirect URI: https, http on a loopback host, or a private-use scheme containing a
   * dot such as {@code com.example.app:/cb} (RFC 8252 §7.1), for native apps.
   */
  public static Validation redirectUri(String field, String uri) {
    Findings findings = new Findings();
    URI parsed = parse(findings, field, uri);
    if (parsed == null) {
      return findings.validation();
    }
    String scheme = parsed.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      if (!scheme.contains(".")) {
        findings.problem(field, "must be https, http on a loopback host, or a private-use scheme with a dot "
            + "such as com.example.app:/cb (RFC 8252 §7.1)");
      }
      return findings.validation();
    }
    return httpsOrLoopback(field, uri, false);
  }

  /** A URI the operator probes: http or https, any host (in-cluster services are the usual case). */
  public static Validation healthUri(String field, String uri) {
    Findings findings = new Findings();
    URI parsed = parse(findings, field, uri);
    if (parsed != null) {
      String scheme = parsed.getScheme().toLowerCase(Locale.ROOT);
      if (!scheme.equals("http") && !scheme.equals("https")) {
        findings.problem(field, "must be http or https");
      } else {
        checkHostAndPort(findings, field, parsed);
      }
    }
    return findings.validation();
  }

  /** A Gateway's FHIR base URL, the iss of launches: https or loopback http, and no query. */
  public static Validation fhirBaseUrl(String field, String uri) {
    return httpsOrLoopback(field, uri, true);
  }

  /** An RFC 7591 registration endpoint: https or loopback http. */
  public static Validation registrationEndpoint(String field, String uri) {
    return httpsOrLoopback(field, uri, false);
  }

  /**
   * Whether a URI host (as {@link URI#getHost()} gives it) is a loopback address literal:
   * 127.0.0.0/8 or [::1]. The name localhost is not one: it may resolve elsewhere (RFC 8252 §8.3).
   */
  public static boolean isLoopbackHost(String host) {
    if (host == null) {
      return false;
    }
    Matcher ipv4 = IPV4.matcher(host);
    if (ipv4.matches()) {
      for (int i = 1; i <= 4; i++) {
        if (Integer.parseInt(ipv4.group(i)) > 255) {
          return false;
        }
      }
      return ipv4.group(1).equals("127");
    }
    if (host.startsWith("[") && host.endsWith("]")) {
      try {
        // An IPv6 literal is parsed, never resolved.
        InetAddress address = InetAddress.getByName(host);
        return address instanceof Inet6Address && address.isLoopbackAddress();
      } catch (UnknownHostException | SecurityException e) {
        return false;
      }
    }
    return false;
  }

  private static Validation httpsOrLoopback(String field, String uri, boolean forbidQuery) {
    Findings findings = new Findings();
    URI parsed = parse(findings, field, uri);
    if (parsed == null) {
      return findings.validation();
    }
    if (forbidQuery && uri.contains("?")) {
      findings.problem(field, "must not have a query (?...)");
    }
    String scheme = parsed.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      findings.problem(field, HTTPS_OR_LOOPBACK);
      return findings.validation();
    }
    if (!checkHostAndPort(findings, field, parsed) || scheme.equals("https")) {
      return findings.validation();
    }
    String host = parsed.getHost();
    if (host.equalsIgnoreCase("localhost")) {
      findings.warning(field, "http://localhost is accepted, but localhost may resolve to a non-loopback "
          + "address (RFC 8252 §8.3): prefer 127.0.0.1 or [::1]");
    } else if (!isLoopbackHost(host)) {
      findings.problem(field, HTTPS_OR_LOOPBACK);
    }
    return findings.validation();
  }

  /**
   * The checks every URI gets. Returns the parsed URI, or null after reporting why there is none
   * worth looking at further. Messages never repeat the URI: it may carry a password.
   */
  private static URI parse(Findings findings, String field, String uri) {
    if (uri == null) {
      findings.problem(field, "is required");
      return null;
    }
    if (uri.isBlank()) {
      findings.problem(field, "must not be blank");
      return null;
    }
    int length = uri.codePointCount(0, uri.length());
    if (length > MAX_LENGTH) {
      findings.problem(field, "must be at most " + MAX_LENGTH + " characters (is " + length + ")");
      return null;
    }
    if (uri.contains("*")) {
      findings.problem(field, "must not contain wildcards (*)");
      return null;
    }
    URI parsed;
    try {
      parsed = new URI(uri);
    } catch (URISyntaxException e) {
      findings.problem(field, "is not a valid URI: " + e.getReason() + " at index " + e.getIndex());
      return null;
    }
    if (!parsed.isAbsolute()) {
      findings.problem(field, "must be an absolute URI (with a scheme, such as https://)");
      return null;
    }
    boolean usable = true;
    if (uri.contains("#")) {
      findings.problem(field, "must not have a fragment (#...)");
      usable = false;
    }
    if (parsed.getRawAuthority() != null && parsed.getRawAuthority().contains("@")) {
      findings.problem(field, "must not contain userinfo (user@host)");
      usable = false;
    }
    return usable ? parsed : null;
  }

  private static boolean checkHostAndPort(Findings findings, String field, URI uri) {
    if (uri.getHost() == null) {
      findings.problem(field, "needs a host that is a valid DNS name or IP address (IDNs in punycode)");
      return false;
    }
    if (uri.getPort() == 0 || uri.getPort() > 65535) {
      findings.problem(field, "has a port out of range (1 to 65535)");
      return false;
    }
    return true;
  }
}
