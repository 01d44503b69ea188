package io.smartoperator.gateway.registration;

import com.nimbusds.oauth2.sdk.GrantType;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.auth.ClientAuthenticationMethod;
import com.nimbusds.oauth2.sdk.client.ClientMetadata;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The client metadata (RFC 7591 §2) the operator asks a gateway's authorization server to hold
 * for one app, plus SMART's {@code smart_launch_uri}.
 *
 * @param clientName {@code client_name}; nullable
 * @param redirectUris {@code redirect_uris}; empty for a backend service
 * @param scope {@code scope}, space separated; nullable
 * @param grantTypes {@code grant_types}, e.g. {@code authorization_code refresh_token} or {@code client_credentials}
 * @param tokenEndpointAuthMethod {@code token_endpoint_auth_method}: {@code none} or {@code client_secret_basic}; nullable
 * @param launchUri the custom field {@code smart_launch_uri}; nullable
 */
public record ClientRequest(
    String clientName,
    List<String> redirectUris,
    String scope,
    List<String> grantTypes,
    String tokenEndpointAuthMethod,
    String launchUri) {

  /** The custom metadata field that carries the app's launch URI. */
  public static final String LAUNCH_URI_FIELD = "smart_launch_uri";

  public ClientRequest {
    redirectUris = redirectUris == null ? List.of() : List.copyOf(redirectUris);
    grantTypes = grantTypes == null ? List.of() : List.copyOf(grantTypes);
  }

  /**
   * A SHA-256 (hex) of the canonical metadata: the same for requests a server treats alike
   * (redirect URIs, scopes and grant types in any order, duplicates or not), different as soon
   * as one value differs. Kept with a registration so the server is called only on change;
   * changing this encoding re-registers every client once, so the "v1" names it.
   */
  public String hash() {
    StringBuilder canonical = new StringBuilder("v1\n");
    field(canonical, "client_name", clientName);
    list(canonical, "redirect_uris", new TreeSet<>(redirectUris));
    list(canonical, "scope", scopeValues(scope));
    list(canonical, "grant_types", new TreeSet<>(grantTypes));
    field(canonical, "token_endpoint_auth_method", tokenEndpointAuthMethod);
    field(canonical, LAUNCH_URI_FIELD, launchUri);
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256")
          .digest(canonical.toString().getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }

  /** The nimbus form that goes on the wire. */
  ClientMetadata toClientMetadata() {
    ClientMetadata metadata = new ClientMetadata();
    if (clientName != null) {
      metadata.setName(clientName);
    }
    if (!redirectUris.isEmpty()) {
      metadata.setRedirectionURIs(redirectUris.stream().map(URI::create)
          .collect(Collectors.toCollection(LinkedHashSet::new)));
    }
    if (scope != null && !scope.isBlank()) {
      metadata.setScope(Scope.parse(scope));
    }
    if (!grantTypes.isEmpty()) {
      Set<GrantType> types = new LinkedHashSet<>();
      for (String grantType : grantTypes) {
        types.add(parseGrantType(grantType));
      }
      metadata.setGrantTypes(types);
      // RFC 7591 §2.1: response_types must match grant_types; code only with authorization_code
      if (types.contains(GrantType.AUTHORIZATION_CODE)) {
        metadata.setResponseTypes(Set.of(ResponseType.CODE));
      }
    }
    if (tokenEndpointAuthMethod != null) {
      metadata.setTokenEndpointAuthMethod(ClientAuthenticationMethod.parse(tokenEndpointAuthMethod));
    }
    if (launchUri != null) {
      metadata.setCustomField(LAUNCH_URI_FIELD, launchUri);
    }
    return metadata;
  }

  /** What a server answered it holds, in the same shape as what was asked. */
  static ClientRequest fromClientMetadata(ClientMetadata metadata) {
    Object launchUri = metadata.getCustomField(LAUNCH_URI_FIELD);
    return new ClientRequest(
        metadata.getName(),
        metadata.getRedirectionURIStrings() == null
            ? List.of() : List.copyOf(metadata.getRedirectionURIStrings()),
        metadata.getScope() == null ? null : metadata.getScope().toString(),
        metadata.getGrantTypes() == null
            ? List.of() : metadata.getGrantTypes().stream().map(GrantType::getValue).toList(),
        metadata.getTokenEndpointAuthMethod() == null ? null : metadata.getTokenEndpointAuthMethod().getValue(),
        launchUri == null ? null : launchUri.toString());
  }

  private static GrantType parseGrantType(String value) {
    try {
      return GrantType.parse(value);
    } catch (ParseException e) {
      throw new IllegalArgumentException("not a grant type: " + value, e);
    }
  }

  private static TreeSet<String> scopeValues(String scope) {
    TreeSet<String> values = new TreeSet<>();
    if (scope != null) {
      Arrays.stream(scope.trim().split("\\s+")).filter(value -> !value.isEmpty()).forEach(values::add);
    }
    return values;
  }

  // Length prefixes keep the encoding unambiguous whatever characters the values hold.
  private static void field(StringBuilder canonical, String name, String value) {
    canonical.append(name).append('=');
    if (value == null) {
      canonical.append('-');
    } else {
      canonical.append(value.length()).append(':').append(value);
    }
    canonical.append('\n');
  }

  private static void list(StringBuilder canonical, String name, Set<String> values) {
    canonical.append(name).append('#').append(values.size());
    for (String value : values) {
      canonical.append(' ').append(value.length()).append(':').append(value);
    }
    canonical.append('\n');
  }
}
