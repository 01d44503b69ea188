package io.smartoperator.gateway;

import io.smartoperator.api.v1alpha1.ClientType;
import io.smartoperator.api.v1alpha1.SmartApp;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The RFC 7591 client metadata an activation registers, derived from the app's spec alone, so
 * that every registration mode (clients.json, dynamic registration) says the same thing.
 */
public record ClientMetadata(String clientId, String clientName, List<String> redirectUris, String scope,
    List<String> grantTypes, String tokenEndpointAuthMethod, String launchUri) {

  public static ClientMetadata of(SmartApp app, String clientId) {
    ClientType type = ClientType.of(app.getSpec().getClientType()).orElseThrow();
    List<String> scopes = app.getSpec().getScopes() == null ? List.of() : app.getSpec().getScopes();
    List<String> grants = new ArrayList<>();
    List<String> redirects = new ArrayList<>();
    String launch = null;
    if (type == ClientType.BACKEND_SERVICE) {
      grants.add("client_credentials");
    } else {
      grants.add("authorization_code");
      if (scopes.contains("offline_access")) {
        grants.add("refresh_token");
      }
      if (app.getSpec().getRedirectUris() != null) {
        redirects.addAll(app.getSpec().getRedirectUris());
      }
      launch = app.getSpec().getLaunchUri();
    }
    return new ClientMetadata(clientId, app.getSpec().getDisplayName(), List.copyOf(redirects),
        String.join(" ", scopes), List.copyOf(grants),
        type == ClientType.PUBLIC ? "none" : "client_secret_basic", launch);
  }

  /** The clients.json entry, keys in a fixed order; client_secret only where one exists. */
  public Map<String, Object> clientsJsonEntry(String clientSecret) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("client_id", clientId);
    m.put("client_name", clientName);
    m.put("redirect_uris", redirectUris);
    m.put("scope", scope);
    m.put("grant_types", grantTypes);
    m.put("token_endpoint_auth_method", tokenEndpointAuthMethod);
    if (clientSecret != null) {
      m.put("client_secret", clientSecret);
    }
    if (launchUri != null) {
      m.put("smart_launch_uri", launchUri);
    }
    return m;
  }
}
