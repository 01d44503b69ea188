package io.smartoperator.app;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.smartoperator.api.v1alpha1.SecretKeyRef;
import io.smartoperator.api.v1alpha1.SmartApp;
import io.smartoperator.status.Conditions;
import io.smartoperator.status.Conditions.Observed;
import io.smartoperator.status.EventRecorder;
import java.net.HttpURLConnection;
import java.util.Optional;

/**
 * Brings an accepted app's credentials to their desired state and reports the CredentialsReady
 * condition. Reads Secrets from the informer cache; writes only what differs. Never overwrites a
 * Secret that is not this app's, and never generates a secret for a missing existingSecretRef.
 */
final class AppCredentials {
  static final String TYPE = "CredentialsReady";

  /** The outcome: the condition and the name of the Secret that holds the client secret. */
  record Outcome(Observed condition, String secretName) {}

  private final KubernetesClient client;
  private final EventRecorder events;
  private InformerEventSource<Secret, SmartApp> secrets;

  AppCredentials(KubernetesClient client, EventRecorder events) {
    this.client = client;
    this.events = events;
  }

  void use(InformerEventSource<Secret, SmartApp> secretSource) {
    this.secrets = secretSource;
  }

  Outcome notRequired() {
    return new Outcome(Observed.of(TYPE, Conditions.TRUE, "NotRequired",
        "public clients have no client secret"), null);
  }

  /** The referenced Secret, read and never written. */
  Outcome provided(SmartApp app) {
    SecretKeyRef ref = CredentialsSecret.existingRef(app);
    String ns = app.getMetadata().getNamespace();
    Optional<Secret> secret = cached(ref.getName(), ns);
    if (secret.isEmpty()) {
      // Often created a moment later (External Secrets, Sealed Secrets): wait for its event.
      return new Outcome(Observed.of(TYPE, Conditions.FALSE, "SecretNotFound",
          "Secret \"" + ref.getName() + "\" named by spec.credentials.existingSecretRef does not exist "
              + "in namespace " + ns + "; create it, and the app picks it up"), ref.getName());
    }
    String value = CredentialsSecret.decoded(secret.get(), ref.getKey());
    if (value == null || value.isEmpty()) {
      return new Outcome(Observed.of(TYPE, Conditions.FALSE, "KeyNotFound",
          "Secret \"" + ref.getName() + "\" has no non-empty key \"" + ref.getKey()
              + "\"; add the key or fix spec.credentials.existingSecretRef.key"), ref.getName());
    }
    return new Outcome(Observed.of(TYPE, Conditions.TRUE, "Provided",
        "client secret read from Secret \"" + ref.getName() + "\" key \"" + ref.getKey() + "\""),
        ref.getName());
  }

  /** The generated Secret: created when missing, updated when its content is stale. */
  Outcome generated(SmartApp app, String clientId, boolean wasGenerated) {
    String name = CredentialsSecret.name(app);
    String ns = app.getMetadata().getNamespace();
    Optional<Secret> existing = cached(name, ns);
    if (existing.isPresent() && !CredentialsSecret.ownedBy(existing.get(), app)
        && !CredentialsSecret.adoptable(existing.get(), app)) {
      return conflict(name);
    }
    if (existing.isEmpty()) {
      Secret desired = CredentialsSecret.desired(app, clientId, null);
      try {
        Secret created = client.secrets().inNamespace(ns).resource(desired).create();
        secrets.handleRecentResourceCreate(ResourceID.fromResource(app), created);
      } catch (KubernetesClientException e) {
        if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
          throw e;
        }
        // The cache is behind the API server: look at the Secret that is really there.
        Secret actual = client.secrets().inNamespace(ns).withName(name).get();
        if (actual == null || !(CredentialsSecret.ownedBy(actual, app) || CredentialsSecret.adoptable(actual, app))) {
          return conflict(name);
        }
        return update(app, clientId, actual);
      }
      // A first Secret is news to nobody (status.credentialsSecret names it); a replaced one is.
      if (wasGenerated) {
        events.warning(app, "SecretRecreated", "Secret \"" + name + "\" was deleted; a new client secret "
            + "was generated. Clients and gateways holding the old one must be updated.");
      }
      return ready(name);
    }
    return update(app, clientId, existing.get());
  }

  private Outcome update(SmartApp app, String clientId, Secret existing) {
    Secret desired = CredentialsSecret.desired(app, clientId, existing);
    if (!CredentialsSecret.upToDate(existing, desired)) {
      boolean rotated = CredentialsSecret.rotationDue(existing, app);
      Secret merged = merge(existing, desired);
      // Optimistic locking on resourceVersion: a concurrent change fails the write and the
      // reconcile is retried on fresh data, so a secret is never overwritten blindly.
      Secret updated = client.secrets().inNamespace(existing.getMetadata().getNamespace())
          .resource(merged).update();
      secrets.handleRecentResourceUpdate(ResourceID.fromResource(app), updated, existing);
      if (rotated) {
        events.normal(app, "SecretRotated", "client secret in Secret \"" + desired.getMetadata().getName()
            + "\" rotated for spec.credentials.rotation \"" + CredentialsSecret.rotation(app) + "\"");
      }
    }
    return ready(desired.getMetadata().getName());
  }

  /** Desired metadata on top of what others (a reflector, a backup tool) added. */
  private static Secret merge(Secret existing, Secret desired) {
    var meta = new io.fabric8.kubernetes.api.model.ObjectMetaBuilder(existing.getMetadata());
    meta.addToLabels(desired.getMetadata().getLabels());
    meta.addToAnnotations(desired.getMetadata().getAnnotations());
    var owners = new java.util.ArrayList<io.fabric8.kubernetes.api.model.OwnerReference>();
    if (existing.getMetadata().getOwnerReferences() != null) {
      existing.getMetadata().getOwnerReferences().stream()
          .filter(o -> !Boolean.TRUE.equals(o.getController()))
          .forEach(owners::add);
    }
    owners.add(desired.getMetadata().getOwnerReferences().get(0));
    meta.withOwnerReferences(owners);
    return new io.fabric8.kubernetes.api.model.SecretBuilder(existing)
        .withMetadata(meta.build())
        .withType(desired.getType())
        .withData(desired.getData())
        .withStringData(null)
        .build();
  }

  /** The client secret the app's credentials hold now, or null (public, or not ready). */
  String clientSecret(SmartApp app) {
    return CredentialsSecret.clientSecret(app, secrets::get);
  }

  /** Deletes the app's generated Secret (deletionPolicy Delete, or no longer needed). */
  void deleteOwned(SmartApp app, String name) {
    String ns = app.getMetadata().getNamespace();
    Optional<Secret> secret = cached(name, ns);
    if (secret.isPresent() && CredentialsSecret.ownedBy(secret.get(), app)) {
      client.secrets().inNamespace(ns).withName(name).delete();
    }
  }

  /** Releases the app's generated Secret so garbage collection keeps it (deletionPolicy Orphan). */
  void orphanOwned(SmartApp app, String name) {
    String ns = app.getMetadata().getNamespace();
    Optional<Secret> secret = cached(name, ns);
    if (secret.isPresent() && CredentialsSecret.ownedBy(secret.get(), app)) {
      client.secrets().inNamespace(ns).resource(CredentialsSecret.withoutOwner(secret.get(), app)).update();
    }
  }

  private Optional<Secret> cached(String name, String namespace) {
    return secrets.get(new ResourceID(name, namespace));
  }

  private static Outcome ready(String name) {
    return new Outcome(Observed.of(TYPE, Conditions.TRUE, "Generated",
        "client secret generated in Secret \"" + name + "\""), name);
  }

  private static Outcome conflict(String name) {
    return new Outcome(Observed.of(TYPE, Conditions.FALSE, "SecretConflict",
        "a Secret named \"" + name + "\" exists and is not managed by this app; it is left untouched. "
            + "Set spec.credentials.secretName to another name, or delete that Secret"), name);
  }
}
