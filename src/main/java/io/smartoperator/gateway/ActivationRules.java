package io.smartoperator.gateway;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Namespace;
import io.smartoperator.api.v1alpha1.AllowedApps;
import io.smartoperator.api.v1alpha1.AllowedNamespaces;
import io.smartoperator.api.v1alpha1.ClientType;
import io.smartoperator.api.v1alpha1.Gateway;
import io.smartoperator.api.v1alpha1.NamespacesFrom;
import io.smartoperator.api.v1alpha1.SmartApp;
import io.smartoperator.api.v1alpha1.SmartConfiguration;
import io.smartoperator.status.Conditions;
import java.util.List;
import java.util.Optional;

/**
 * Whether an app may be activated on a gateway: the gateway exists and is accepted, its
 * allowedApps admits the app's namespace (the two-sided handshake), and its discovered SMART
 * configuration supports the app's client type. Pure: the caller brings what it read.
 */
public final class ActivationRules {
  public static final String ACTIVATED = "Activated";

  /** The outcome for one gatewayRef; {@code eligible} means registration may proceed. */
  public record Verdict(boolean eligible, String status, String reason, String message) {
    static Verdict no(String reason, String message) {
      return new Verdict(false, Conditions.FALSE, reason, message);
    }

    static Verdict pending(String message) {
      return new Verdict(false, Conditions.UNKNOWN, "Pending", message);
    }
  }

  private ActivationRules() {}

  public static Verdict evaluate(SmartApp app, String gatewayNamespace, String gatewayName,
      Gateway gateway, Namespace appNamespace) {
    String ref = gatewayNamespace + "/" + gatewayName;
    if (gateway == null) {
      return Verdict.no("GatewayNotFound", "Gateway " + ref + " does not exist");
    }
    List<Condition> gwConditions = gateway.getStatus() == null ? null : gateway.getStatus().getConditions();
    Optional<Condition> accepted = Conditions.find(gwConditions, "Accepted");
    if (accepted.isEmpty() || Conditions.UNKNOWN.equals(accepted.get().getStatus())) {
      return Verdict.pending("Gateway " + ref + " has not been reconciled yet");
    }
    if (!Conditions.TRUE.equals(accepted.get().getStatus())) {
      return Verdict.no("GatewayNotReady", "Gateway " + ref + " is not accepted: " + accepted.get().getMessage());
    }
    if (!admits(gateway, app.getMetadata().getNamespace(), appNamespace)) {
      return Verdict.no("NotAllowedByGateway", "Gateway " + ref + " does not admit apps from namespace "
          + app.getMetadata().getNamespace() + " (spec.allowedApps.namespaces.from: " + from(gateway).name() + ")");
    }
    Optional<Condition> discovered = Conditions.find(gwConditions, "Discovered");
    if (discovered.isPresent() && Conditions.FALSE.equals(discovered.get().getStatus())) {
      return Verdict.no("GatewayNotReady", "Gateway " + ref + " has no usable SMART configuration: "
          + discovered.get().getMessage());
    }
    SmartConfiguration smart = gateway.getStatus().getSmartConfiguration();
    ClientType type = ClientType.of(app.getSpec().getClientType()).orElseThrow();
    if (smart != null) {
      Optional<String> unsupported = unsupported(type, smart);
      if (unsupported.isPresent()) {
        return Verdict.no("UnsupportedClientType", "Gateway " + ref + " " + unsupported.get());
      }
    }
    return new Verdict(true, Conditions.TRUE, "Activated", "activated on Gateway " + ref
        + unlistedScopes(app, smart));
  }

  static NamespacesFrom from(Gateway gateway) {
    AllowedApps allowed = gateway.getSpec().getAllowedApps();
    AllowedNamespaces ns = allowed == null ? null : allowed.getNamespaces();
    return NamespacesFrom.of(ns == null ? null : ns.getFrom()).orElse(NamespacesFrom.Same);
  }

  /** The gateway's side of the handshake. An unknown `from` admits only its own namespace. */
  public static boolean admits(Gateway gateway, String appNamespace, Namespace namespace) {
    return switch (from(gateway)) {
      case Same -> gateway.getMetadata().getNamespace().equals(appNamespace);
      case All -> true;
      case Selector -> namespace != null && NamespaceSelector.matches(
          gateway.getSpec().getAllowedApps().getNamespaces().getSelector(),
          namespace.getMetadata().getLabels());
    };
  }

  private static Optional<String> unsupported(ClientType type, SmartConfiguration smart) {
    List<String> caps = smart.getCapabilities() == null ? List.of() : smart.getCapabilities();
    List<String> grants = smart.getGrantTypesSupported() == null ? List.of() : smart.getGrantTypesSupported();
    return switch (type) {
      case PUBLIC -> caps.contains("client-public") ? Optional.empty()
          : Optional.of("does not support public clients (no client-public capability)");
      case CONFIDENTIAL -> caps.contains("client-confidential-symmetric") ? Optional.empty()
          : Optional.of("does not support confidential clients with a client secret "
              + "(no client-confidential-symmetric capability)");
      case BACKEND_SERVICE -> grants.contains("client_credentials") ? Optional.empty()
          : Optional.of("does not support backend services (client_credentials is not in grant_types_supported)");
    };
  }

  /** Scopes the gateway does not list are reported, not refused: scopes_supported is advisory. */
  private static String unlistedScopes(SmartApp app, SmartConfiguration smart) {
    if (smart == null || smart.getScopesSupported() == null || smart.getScopesSupported().isEmpty()
        || app.getSpec().getScopes() == null) {
      return "";
    }
    List<String> unlisted = app.getSpec().getScopes().stream()
        .filter(s -> !smart.getScopesSupported().contains(s)).toList();
    return unlisted.isEmpty() ? "" : "; scopes the gateway does not list in scopes_supported: "
        + String.join(" ", unlisted);
  }
}
