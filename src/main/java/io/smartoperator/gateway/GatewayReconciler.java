package io.smartoperator.gateway;

import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.PrimaryUpdateAndCacheUtils;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.smartoperator.api.v1alpha1.Gateway;
import io.smartoperator.api.v1alpha1.GatewayRef;
import io.smartoperator.api.v1alpha1.GatewayStatus;
import io.smartoperator.api.v1alpha1.RegistrationMode;
import io.smartoperator.api.v1alpha1.SmartApp;
import io.smartoperator.app.CredentialsSecret;
import io.smartoperator.gateway.discovery.DiscoveryResult;
import io.smartoperator.gateway.discovery.SmartDiscovery;
import io.smartoperator.health.HealthProber;
import io.smartoperator.health.HealthState;
import io.smartoperator.health.Target;
import io.smartoperator.status.Conditions;
import io.smartoperator.status.Conditions.Observed;
import io.smartoperator.status.EventRecorder;
import io.smartoperator.status.StatusComparison;
import io.smartoperator.validation.GatewayRules;
import io.smartoperator.validation.Validation;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The Gateway controller: validates the spec, reports its conditions and how many apps are
 * attached, and in registration mode Secret keeps the {@code <gateway>-clients} Secret listing
 * every app activated on it. Reads informer caches only; writes only what changed.
 */
@ControllerConfiguration(name = GatewayReconciler.NAME)
public class GatewayReconciler implements Reconciler<Gateway> {
  public static final String NAME = "gateway";
  static final String READY = "Ready";
  static final String ACCEPTED = "Accepted";
  static final String DISCOVERED = "Discovered";
  static final String HEALTHY = "Healthy";
  static final String STALLED = "Stalled";
  static final String APPS_BY_GATEWAY = "smart-operator.io/gateway";
  static final String APPS_BY_CREDENTIALS = "smart-operator.io/credentials";

  /** How often SMART configuration is discovered again without a spec change. */
  public static final java.time.Duration DISCOVERY_PERIOD = java.time.Duration.ofMinutes(10);

  private final KubernetesClient client;
  private final EventRecorder events;
  private final SmartDiscovery discovery;
  private final java.time.Duration discoveryPeriod;
  /** The last discovery per gateway and the generation it was made for. */
  private final java.util.Map<ResourceID, LastDiscovery> discoveries = new java.util.concurrent.ConcurrentHashMap<>();

  /** {@code failures}: consecutive failed discoveries, which bring the next one closer. */
  private record LastDiscovery(long generation, String fhirBaseUrl, Instant at, DiscoveryResult result,
      int failures) {
    Instant next(java.time.Duration period) {
      if (result.discovered()) {
        return at.plus(period);
      }
      // A failed discovery (an outage, a server still starting) is tried again after 10 s, 20 s,
      // ... up to the period, not only at the next period.
      long seconds = Math.min(period.toSeconds(), 10L << Math.min(failures - 1, 10));
      return at.plusSeconds(seconds);
    }
  }
  private InformerEventSource<SmartApp, Gateway> apps;
  private InformerEventSource<Secret, Gateway> secrets;
  private InformerEventSource<Namespace, Gateway> namespaces;

  private final HealthProber prober;
  private final io.javaoperatorsdk.operator.processing.event.source.inbound.SimpleInboundEventSource<Gateway>
      healthFlips = new io.javaoperatorsdk.operator.processing.event.source.inbound.SimpleInboundEventSource<>("health");

  public GatewayReconciler(KubernetesClient client, EventRecorder events, HealthProber prober) {
    this(client, events, prober, new SmartDiscovery(), DISCOVERY_PERIOD);
  }

  public GatewayReconciler(KubernetesClient client, EventRecorder events, HealthProber prober,
      SmartDiscovery discovery, java.time.Duration discoveryPeriod) {
    this.client = client;
    this.events = events;
    this.prober = prober;
    this.discovery = discovery;
    this.discoveryPeriod = discoveryPeriod;
    prober.addListener((target, state) -> {
      if (target.kind() == Target.Kind.GATEWAY) {
        healthFlips.propagateEvent(new ResourceID(target.name(), target.namespace()));
      }
    });
  }

  @Override
  public List<EventSource<?, Gateway>> prepareEventSources(EventSourceContext<Gateway> context) {
    // Apps name their gateways: an app's change re-evaluates the gateways it references.
    var appConfig = InformerEventSourceConfiguration.from(SmartApp.class, Gateway.class)
        .withName("smartapps")
        .withNamespacesInheritedFromController()
        .withSecondaryToPrimaryMapper((SmartApp app) -> gatewaysOf(app))
        .withPrimaryToSecondaryMapper((Gateway gw) -> Set.of())
        .build();
    apps = new InformerEventSource<>(appConfig, context);
    apps.addIndexers(java.util.Map.of(
        APPS_BY_GATEWAY, app -> gatewaysOf(app).stream().map(GatewayReconciler::key).toList(),
        APPS_BY_CREDENTIALS, app -> List.of(app.getMetadata().getNamespace() + "/"
            + CredentialsSecret.credentialsSecretName(app))));
    // The clients Secret it owns, and the credentials Secrets whose client secret it lists.
    var secretConfig = InformerEventSourceConfiguration.from(Secret.class, Gateway.class)
        .withName("secrets")
        .withNamespacesInheritedFromController()
        .withSecondaryToPrimaryMapper((Secret secret) -> {
          Set<ResourceID> ids = new HashSet<>();
          var labels = secret.getMetadata().getLabels();
          if (labels != null && labels.containsKey(ClientsSecret.GATEWAY_LABEL)) {
            ids.add(new ResourceID(labels.get(ClientsSecret.GATEWAY_LABEL), secret.getMetadata().getNamespace()));
          }
          apps.byIndex(APPS_BY_CREDENTIALS, secret.getMetadata().getNamespace() + "/" + secret.getMetadata().getName())
              .forEach(app -> ids.addAll(gatewaysOf(app)));
          return ids;
        })
        .withPrimaryToSecondaryMapper((Gateway gw) -> Set.of(
            new ResourceID(ClientsSecret.name(gw), gw.getMetadata().getNamespace())))
        .build();
    secrets = new InformerEventSource<>(secretConfig, context);
    // Namespace labels decide Selector handshakes, hence who is listed in clients.json.
    var namespaceConfig = InformerEventSourceConfiguration.from(Namespace.class, Gateway.class)
        .withName("namespaces")
        .withWatchAllNamespaces()
        .withSecondaryToPrimaryMapper((Namespace ns) -> context.getPrimaryCache().list()
            .filter(gw -> ActivationRules.from(gw) == io.smartoperator.api.v1alpha1.NamespacesFrom.Selector)
            .map(ResourceID::fromResource).collect(Collectors.toSet()))
        .withPrimaryToSecondaryMapper((Gateway gw) -> Set.of())
        .build();
    namespaces = new InformerEventSource<>(namespaceConfig, context);
    // Gateways have no finalizer (nothing of theirs outlives them but what garbage collection
    // takes), so their deletion is seen here: the probe and the last discovery are dropped.
    var deletionConfig = InformerEventSourceConfiguration.from(Gateway.class, Gateway.class)
        .withName("gateway-deletions")
        .withNamespacesInheritedFromController()
        .withOnAddFilter(gw -> false)
        .withOnUpdateFilter((now, before) -> false)
        .withOnDeleteFilter((gw, finalStateUnknown) -> {
          forget(gw);
          return false;
        })
        .withSecondaryToPrimaryMapper((Gateway gw) -> Set.of())
        .withPrimaryToSecondaryMapper((Gateway gw) -> Set.of())
        .build();
    return List.of(apps, secrets, namespaces, healthFlips, new InformerEventSource<>(deletionConfig, context));
  }

  static Set<ResourceID> gatewaysOf(SmartApp app) {
    if (app.getSpec() == null || app.getSpec().getGatewayRefs() == null) {
      return Set.of();
    }
    Set<ResourceID> out = new HashSet<>();
    for (GatewayRef ref : app.getSpec().getGatewayRefs()) {
      if (ref.getName() != null) {
        String ns = ref.getNamespace() == null || ref.getNamespace().isEmpty()
            ? app.getMetadata().getNamespace() : ref.getNamespace();
        out.add(new ResourceID(ref.getName(), ns));
      }
    }
    return out;
  }

  static String key(ResourceID id) {
    return id.getNamespace().orElse("") + "/" + id.getName();
  }

  @Override
  public UpdateControl<Gateway> reconcile(Gateway gateway, Context<Gateway> context) {
    GatewayStatus previous = gateway.getStatus() == null ? new GatewayStatus() : gateway.getStatus();
    Validation validation = GatewayRules.validate(gateway);
    Observed accepted = validation.ok()
        ? Observed.of(ACCEPTED, Conditions.TRUE, "Accepted", "the spec is valid")
        : Observed.of(ACCEPTED, Conditions.FALSE, "InvalidSpec", validation.summary());
    Instant now = Instant.now();
    Optional<DiscoveryResult> found = validation.ok() ? Optional.of(discover(gateway, now)) : Optional.empty();
    Observed discovered = found
        .map(r -> Observed.of(DISCOVERED, r.status(), r.reason().name(), r.message()))
        .orElse(Observed.of(DISCOVERED, Conditions.UNKNOWN, "Pending", "waiting for a valid spec"));
    List<Observed> observed = new ArrayList<>();
    observed.add(ready(accepted, discovered));
    observed.add(accepted);
    observed.add(discovered);
    observed.add(healthy(gateway, validation.ok()));
    if (!validation.ok()) {
      observed.add(Observed.of(STALLED, Conditions.TRUE, "InvalidSpec", validation.summary()));
    }

    GatewayStatus next = new GatewayStatus();
    next.setObservedGeneration(gateway.getMetadata().getGeneration());
    next.setSmartConfiguration(found.map(DiscoveryResult::configuration).orElse(previous.getSmartConfiguration()));
    next.setFhirVersion(found.map(DiscoveryResult::fhirVersion).orElse(previous.getFhirVersion()));
    next.setConditions(Conditions.merge(previous.getConditions(), observed,
        gateway.getMetadata().getGeneration(), now));
    // The rest is judged against this reconcile's view of the gateway, not the cached status.
    Gateway view = new io.fabric8.kubernetes.client.utils.KubernetesSerialization().clone(gateway);
    view.setStatus(next);
    List<SmartApp> referencing = apps.byIndex(APPS_BY_GATEWAY, key(ResourceID.fromResource(gateway)));
    if (validation.ok() && mode(gateway) == RegistrationMode.Secret) {
      writeClientsSecret(view, referencing);
    }
    next.setAttachedApps((int) referencing.stream().filter(app -> activatedOn(app, gateway)).count());

    java.time.Duration untilRediscovery = untilRediscovery(gateway, now);
    if (StatusComparison.same(previous, next)) {
      return UpdateControl.<Gateway>noUpdate().rescheduleAfter(untilRediscovery);
    }
    // Written with optimistic locking and cached at once, so that the next reconcile sees it.
    PrimaryUpdateAndCacheUtils.updateStatusAndCacheResource(gateway, context, g -> {
      g.setStatus(next);
      return g;
    });
    // Events after the write: a failed write is retried, and must not repeat them.
    for (var c : next.getConditions()) {
      if ((ACCEPTED.equals(c.getType()) || DISCOVERED.equals(c.getType()) || HEALTHY.equals(c.getType()))
          && Conditions.transitioned(previous.getConditions(), c)
          && !(Conditions.find(previous.getConditions(), c.getType()).isEmpty() && Conditions.TRUE.equals(c.getStatus()))) {
        if (Conditions.TRUE.equals(c.getStatus())) {
          events.normal(gateway, c.getReason(), c.getMessage());
        } else {
          events.warning(gateway, c.getReason(), c.getMessage());
        }
      }
    }
    return UpdateControl.<Gateway>noUpdate().rescheduleAfter(untilRediscovery);
  }

  private void forget(Gateway gw) {
    discoveries.remove(ResourceID.fromResource(gw));
    prober.stop(key(gw));
  }

  private static String key(Gateway gw) {
    return Target.keyOf(Target.Kind.GATEWAY, gw.getMetadata().getNamespace(), gw.getMetadata().getName());
  }

  /** Healthy from the prober: spec.healthUri, default {@code <fhirBaseUrl>/metadata}. */
  private Observed healthy(Gateway gw, boolean valid) {
    if (!valid) {
      prober.stop(key(gw));
      return Observed.of(HEALTHY, Conditions.UNKNOWN, "Pending", "not probed while the spec is invalid");
    }
    String uri = gw.getSpec().getHealthUri();
    if (uri == null || uri.isEmpty()) {
      String base = gw.getSpec().getFhirBaseUrl();
      uri = (base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + "/metadata";
    }
    prober.monitor(Target.gateway(gw.getMetadata().getNamespace(), gw.getMetadata().getName(),
        java.net.URI.create(uri), null));
    return prober.current(key(gw))
        .filter(h -> h.status() != HealthState.Status.UNKNOWN)
        .map(h -> Observed.of(HEALTHY, h.conditionStatus(), h.reason(), h.message()))
        .orElse(Observed.of(HEALTHY, Conditions.UNKNOWN, "Pending", "waiting for the first probe of " + uri));
  }

  /** Ready: Accepted and Discovered; the first that is not True says why. */
  private static Observed ready(Observed accepted, Observed discovered) {
    for (Observed c : List.of(accepted, discovered)) {
      if (!Conditions.TRUE.equals(c.status())) {
        return Observed.of(READY, c.status(), c.reason(), c.type() + ": " + c.message());
      }
    }
    return Observed.of(READY, Conditions.TRUE, READY, "the gateway is accepted and its SMART configuration discovered");
  }

  /**
   * SMART configuration, discovered again when the spec changed or the period passed; otherwise
   * the last result, so that a resync makes no HTTP call and writes nothing.
   */
  private DiscoveryResult discover(Gateway gateway, Instant now) {
    ResourceID id = ResourceID.fromResource(gateway);
    long generation = gateway.getMetadata().getGeneration() == null ? 0 : gateway.getMetadata().getGeneration();
    LastDiscovery last = discoveries.get(id);
    boolean sameSpec = last != null && last.generation() == generation
        && last.fhirBaseUrl().equals(gateway.getSpec().getFhirBaseUrl());
    if (sameSpec && last.next(discoveryPeriod).isAfter(now)) {
      return last.result();
    }
    DiscoveryResult result = discovery.discover(gateway.getSpec().getFhirBaseUrl());
    int failures = result.discovered() ? 0 : (sameSpec ? last.failures() : 0) + 1;
    discoveries.put(id, new LastDiscovery(generation, gateway.getSpec().getFhirBaseUrl(), now, result, failures));
    return result;
  }

  private java.time.Duration untilRediscovery(Gateway gateway, Instant now) {
    LastDiscovery last = discoveries.get(ResourceID.fromResource(gateway));
    if (last == null) {
      return discoveryPeriod;
    }
    java.time.Duration left = java.time.Duration.between(now, last.next(discoveryPeriod));
    return left.isNegative() || left.isZero() ? java.time.Duration.ofSeconds(1) : left;
  }

  static RegistrationMode mode(Gateway gateway) {
    String mode = gateway.getSpec().getRegistration() == null ? null : gateway.getSpec().getRegistration().getMode();
    return RegistrationMode.of(mode).orElse(RegistrationMode.None);
  }

  static boolean activatedOn(SmartApp app, Gateway gateway) {
    return app.getStatus() != null && app.getStatus().getGateways() != null
        && app.getStatus().getGateways().stream().anyMatch(g ->
            gateway.getMetadata().getName().equals(g.getName())
                && gateway.getMetadata().getNamespace().equals(g.getNamespace())
                && Conditions.isTrue(g.getConditions(), ActivationRules.ACTIVATED));
  }

  /** Lists every app that may be activated here; an app being deleted is taken off. */
  private void writeClientsSecret(Gateway gateway, List<SmartApp> referencing) {
    List<ClientsSecret.Entry> entries = new ArrayList<>();
    for (SmartApp app : referencing.stream()
        .sorted(Comparator.comparing(a -> a.getMetadata().getNamespace() + "/" + a.getMetadata().getName()))
        .toList()) {
      // The app's status may lag its spec by a moment; an unknown client type is never listed.
      if (app.getMetadata().getDeletionTimestamp() != null || app.getStatus() == null
          || app.getStatus().getClientId() == null
          || io.smartoperator.api.v1alpha1.ClientType.of(app.getSpec().getClientType()).isEmpty()
          || !Conditions.isTrue(app.getStatus().getConditions(), "Accepted")
          || !Conditions.isTrue(app.getStatus().getConditions(), "CredentialsReady")) {
        continue;
      }
      Namespace ns = namespaces.get(new ResourceID(app.getMetadata().getNamespace())).orElse(null);
      var verdict = ActivationRules.evaluate(app, gateway.getMetadata().getNamespace(),
          gateway.getMetadata().getName(), gateway, ns);
      if (!verdict.eligible()) {
        continue;
      }
      String secret = CredentialsSecret.clientSecret(app, secrets::get);
      if (hasSecret(app) && secret == null) {
        continue; // its credentials are not in the cache yet; the Secret's event brings it back
      }
      entries.add(new ClientsSecret.Entry(ClientMetadata.of(app, app.getStatus().getClientId()), secret));
    }
    ClientsSecret.Content content = ClientsSecret.content(entries, ClientsSecret.MAX_BYTES);
    String ns = gateway.getMetadata().getNamespace();
    Optional<Secret> existing = secrets.get(new ResourceID(ClientsSecret.name(gateway), ns));
    Secret desired = ClientsSecret.desired(gateway, content, existing.orElse(null));
    if (existing.isEmpty()) {
      Secret created = client.secrets().inNamespace(ns).resource(desired).create();
      secrets.handleRecentResourceCreate(ResourceID.fromResource(gateway), created);
    } else if (!Objects.equals(existing.get().getData(), desired.getData())
        || !Objects.equals(existing.get().getMetadata().getAnnotations(), desired.getMetadata().getAnnotations())
        || !Objects.equals(existing.get().getMetadata().getLabels(), desired.getMetadata().getLabels())
        || !Objects.equals(existing.get().getMetadata().getOwnerReferences(), desired.getMetadata().getOwnerReferences())) {
      Secret updated = client.secrets().inNamespace(ns).resource(desired).update();
      secrets.handleRecentResourceUpdate(ResourceID.fromResource(gateway), updated, existing.get());
    }
  }

  private static boolean hasSecret(SmartApp app) {
    return io.smartoperator.api.v1alpha1.ClientType.of(app.getSpec().getClientType())
        .map(io.smartoperator.api.v1alpha1.ClientType::hasSecret).orElse(false);
  }
}
