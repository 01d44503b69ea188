package io.smartoperator.app;

import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.PrimaryUpdateAndCacheUtils;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.IndexerResourceCache;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.smartoperator.api.v1alpha1.ClientType;
import io.smartoperator.api.v1alpha1.DeletionPolicy;
import io.smartoperator.api.v1alpha1.Gateway;
import io.fabric8.kubernetes.api.model.Namespace;
import io.smartoperator.gateway.ClientsSecret;
import io.smartoperator.health.HealthProber;
import io.smartoperator.health.HealthState;
import io.smartoperator.health.Target;
import io.javaoperatorsdk.operator.processing.event.source.inbound.SimpleInboundEventSource;
import io.smartoperator.api.v1alpha1.SmartApp;
import io.smartoperator.api.v1alpha1.SmartAppStatus;
import io.smartoperator.status.Conditions;
import io.smartoperator.status.Conditions.Observed;
import io.smartoperator.status.EventRecorder;
import io.smartoperator.status.StatusComparison;
import io.smartoperator.validation.Problem;
import io.smartoperator.validation.SmartAppRules;
import io.smartoperator.validation.Validation;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The SmartApp controller: validates the spec, settles id claims, brings the credentials Secret
 * to its desired state, and reports conditions. Reads only informer caches; writes status only
 * when it changed.
 */
@ControllerConfiguration(name = SmartAppReconciler.NAME, finalizerName = SmartApp.FINALIZER)
public class SmartAppReconciler implements Reconciler<SmartApp>, Cleaner<SmartApp> {
  public static final String NAME = "smartapp";
  static final String CREDENTIALS_SECRET_INDEX = "smart-operator.io/credentialsSecret";
  /** Apps by the gateways they reference, as {@code <namespace>/<name>}. */
  public static final String GATEWAY_REF_INDEX = "smart-operator.io/gatewayRef";
  /** Apps with gatewayRefs, by their own namespace: a namespace's labels decide Selector handshakes. */
  static final String NAMESPACE_WITH_REFS_INDEX = "smart-operator.io/namespaceWithGatewayRefs";
  /** Reasons of a False condition that describe a state, not a fault: their Events are Normal. */
  private static final Set<String> BENIGN_FALSE = Set.of("NoGateways");

  private final KubernetesClient client;
  private final EventRecorder events;
  private final IdClaims claims;
  private final AppCredentials credentials;
  private final DcrRegistrations dcr;
  private final AppActivations activations;

  private final HealthProber prober;
  /** Wakes an app when its health flips; the prober never touches the API itself. */
  private final SimpleInboundEventSource<SmartApp> healthFlips = new SimpleInboundEventSource<>("health");

  public SmartAppReconciler(KubernetesClient client, String platformId, EventRecorder events,
      HealthProber prober) {
    this.client = client;
    this.events = events;
    this.prober = prober;
    prober.addListener((target, state) -> {
      if (target.kind() == Target.Kind.APP) {
        healthFlips.propagateEvent(new ResourceID(target.name(), target.namespace()));
      }
    });
    this.claims = new IdClaims(platformId);
    this.credentials = new AppCredentials(client, events);
    this.dcr = new DcrRegistrations(client, events,
        new io.smartoperator.gateway.registration.DynamicClientRegistrar(java.time.Duration.ofSeconds(10)));
    this.activations = new AppActivations(dcr);
  }

  @Override
  public List<EventSource<?, SmartApp>> prepareEventSources(EventSourceContext<SmartApp> context) {
    IndexerResourceCache<SmartApp> apps = context.getPrimaryCache();
    claims.index(apps);
    apps.addIndexer(CREDENTIALS_SECRET_INDEX, app -> List.of(secretKey(
        app.getMetadata().getNamespace(), CredentialsSecret.credentialsSecretName(app))));
    apps.addIndexer(GATEWAY_REF_INDEX, SmartAppReconciler::gatewayKeys);
    apps.addIndexer(NAMESPACE_WITH_REFS_INDEX, app -> gatewayKeys(app).isEmpty()
        ? List.of() : List.of(app.getMetadata().getNamespace()));
    // Owned Secrets and referenced ones (existingSecretRef, or a foreign Secret in the way) all
    // wake their app: a referenced Secret that arrives later is picked up without polling.
    var config = InformerEventSourceConfiguration.from(Secret.class, SmartApp.class)
        .withName("secrets")
        .withNamespacesInheritedFromController()
        .withSecondaryToPrimaryMapper((Secret secret) -> {
          Set<ResourceID> ids = new HashSet<>();
          String ns = secret.getMetadata().getNamespace();
          List<OwnerReference> owners = secret.getMetadata().getOwnerReferences();
          if (owners != null) {
            owners.stream()
                .filter(o -> "SmartApp".equals(o.getKind()) && o.getApiVersion() != null
                    && o.getApiVersion().startsWith(SmartApp.GROUP + "/"))
                .forEach(o -> ids.add(new ResourceID(o.getName(), ns)));
          }
          apps.byIndex(CREDENTIALS_SECRET_INDEX, secretKey(ns, secret.getMetadata().getName()))
              .forEach(app -> ids.add(ResourceID.fromResource(app)));
          ids.addAll(appsToRecheck(apps, secret));
          return ids;
        })
        .withPrimaryToSecondaryMapper((SmartApp app) -> Set.of(new ResourceID(
            CredentialsSecret.credentialsSecretName(app), app.getMetadata().getNamespace())))
        .build();
    InformerEventSource<Secret, SmartApp> secrets = new InformerEventSource<>(config, context);
    secrets.addIndexers(java.util.Map.of(DcrRegistrations.REGISTRATION_LABEL, s -> {
      var labels = s.getMetadata().getLabels();
      String app = labels == null ? null : labels.get(DcrRegistrations.REGISTRATION_LABEL);
      return app == null ? List.of() : List.of(s.getMetadata().getNamespace() + "/" + app);
    }));
    credentials.use(secrets);
    dcr.use(secrets);

    // A Gateway that appears, changes or goes away re-evaluates the apps that reference it.
    var gatewayConfig = InformerEventSourceConfiguration.from(Gateway.class, SmartApp.class)
        .withName("gateways")
        .withNamespacesInheritedFromController()
        .withSecondaryToPrimaryMapper((Gateway gw) -> apps.byIndex(GATEWAY_REF_INDEX,
                secretKey(gw.getMetadata().getNamespace(), gw.getMetadata().getName()))
            .stream().map(ResourceID::fromResource).collect(Collectors.toSet()))
        .withPrimaryToSecondaryMapper((SmartApp app) -> gatewayKeys(app).stream()
            .map(k -> new ResourceID(k.substring(k.indexOf('/') + 1), k.substring(0, k.indexOf('/'))))
            .collect(Collectors.toSet()))
        .build();
    InformerEventSource<Gateway, SmartApp> gateways = new InformerEventSource<>(gatewayConfig, context);
    // A namespace's labels decide Selector handshakes: a label change re-evaluates its apps.
    var namespaceConfig = InformerEventSourceConfiguration.from(Namespace.class, SmartApp.class)
        .withName("namespaces")
        .withWatchAllNamespaces()
        .withSecondaryToPrimaryMapper((Namespace ns) -> apps.byIndex(NAMESPACE_WITH_REFS_INDEX,
                ns.getMetadata().getName())
            .stream().map(ResourceID::fromResource).collect(Collectors.toSet()))
        .withPrimaryToSecondaryMapper((SmartApp app) -> Set.of(new ResourceID(app.getMetadata().getNamespace())))
        .build();
    InformerEventSource<Namespace, SmartApp> namespaces = new InformerEventSource<>(namespaceConfig, context);
    activations.use(gateways, namespaces, secrets);
    return List.of(secrets, gateways, namespaces, claims.eventSource(), healthFlips);
  }

  @Override
  public UpdateControl<SmartApp> reconcile(SmartApp app, Context<SmartApp> context)
      throws io.smartoperator.gateway.registration.RegistrationException {
    SmartAppStatus previous = app.getStatus() == null ? new SmartAppStatus() : app.getStatus();
    Validation validation = SmartAppRules.validate(app);
    claims.observe(app);
    String clientId = ClientIds.effective(app, claims.platformId());

    Observed accepted = accepted(app, validation, clientId);
    AppCredentials.Outcome creds = credentials(app, accepted, clientId, previous);
    boolean ready = Conditions.TRUE.equals(accepted.status()) && Conditions.TRUE.equals(creds.condition().status());
    Instant now = Instant.now();
    AppActivations.Outcome activation = activations.evaluate(app, ready, clientId,
        ready ? credentials.clientSecret(app) : null, previous.getGateways(), now);
    Optional<HealthState> health = monitor(app, validation.ok());
    Observed healthy = healthy(app, health);
    boolean hasGatewayRefs = !gatewayKeys(app).isEmpty();

    SmartAppStatus next = new SmartAppStatus();
    next.setObservedGeneration(app.getMetadata().getGeneration());
    next.setAppId(IdClaims.effectiveAppId(app));
    next.setClientId(clientId);
    next.setCredentialsSecret(creds.secretName());
    next.setGateways(activation.gateways());
    next.setActivatedGateways(activation.activated());
    next.setHealth(health.filter(h -> h.status() != HealthState.Status.UNKNOWN)
        .map(SmartAppReconciler::healthStatus).orElse(null));
    next.setConditions(Conditions.merge(previous.getConditions(),
        SmartAppConditions.all(accepted, creds.condition(), activation.summary(), healthy, hasGatewayRefs),
        app.getMetadata().getGeneration(), now));

    // A gateway dropped from spec.gatewayRefs is deregistered from at once.
    List<String> referenced = gatewayKeys(app);
    for (Secret registration : dcr.registrationsOf(app)) {
      if (!referenced.contains(DcrRegistrations.annotation(registration, DcrRegistrations.GATEWAY_ANNOTATION))) {
        dcr.deregister(app, registration, activations.gatewayExists(
            DcrRegistrations.annotation(registration, DcrRegistrations.GATEWAY_ANNOTATION)));
      }
    }

    if (!StatusComparison.same(previous, next)) {
      // Written with optimistic locking and put in the controller's cache at once: a reconcile
      // that starts before the watch brings this write back must not write it (and its Events) again.
      PrimaryUpdateAndCacheUtils.updateStatusAndCacheResource(app, context, a -> {
        a.setStatus(next);
        return a;
      });
      // Events after the write: a failed write is retried, and must not repeat them.
      recordTransitions(app, previous, next);
    }
    UpdateControl<SmartApp> control = UpdateControl.noUpdate();
    // A failed registration is tried again after its backoff, never in a hot loop.
    return activation.retryAfter() == null ? control : control.rescheduleAfter(activation.retryAfter());
  }

  private Observed accepted(SmartApp app, Validation validation, String clientId) {
    if (!validation.ok()) {
      return Observed.of(SmartAppConditions.ACCEPTED, Conditions.FALSE, "InvalidSpec", validation.summary());
    }
    Optional<SmartApp> appIdHolder = claims.appIdHolder(app);
    if (appIdHolder.isPresent()) {
      return Observed.of(SmartAppConditions.ACCEPTED, Conditions.FALSE, "DuplicateAppId",
          "appId \"" + IdClaims.effectiveAppId(app) + "\" is held by SmartApp \""
              + appIdHolder.get().getMetadata().getName()
              + "\" in this namespace, which claimed it earlier; set a different spec.appId");
    }
    Optional<SmartApp> clientIdHolder = claims.clientIdHolder(app);
    if (clientIdHolder.isPresent()) {
      SmartApp holder = clientIdHolder.get();
      // Tenants must not learn about each other: another namespace's holder stays anonymous.
      String who = holder.getMetadata().getNamespace().equals(app.getMetadata().getNamespace())
          ? "SmartApp \"" + holder.getMetadata().getName() + "\" in this namespace"
          : "another app on the platform";
      return Observed.of(SmartAppConditions.ACCEPTED, Conditions.FALSE, "DuplicateClientId",
          "clientId \"" + clientId + "\" is held by " + who
              + ", which claimed it earlier; set a different spec.clientId or remove it to get a generated one");
    }
    String message = "the spec is valid and its ids are unique";
    if (!validation.warnings().isEmpty()) {
      message += "; warnings: " + validation.warnings().stream().map(Problem::toString)
          .collect(Collectors.joining("; "));
    }
    return Observed.of(SmartAppConditions.ACCEPTED, Conditions.TRUE, "Accepted", message);
  }

  private AppCredentials.Outcome credentials(SmartApp app, Observed accepted, String clientId,
      SmartAppStatus previous) {
    if (!Conditions.TRUE.equals(accepted.status())) {
      // No Secret for an app that is not accepted (invalid, or a duplicate's loser).
      return new AppCredentials.Outcome(Observed.of(AppCredentials.TYPE, Conditions.UNKNOWN,
          SmartAppConditions.PENDING, "waiting for the app to be Accepted"), previous.getCredentialsSecret());
    }
    ClientType type = ClientType.of(app.getSpec().getClientType()).orElseThrow();
    String previouslyGenerated = previouslyGenerated(previous);
    AppCredentials.Outcome outcome;
    if (!type.hasSecret()) {
      outcome = credentials.notRequired();
    } else if (CredentialsSecret.existingRef(app) != null) {
      outcome = credentials.provided(app);
    } else {
      boolean wasGenerated = CredentialsSecret.name(app).equals(previouslyGenerated);
      outcome = credentials.generated(app, clientId, wasGenerated);
    }
    // A Secret this app generated and no longer uses (type or name changed) is not left behind.
    if (previouslyGenerated != null && !previouslyGenerated.equals(outcome.secretName())) {
      credentials.deleteOwned(app, previouslyGenerated);
    }
    return outcome;
  }

  private static String previouslyGenerated(SmartAppStatus previous) {
    boolean generated = Conditions.find(previous.getConditions(), AppCredentials.TYPE)
        .map(c -> "Generated".equals(c.getReason())).orElse(false);
    return generated ? previous.getCredentialsSecret() : null;
  }

  /** Starts, changes or stops monitoring; the latest verdict, when the app is monitored. */
  private Optional<HealthState> monitor(SmartApp app, boolean valid) {
    String uri = app.getSpec() == null ? null : app.getSpec().getHealthUri();
    String key = Target.keyOf(Target.Kind.APP, app.getMetadata().getNamespace(), app.getMetadata().getName());
    if (!valid || uri == null || uri.isEmpty()) {
      prober.stop(key);
      return Optional.empty();
    }
    prober.monitor(Target.app(app.getMetadata().getNamespace(), app.getMetadata().getName(),
        java.net.URI.create(uri), app.getSpec().getHealthCheck()));
    return Optional.of(prober.current(key).orElse(
        new HealthState(HealthState.Status.UNKNOWN, "not probed yet", null, 0, Instant.now())));
  }

  private static Observed healthy(SmartApp app, Optional<HealthState> health) {
    if (health.isEmpty()) {
      boolean unset = app.getSpec() == null || app.getSpec().getHealthUri() == null
          || app.getSpec().getHealthUri().isEmpty();
      return Observed.of(SmartAppConditions.HEALTHY, Conditions.UNKNOWN, "NotMonitored", unset
          ? "spec.healthUri is not set: the app is not monitored"
          : "the app is not monitored while its spec is invalid");
    }
    HealthState h = health.get();
    if (h.status() == HealthState.Status.UNKNOWN) {
      return Observed.of(SmartAppConditions.HEALTHY, Conditions.UNKNOWN, SmartAppConditions.PENDING,
          "waiting for the first verdict on " + app.getSpec().getHealthUri());
    }
    return Observed.of(SmartAppConditions.HEALTHY, h.conditionStatus(), h.reason(), h.message());
  }

  static io.smartoperator.api.v1alpha1.HealthStatus healthStatus(HealthState h) {
    var s = new io.smartoperator.api.v1alpha1.HealthStatus();
    s.setLastTransitionTime(h.since().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString());
    s.setStatusCode(h.statusCode());
    s.setConsecutiveFailures(h.consecutiveFailures());
    return s;
  }

  /**
   * One Event per condition that changed status or reason (summaries excepted, except Ready=True);
   * none for a condition that first appears in a good state.
   */
  private void recordTransitions(SmartApp app, SmartAppStatus previous, SmartAppStatus next) {
    for (var c : next.getConditions()) {
      if (!Conditions.transitioned(previous.getConditions(), c) || Conditions.UNKNOWN.equals(c.getStatus())) {
        continue;
      }
      // A condition that appears already fine tells nobody anything: an app created healthy costs
      // the API server no Event. Problems get their Event from the first reconcile on.
      boolean appears = Conditions.find(previous.getConditions(), c.getType()).isEmpty();
      if (appears && (Conditions.TRUE.equals(c.getStatus()) || BENIGN_FALSE.contains(c.getReason()))) {
        continue;
      }
      switch (c.getType()) {
        case SmartAppConditions.STALLED -> { }
        case SmartAppConditions.READY -> {
          if (Conditions.TRUE.equals(c.getStatus())) {
            events.normal(app, "Ready", c.getMessage());
          }
        }
        default -> {
          if (Conditions.FALSE.equals(c.getStatus()) && !BENIGN_FALSE.contains(c.getReason())) {
            events.warning(app, c.getReason(), c.getType() + ": " + c.getMessage());
          } else {
            events.normal(app, c.getReason(), c.getType() + ": " + c.getMessage());
          }
        }
      }
    }
  }

  @Override
  public DeleteControl cleanup(SmartApp app, Context<SmartApp> context)
      throws io.smartoperator.gateway.registration.RegistrationException {
    claims.release(app);
    prober.stop(Target.keyOf(Target.Kind.APP, app.getMetadata().getNamespace(), app.getMetadata().getName()));
    // An unknown policy value keeps everything: deleting is the one thing that cannot be undone.
    DeletionPolicy policy = DeletionPolicy.of(app.getSpec() == null ? null : app.getSpec().getDeletionPolicy())
        .orElse(DeletionPolicy.ORPHAN);
    // With policy Delete, every activation is taken off its gateway before the finalizer is
    // removed; a gateway that is gone counts as done.
    Set<String> generated = new LinkedHashSet<>();
    if (app.getSpec() != null && CredentialsSecret.existingRef(app) == null) {
      generated.add(CredentialsSecret.name(app));
    }
    if (app.getStatus() != null) {
      Optional.ofNullable(previouslyGenerated(app.getStatus())).ifPresent(generated::add);
    }
    if (policy == DeletionPolicy.DELETE && app.getStatus() != null && app.getStatus().getClientId() != null) {
      // Gateways in registration mode Secret drop a deleting app from clients.json; the
      // finalizer waits until they have (their Secret's update wakes this app again).
      List<String> waiting = activations.stillListedBy(app, app.getStatus().getClientId());
      if (!waiting.isEmpty()) {
        return DeleteControl.noFinalizerRemoval().rescheduleAfter(java.time.Duration.ofSeconds(30));
      }
    }
    // Dynamic registrations: RFC 7592 DELETE on each (a server failure throws, and the finalizer
    // stays until the retry succeeds); Orphan keeps them and their Secrets.
    for (Secret registration : dcr.registrationsOf(app)) {
      if (policy == DeletionPolicy.DELETE) {
        dcr.deregister(app, registration, activations.gatewayExists(
            DcrRegistrations.annotation(registration, DcrRegistrations.GATEWAY_ANNOTATION)));
      } else {
        generated.add(registration.getMetadata().getName());
      }
    }
    for (String name : generated) {
      if (policy == DeletionPolicy.DELETE) {
        credentials.deleteOwned(app, name);
      } else {
        credentials.orphanOwned(app, name);
      }
    }
    dcr.forget(app);
    return DeleteControl.defaultDelete();
  }

  static List<String> gatewayKeys(SmartApp app) {
    if (app.getSpec() == null || app.getSpec().getGatewayRefs() == null) {
      return List.of();
    }
    return app.getSpec().getGatewayRefs().stream()
        .filter(r -> r.getName() != null)
        .map(r -> secretKey(AppActivations.namespaceOf(app, r), r.getName()))
        .distinct()
        .toList();
  }

  /**
   * A gateway's clients Secret changed: wake the apps whose view of it is out of date (listed but
   * not yet Activated there, Activated but no longer listed, or being deleted and waiting).
   */
  private static Set<ResourceID> appsToRecheck(IndexerResourceCache<SmartApp> apps, Secret secret) {
    var labels = secret.getMetadata().getLabels();
    String gateway = labels == null ? null : labels.get(ClientsSecret.GATEWAY_LABEL);
    if (gateway == null) {
      return Set.of();
    }
    String ns = secret.getMetadata().getNamespace();
    Set<String> listed = ClientsSecret.listedClientIds(secret);
    Set<String> overflow = ClientsSecret.overflowed(secret);
    Set<ResourceID> out = new HashSet<>();
    for (SmartApp app : apps.byIndex(GATEWAY_REF_INDEX, secretKey(ns, gateway))) {
      String clientId = app.getStatus() == null ? null : app.getStatus().getClientId();
      boolean activatedThere = app.getStatus() != null && app.getStatus().getGateways() != null
          && app.getStatus().getGateways().stream().anyMatch(g -> gateway.equals(g.getName())
              && ns.equals(g.getNamespace()) && Conditions.isTrue(g.getConditions(), AppActivations.TYPE));
      if (app.getMetadata().getDeletionTimestamp() != null || overflow.contains(clientId)
          || listed.contains(clientId) != activatedThere) {
        out.add(ResourceID.fromResource(app));
      }
    }
    return out;
  }


  private static String secretKey(String namespace, String name) {
    return namespace + "/" + name;
  }
}
