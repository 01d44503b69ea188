package io.smartoperator.app;

import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.IndexerResourceCache;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.smartoperator.api.v1alpha1.ClientType;
import io.smartoperator.api.v1alpha1.DeletionPolicy;
import io.smartoperator.api.v1alpha1.SmartApp;
import io.smartoperator.api.v1alpha1.SmartAppStatus;
import io.smartoperator.status.Conditions;
import io.smartoperator.status.Conditions.Observed;
import io.smartoperator.status.EventRecorder;
import io.smartoperator.validation.Problem;
import io.smartoperator.validation.SmartAppRules;
import io.smartoperator.validation.Validation;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
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
  /** Reasons of a False condition that describe a state, not a fault: their Events are Normal. */
  private static final Set<String> BENIGN_FALSE = Set.of("NoGateways");

  private final KubernetesClient client;
  private final EventRecorder events;
  private final IdClaims claims;
  private final AppCredentials credentials;

  public SmartAppReconciler(KubernetesClient client, String platformId, EventRecorder events) {
    this.client = client;
    this.events = events;
    this.claims = new IdClaims(platformId);
    this.credentials = new AppCredentials(client, events);
  }

  @Override
  public List<EventSource<?, SmartApp>> prepareEventSources(EventSourceContext<SmartApp> context) {
    IndexerResourceCache<SmartApp> apps = context.getPrimaryCache();
    claims.index(apps);
    apps.addIndexer(CREDENTIALS_SECRET_INDEX, app -> List.of(secretKey(
        app.getMetadata().getNamespace(), CredentialsSecret.credentialsSecretName(app))));
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
          return ids;
        })
        .withPrimaryToSecondaryMapper((SmartApp app) -> Set.of(new ResourceID(
            CredentialsSecret.credentialsSecretName(app), app.getMetadata().getNamespace())))
        .build();
    InformerEventSource<Secret, SmartApp> secrets = new InformerEventSource<>(config, context);
    credentials.use(secrets);
    return List.of(secrets, claims.eventSource());
  }

  @Override
  public UpdateControl<SmartApp> reconcile(SmartApp app, Context<SmartApp> context) {
    SmartAppStatus previous = app.getStatus() == null ? new SmartAppStatus() : app.getStatus();
    Validation validation = SmartAppRules.validate(app);
    claims.observe(app);
    String clientId = ClientIds.effective(app, claims.platformId());

    Observed accepted = accepted(app, validation, clientId);
    AppCredentials.Outcome creds = credentials(app, accepted, clientId, previous);
    Observed activated = activated(app);
    Observed healthy = healthy(app);
    boolean hasGatewayRefs = app.getSpec() != null && app.getSpec().getGatewayRefs() != null
        && !app.getSpec().getGatewayRefs().isEmpty();

    SmartAppStatus next = new SmartAppStatus();
    next.setObservedGeneration(app.getMetadata().getGeneration());
    next.setAppId(IdClaims.effectiveAppId(app));
    next.setClientId(clientId);
    next.setCredentialsSecret(creds.secretName());
    next.setGateways(List.of());
    next.setActivatedGateways(0);
    next.setHealth(previous.getHealth());
    next.setConditions(Conditions.merge(previous.getConditions(),
        SmartAppConditions.all(accepted, creds.condition(), activated, healthy, hasGatewayRefs),
        app.getMetadata().getGeneration(), Instant.now()));

    if (sameJson(previous, next)) {
      return UpdateControl.noUpdate();
    }
    recordTransitions(app, previous, next);
    app.setStatus(next);
    return UpdateControl.patchStatus(app);
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

  private static Observed activated(SmartApp app) {
    if (app.getSpec() == null || app.getSpec().getGatewayRefs() == null
        || app.getSpec().getGatewayRefs().isEmpty()) {
      return Observed.of(SmartAppConditions.ACTIVATED, Conditions.FALSE, "NoGateways",
          "spec.gatewayRefs is empty: the app is registered but not activated on any gateway");
    }
    // Activation on gateways comes with the Gateway controller's activation support.
    return Observed.of(SmartAppConditions.ACTIVATED, Conditions.UNKNOWN, SmartAppConditions.PENDING,
        "waiting for activation on " + app.getSpec().getGatewayRefs().size() + " gateway(s)");
  }

  private static Observed healthy(SmartApp app) {
    if (app.getSpec() == null || app.getSpec().getHealthUri() == null || app.getSpec().getHealthUri().isEmpty()) {
      return Observed.of(SmartAppConditions.HEALTHY, Conditions.UNKNOWN, "NotMonitored",
          "spec.healthUri is not set: the app is not monitored");
    }
    return Observed.of(SmartAppConditions.HEALTHY, Conditions.UNKNOWN, SmartAppConditions.PENDING,
        "health monitoring has not probed " + app.getSpec().getHealthUri() + " yet");
  }

  /** One Event per condition that changed status or reason (summaries excepted, except Ready=True). */
  private void recordTransitions(SmartApp app, SmartAppStatus previous, SmartAppStatus next) {
    for (var c : next.getConditions()) {
      if (!Conditions.transitioned(previous.getConditions(), c) || Conditions.UNKNOWN.equals(c.getStatus())) {
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
  public DeleteControl cleanup(SmartApp app, Context<SmartApp> context) {
    claims.release(app);
    // An unknown policy value keeps everything: deleting is the one thing that cannot be undone.
    DeletionPolicy policy = DeletionPolicy.of(app.getSpec() == null ? null : app.getSpec().getDeletionPolicy())
        .orElse(DeletionPolicy.ORPHAN);
    // Gateway deregistration belongs here: with policy Delete, every activation is taken off its
    // gateway before the finalizer is removed (a gateway that is gone counts as done).
    Set<String> generated = new LinkedHashSet<>();
    if (app.getSpec() != null && CredentialsSecret.existingRef(app) == null) {
      generated.add(CredentialsSecret.name(app));
    }
    if (app.getStatus() != null) {
      Optional.ofNullable(previouslyGenerated(app.getStatus())).ifPresent(generated::add);
    }
    for (String name : generated) {
      if (policy == DeletionPolicy.DELETE) {
        credentials.deleteOwned(app, name);
      } else {
        credentials.orphanOwned(app, name);
      }
    }
    return DeleteControl.defaultDelete();
  }

  private static boolean sameJson(Object a, Object b) {
    var mapper = Serialization.jsonMapper();
    return Objects.equals(mapper.valueToTree(a), mapper.valueToTree(b));
  }

  private static String secretKey(String namespace, String name) {
    return namespace + "/" + name;
  }
}
