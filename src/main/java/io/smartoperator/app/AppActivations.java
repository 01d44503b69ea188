package io.smartoperator.app;

import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Secret;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.smartoperator.api.v1alpha1.Gateway;
import io.smartoperator.api.v1alpha1.GatewayActivationStatus;
import io.smartoperator.api.v1alpha1.GatewayRef;
import io.smartoperator.api.v1alpha1.RegistrationMode;
import io.smartoperator.api.v1alpha1.SmartApp;
import io.smartoperator.gateway.ActivationRules;
import io.smartoperator.gateway.ActivationRules.Verdict;
import io.smartoperator.gateway.ClientMetadata;
import io.smartoperator.gateway.ClientsSecret;
import io.smartoperator.gateway.LaunchUrl;
import io.smartoperator.status.Conditions;
import io.smartoperator.status.Conditions.Observed;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * An app's activations, one per gatewayRef, read from the informer caches: the handshake and
 * capability rules, then the registration mode's own evidence (None: nothing to do; Secret: the
 * gateway's clients.json lists the app's current metadata).
 */
final class AppActivations {
  static final String TYPE = ActivationRules.ACTIVATED;

  /** Per-gateway statuses and the summary condition. */
  record Outcome(List<GatewayActivationStatus> gateways, Observed summary, int activated,
      java.time.Duration retryAfter) {}

  private final DcrRegistrations dcr;
  private InformerEventSource<Gateway, SmartApp> gateways;
  private InformerEventSource<Namespace, SmartApp> namespaces;
  private InformerEventSource<Secret, SmartApp> secrets;

  AppActivations(DcrRegistrations dcr) {
    this.dcr = dcr;
  }

  void use(InformerEventSource<Gateway, SmartApp> gateways, InformerEventSource<Namespace, SmartApp> namespaces,
      InformerEventSource<Secret, SmartApp> secrets) {
    this.gateways = gateways;
    this.namespaces = namespaces;
    this.secrets = secrets;
  }

  static String namespaceOf(SmartApp app, GatewayRef ref) {
    return ref.getNamespace() == null || ref.getNamespace().isEmpty()
        ? app.getMetadata().getNamespace() : ref.getNamespace();
  }

  /** Whether the Gateway {@code <namespace>/<name>} exists (in the cache). */
  boolean gatewayExists(String key) {
    if (key == null || key.indexOf('/') < 0) {
      return false;
    }
    return gateways.get(new ResourceID(key.substring(key.indexOf('/') + 1), key.substring(0, key.indexOf('/'))))
        .isPresent();
  }

  Optional<Gateway> gateway(SmartApp app, GatewayRef ref) {
    return gateways.get(new ResourceID(ref.getName(), namespaceOf(app, ref)));
  }

  Outcome evaluate(SmartApp app, boolean ready, String clientId, String clientSecret,
      List<GatewayActivationStatus> previous, Instant now) {
    List<GatewayRef> refs = app.getSpec() == null || app.getSpec().getGatewayRefs() == null
        ? List.of() : app.getSpec().getGatewayRefs();
    if (refs.isEmpty()) {
      return new Outcome(List.of(), Observed.of(TYPE, Conditions.FALSE, "NoGateways",
          "spec.gatewayRefs is empty: the app is registered but not activated on any gateway"), 0, null);
    }
    List<GatewayActivationStatus> out = new ArrayList<>();
    List<Verdict> verdicts = new ArrayList<>();
    java.time.Duration retryAfter = null;
    for (GatewayRef ref : refs) {
      String issuedClientId = null;
      String ns = namespaceOf(app, ref);
      Gateway gw = gateways.get(new ResourceID(ref.getName(), ns)).orElse(null);
      Verdict v;
      if (!ready) {
        v = new Verdict(false, Conditions.UNKNOWN, "Pending",
            "waiting for the app to be Accepted and its credentials to be ready");
      } else {
        Namespace appNs = namespaces.get(new ResourceID(app.getMetadata().getNamespace())).orElse(null);
        v = ActivationRules.evaluate(app, ns, ref.getName(), gw, appNs);
        if (v.eligible() && modeOf(gw) == RegistrationMode.DynamicClientRegistration) {
          DcrRegistrations.Result r = dcr.ensure(app, gw, ClientMetadata.of(app, clientId), v);
          v = r.verdict();
          issuedClientId = r.issuedClientId();
          if (r.retryAfter() != null && (retryAfter == null || r.retryAfter().compareTo(retryAfter) < 0)) {
            retryAfter = r.retryAfter();
          }
        } else if (v.eligible()) {
          v = registered(app, gw, clientId, clientSecret, v);
        }
      }
      verdicts.add(v);
      GatewayActivationStatus s = new GatewayActivationStatus();
      s.setName(ref.getName());
      s.setNamespace(ns);
      s.setClientId(issuedClientId);
      if (gw != null) {
        s.setFhirBaseUrl(gw.getSpec().getFhirBaseUrl());
        if (v.eligible()) {
          s.setLaunchUrl(LaunchUrl.of(app.getSpec().getLaunchUri(), gw.getSpec().getFhirBaseUrl()));
        }
      }
      List<io.fabric8.kubernetes.api.model.Condition> before = previous == null ? List.of() : previous.stream()
          .filter(p -> Objects.equals(p.getName(), ref.getName()) && Objects.equals(p.getNamespace(), ns))
          .findFirst().map(GatewayActivationStatus::getConditions).orElse(List.of());
      s.setConditions(Conditions.merge(before, List.of(Observed.of(TYPE, v.status(), v.reason(), v.message())),
          app.getMetadata().getGeneration(), now));
      out.add(s);
    }
    int activated = (int) verdicts.stream().filter(v -> Conditions.TRUE.equals(v.status())).count();
    return new Outcome(out, summary(refs, verdicts, activated), activated, retryAfter);
  }

  static RegistrationMode modeOf(Gateway gw) {
    String mode = gw.getSpec().getRegistration() == null ? null : gw.getSpec().getRegistration().getMode();
    return RegistrationMode.of(mode).orElse(RegistrationMode.None);
  }

  /** The registration mode's evidence that the gateway knows the app (modes None and Secret). */
  private Verdict registered(SmartApp app, Gateway gw, String clientId, String clientSecret, Verdict ok) {
    RegistrationMode m = modeOf(gw);
    String ref = gw.getMetadata().getNamespace() + "/" + gw.getMetadata().getName();
    switch (m) {
      case Secret -> {
        Optional<Secret> clients = secrets.get(new ResourceID(ClientsSecret.name(gw), gw.getMetadata().getNamespace()));
        if (clients.isPresent() && ClientsSecret.overflowed(clients.get()).contains(clientId)) {
          return new Verdict(false, Conditions.FALSE, "RegistrationFailed", "Gateway " + ref
              + ": clients.json would exceed the 1 MiB a Secret can hold; this app's entry does not fit. "
              + "Spread apps over more gateways or trim their metadata");
        }
        Map<String, Object> desired = ClientMetadata.of(app, clientId).clientsJsonEntry(clientSecret);
        Map<String, Object> listed = clients.map(s -> ClientsSecret.entry(s, clientId)).orElse(null);
        if (!desired.equals(listed)) {
          return new Verdict(false, Conditions.UNKNOWN, "Pending",
              "waiting for Gateway " + ref + " to list the app in Secret " + ClientsSecret.name(gw));
        }
        return ok;
      }
      default -> {
        return ok;
      }
    }
  }

  /**
   * Gateways in registration mode Secret that still list the app: its finalizer waits for them.
   * A gateway that is gone lists nobody.
   */
  List<String> stillListedBy(SmartApp app, String clientId) {
    List<String> waiting = new ArrayList<>();
    List<GatewayRef> refs = app.getSpec() == null || app.getSpec().getGatewayRefs() == null
        ? List.of() : app.getSpec().getGatewayRefs();
    for (GatewayRef ref : refs) {
      Optional<Gateway> gw = gateway(app, ref);
      if (gw.isEmpty()) {
        continue;
      }
      Optional<Secret> clients = secrets.get(
          new ResourceID(ClientsSecret.name(gw.get()), gw.get().getMetadata().getNamespace()));
      if (clients.isPresent() && ClientsSecret.listedClientIds(clients.get()).contains(clientId)) {
        waiting.add(gw.get().getMetadata().getNamespace() + "/" + gw.get().getMetadata().getName());
      }
    }
    return waiting;
  }

  private static Observed summary(List<GatewayRef> refs, List<Verdict> verdicts, int activated) {
    if (activated == refs.size()) {
      return Observed.of(TYPE, Conditions.TRUE, "Activated", "activated on " + activated + " gateway(s)");
    }
    List<String> problems = new ArrayList<>();
    for (int i = 0; i < refs.size(); i++) {
      Verdict v = verdicts.get(i);
      if (!Conditions.TRUE.equals(v.status())) {
        problems.add(v.message());
      }
    }
    String detail = String.join("; ", problems);
    if (activated > 0) {
      return Observed.of(TYPE, Conditions.FALSE, "PartiallyActivated",
          "activated on " + activated + " of " + refs.size() + " gateways; " + detail);
    }
    Optional<Verdict> failed = verdicts.stream().filter(v -> Conditions.FALSE.equals(v.status())).findFirst();
    if (failed.isPresent()) {
      return Observed.of(TYPE, Conditions.FALSE, failed.get().reason(), detail);
    }
    return Observed.of(TYPE, Conditions.UNKNOWN, "Pending", detail);
  }
}
