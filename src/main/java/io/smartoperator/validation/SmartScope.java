package io.smartoperator.validation;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One scope of SMART App Launch v1 or v2, parsed. Resource scopes are
 * {@code (patient|user|system)/(Type|*).(read|write|*)} (v1) or {@code .c?r?u?d?s?} (v2, at least
 * one letter, optionally followed by a {@code ?name=value&...} restriction); the other scopes are
 * fixed words, {@code launch/<context>}, extensions starting {@code __}, or absolute URIs.
 *
 * @param text the scope as written
 * @param kind what sort of scope it is
 * @param context patient, user or system for a resource scope; the context of launch/&lt;context&gt;; else null
 * @param resourceType a FHIR type name or {@code *} for a resource scope, else null
 * @param permissions read, write, * (v1) or some of cruds (v2) for a resource scope, else null
 * @param query the v2 restriction after {@code ?}, or null
 */
public record SmartScope(
    String text, Kind kind, String context, String resourceType, String permissions, String query) {

  public enum Kind {
    /** patient/Observation.rs and friends. */
    RESOURCE,
    /** openid, fhirUser, profile. */
    IDENTITY,
    /** launch, launch/patient, launch/encounter, ... */
    LAUNCH,
    /** online_access, offline_access. */
    REFRESH,
    /** __anything, or an absolute URI. */
    EXTENSION
  }

  private static final Map<String, Kind> WORDS = Map.of(
      "openid", Kind.IDENTITY,
      "fhirUser", Kind.IDENTITY,
      "profile", Kind.IDENTITY,
      "launch", Kind.LAUNCH,
      "online_access", Kind.REFRESH,
      "offline_access", Kind.REFRESH);
  private static final Set<String> CONTEXTS = Set.of("patient", "user", "system");
  private static final Set<String> V1_PERMISSIONS = Set.of("read", "write", "*");
  private static final Pattern RESOURCE_TYPE = Pattern.compile("[A-Z][A-Za-z]*|\\*");
  private static final Pattern V2_PERMISSIONS = Pattern.compile("c?r?u?d?s?");
  private static final Pattern LAUNCH_CONTEXT = Pattern.compile("[a-z]+");
  private static final Pattern HAS_SCHEME = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]*:.*");
  private static final String EXPECTED = "expected (patient|user|system)/<Type>.<permissions>, openid, fhirUser, "
      + "profile, launch, launch/<context>, online_access, offline_access, __<extension> or an absolute URI";

  /** The scope, or empty when it is not a SMART scope (see {@link #problem}). */
  public static Optional<SmartScope> parse(String scope) {
    return Optional.ofNullable(read(scope).scope());
  }

  /** What is wrong with the scope, or empty when it is a valid SMART scope. */
  public static Optional<String> problem(String scope) {
    return Optional.ofNullable(read(scope).problem());
  }

  public static boolean isValid(String scope) {
    return read(scope).scope() != null;
  }

  /**
   * Whether the scope asks for system-level access. Decided on the prefix alone, as the CRD's CEL
   * rule does, so that the API server and the operator agree on every string.
   */
  public static boolean isSystem(String scope) {
    return scope != null && scope.startsWith("system/");
  }

  /** Whether this is a resource scope written in v2 syntax (cruds letters). */
  public boolean isV2() {
    return kind == Kind.RESOURCE && !V1_PERMISSIONS.contains(permissions);
  }

  /**
   * The permissions in v2 letters, as the v2 spec maps v1: read is rs, write is cud, * is cruds.
   * Null for scopes that are not resource scopes.
   */
  public String v2Permissions() {
    if (kind != Kind.RESOURCE) {
      return null;
    }
    return switch (permissions) {
      case "read" -> "rs";
      case "write" -> "cud";
      case "*" -> "cruds";
      default -> permissions;
    };
  }

  private record Reading(SmartScope scope, String problem) {
    static Reading of(SmartScope scope) {
      return new Reading(scope, null);
    }

    static Reading wrong(String problem) {
      return new Reading(null, problem);
    }
  }

  private static Reading read(String text) {
    if (text == null || text.isEmpty()) {
      return Reading.wrong("is empty");
    }
    String badCharacter = badCharacter(text);
    if (badCharacter != null) {
      return Reading.wrong(badCharacter);
    }
    Kind word = WORDS.get(text);
    if (word != null) {
      return Reading.of(new SmartScope(text, word, null, null, null, null));
    }
    if (text.startsWith("__")) {
      return text.length() > 2
          ? Reading.of(new SmartScope(text, Kind.EXTENSION, null, null, null, null))
          : Reading.wrong("an extension scope needs a name after __");
    }
    if (text.startsWith("launch/")) {
      String context = text.substring("launch/".length());
      return LAUNCH_CONTEXT.matcher(context).matches()
          ? Reading.of(new SmartScope(text, Kind.LAUNCH, context, null, null, null))
          : Reading.wrong("launch context '" + context + "' must be lowercase letters, e.g. launch/patient");
    }
    if (HAS_SCHEME.matcher(text).matches()) {
      return readUri(text);
    }
    if (text.contains("/")) {
      return readResource(text);
    }
    for (String known : WORDS.keySet()) {
      if (known.equalsIgnoreCase(text)) {
        return Reading.wrong("scopes are case-sensitive: write '" + known + "'");
      }
    }
    return Reading.wrong(EXPECTED);
  }

  // RFC 6749 §3.3: a scope token is printable ASCII without space, '"' and '\'.
  private static String badCharacter(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isWhitespace(c)) {
        return "contains whitespace (scopes are separated by spaces, so one scope cannot contain any)";
      }
      if (c < 0x21 || c == '"' || c == '\\' || c > 0x7e) {
        return String.format("contains the character U+%04X, which an OAuth scope cannot (RFC 6749 §3.3)", (int) c);
      }
    }
    return null;
  }

  // An extension URI must name something: a host, or a URN. This keeps typos like "patient:read" out.
  private static Reading readUri(String text) {
    try {
      URI uri = new URI(text);
      if (uri.getHost() != null || "urn".equalsIgnoreCase(uri.getScheme())) {
        return Reading.of(new SmartScope(text, Kind.EXTENSION, null, null, null, null));
      }
    } catch (URISyntaxException e) {
      // reported below
    }
    return Reading.wrong("an extension scope written as a URI must be absolute with a host "
        + "(e.g. https://example.org/scopes/x) or a urn:");
  }

  private static Reading readResource(String text) {
    int slash = text.indexOf('/');
    String context = text.substring(0, slash);
    if (!CONTEXTS.contains(context)) {
      return Reading.wrong("context '" + context + "' must be patient, user or system");
    }
    String rest = text.substring(slash + 1);
    int question = rest.indexOf('?');
    String query = question < 0 ? null : rest.substring(question + 1);
    String typeAndPermissions = question < 0 ? rest : rest.substring(0, question);
    int dot = typeAndPermissions.indexOf('.');
    if (dot < 0) {
      return Reading.wrong("needs .<permissions> after the resource type, e.g. " + context + "/Observation.rs");
    }
    String type = typeAndPermissions.substring(0, dot);
    String permissions = typeAndPermissions.substring(dot + 1);
    if (!RESOURCE_TYPE.matcher(type).matches()) {
      return Reading.wrong(type.isEmpty()
          ? "needs a resource type (e.g. Observation) or * before the '.'"
          : "resource type '" + type + "' must be a FHIR type name (e.g. Observation) or *");
    }
    String permissionProblem = permissionProblem(permissions, query);
    if (permissionProblem != null) {
      return Reading.wrong(permissionProblem);
    }
    String queryProblem = query == null ? null : queryProblem(query);
    if (queryProblem != null) {
      return Reading.wrong(queryProblem);
    }
    return Reading.of(new SmartScope(text, Kind.RESOURCE, context, type, permissions, query));
  }

  private static String permissionProblem(String permissions, String query) {
    if (permissions.isEmpty()) {
      return "needs permissions after the '.': read, write or * (v1), or some of cruds (v2)";
    }
    if (V1_PERMISSIONS.contains(permissions)) {
      return query == null ? null
          : "a ?query restriction needs v2 permissions (cruds letters), not '" + permissions + "'";
    }
    if (V2_PERMISSIONS.matcher(permissions).matches()) {
      return null;
    }
    if (permissions.chars().allMatch(c -> "cruds".indexOf(c) >= 0)) {
      return "permissions '" + permissions + "' must be in the order c, r, u, d, s, each at most once (e.g. rs)";
    }
    return "permissions '" + permissions
        + "' must be read, write or * (v1), or some of c, r, u, d, s in that order (v2)";
  }

  private static String queryProblem(String query) {
    if (query.isEmpty()) {
      return "has an empty restriction after '?'";
    }
    for (String pair : query.split("&", -1)) {
      int equals = pair.indexOf('=');
      if (pair.isEmpty()) {
        return "restriction '" + query + "' has an empty parameter (a stray '&')";
      }
      if (equals < 0) {
        return "restriction parameter '" + pair + "' needs '=value'";
      }
      if (equals == 0) {
        return "restriction parameter '" + pair + "' has no name";
      }
      if (equals == pair.length() - 1) {
        return "restriction parameter '" + pair + "' has no value";
      }
    }
    return null;
  }
}
