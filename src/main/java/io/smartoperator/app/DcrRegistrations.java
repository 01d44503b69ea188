package io.smartoperator.app;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.smartoperator.api.v1alpha1.Gateway;
import io.smartoperator.api.v1alpha1.SecretKeyRef;
import io.smartoperator.api.v1alpha1.SmartApp;
import io.smartoperator.gateway.ActivationRules.Verdict;
import io.smartoperator.gateway.ClientMetadata;
import io.smartoperator.gateway.registration.ClientRequest;
import io.smartoperator.gateway.registration.DeleteOutcome;
import io.smartoperator.gateway.registration.DynamicClientRegistrar;
import io.smartoperator.gateway.registration.RegisteredClient;
import io.smartoperator.gateway.registration.RegistrationException;
import io.smartoperator.status.Conditions;
import io.smartoperator.status.EventRecorder;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Activations on gateways in registration mode DynamicClientRegistration: RFC 7591 registration,
 * RFC 7592 update and delete, with the issued credentials in a Secret
 * {@code <app>-<gateway>-registration} owned by the app. The server is called only when the
 * registered metadata's hash changed; failures back off exponentially instead of retrying hot.
 */
final class DcrRegistrations {
  private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(DcrRegistrations.class);
  static final String REGISTRATION_LABEL = "smart-operator.io/registration-for";
  static final String GATEWAY_ANNOTATION = "smart-operator.io/gateway";
  static final String HASH_ANNOTATION = "smart-operator.io/registration-hash";
  static final String ENDPOINT_ANNOTATION = "smart-operator.io/registration-endpoint";
  static final Duration FIRST_RETRY = Duration.ofSeconds(10);
  static final Duration MAX_RETRY = Duration.ofMinutes(5);

  /** The outcome: the verdict, the issued client_id, and when to try again after a failure. */
  record Result(Verdict verdict, String issuedClientId, Duration retryAfter) {}

  private record Failure(int attempts, Instant nextAttempt, Verdict verdict, String hash) {}

  private final KubernetesClient client;
  private final EventRecorder events;
  private final DynamicClientRegistrar registrar;
  private final Map<String, Failure> failures = new ConcurrentHashMap<>();
  private InformerEventSource<Secret, SmartApp> secrets;

  DcrRegistrations(KubernetesClient client, EventRecorder events, DynamicClientRegistrar registrar) {
    this.client = client;
    this.events = events;
    this.registrar = registrar;
  }

  void use(InformerEventSource<Secret, SmartApp> secretSource) {
    this.secrets = secretSource;
  }

  static String secretName(SmartApp app, Gateway gw) {
    return app.getMetadata().getName() + "-" + gw.getMetadata().getName() + "-registration";
  }

  static String gatewayKey(Gateway gw) {
    return gw.getMetadata().getNamespace() + "/" + gw.getMetadata().getName();
  }

  Result ensure(SmartApp app, Gateway gw, ClientMetadata metadata, Verdict activated) {
    String ref = gatewayKey(gw);
    String failureKey = app.getMetadata().getUid() + "|" + ref;
    String endpoint = endpoint(gw);
    if (endpoint == null) {
      return new Result(failed("Gateway " + ref + " has no registration endpoint: set its "
          + "spec.registration.endpoint, or serve registration_endpoint in its SMART configuration"), null, null);
    }
    ClientRequest request = new ClientRequest(metadata.clientName(), metadata.redirectUris(), metadata.scope(),
        metadata.grantTypes(), metadata.tokenEndpointAuthMethod(), metadata.launchUri());
    String hash = request.hash();
    String ns = app.getMetadata().getNamespace();
    Optional<Secret> existing = secrets.get(new ResourceID(secretName(app, gw), ns));
    if (existing.isPresent() && !CredentialsSecret.ownedBy(existing.get(), app)) {
      return new Result(failed("a Secret " + secretName(app, gw) + " exists and is not this app's; "
          + "delete or rename it"), null, null);
    }
    if (existing.isPresent() && hash.equals(annotation(existing.get(), HASH_ANNOTATION))
        && endpoint.equals(annotation(existing.get(), ENDPOINT_ANNOTATION))) {
      failures.remove(failureKey);
      return new Result(activated, decoded(existing.get(), "client_id"), null);
    }
    Failure failure = failures.get(failureKey);
    // During a backoff the server is left alone, unless the app changed what it asks for.
    if (failure != null && Instant.now().isBefore(failure.nextAttempt()) && hash.equals(failure.hash())) {
      return new Result(failure.verdict(), null, Duration.between(Instant.now(), failure.nextAttempt()));
    }
    try {
      RegisteredClient registered;
      if (existing.isPresent() && endpoint.equals(annotation(existing.get(), ENDPOINT_ANNOTATION))) {
        RegisteredClient stored = stored(existing.get());
        if (!stored.supportsManagement()) {
          return new Result(failed("the authorization server of Gateway " + ref + " offers no RFC 7592 "
              + "management, so the registration cannot be updated; delete Secret " + secretName(app, gw)
              + " to register again"), stored.clientId(), null);
        }
        registered = registrar.update(stored, request);
        write(app, gw, registered, hash, endpoint, existing.get());
      } else {
        registered = registrar.register(URI.create(endpoint), initialAccessToken(gw), request);
        try {
          write(app, gw, registered, hash, endpoint, existing.orElse(null));
        } catch (KubernetesClientException e) {
          // Without its Secret the registration would be lost and registered again: take it back.
          withdraw(registered);
          throw e;
        }
      }
      failures.remove(failureKey);
      events.normal(app, "Registered", "registered with the authorization server of Gateway " + ref
          + " as client " + registered.clientId());
      return new Result(activated, registered.clientId(), null);
    } catch (RegistrationException e) {
      int attempts = failure == null ? 1 : failure.attempts() + 1;
      Duration wait = backoff(attempts);
      Verdict v = failed("registration with Gateway " + ref + " failed: " + e.getMessage()
          + "; retrying in " + wait.toSeconds() + "s");
      failures.put(failureKey, new Failure(attempts, Instant.now().plus(wait), v, hash));
      return new Result(v, null, wait);
    } catch (MissingTokenException e) {
      return new Result(failed(e.getMessage()), null, null);
    }
  }

  private void withdraw(RegisteredClient registered) {
    try {
      registrar.delete(registered);
    } catch (RegistrationException e) {
      log.warn("could not withdraw client {} after its Secret could not be written: {}",
          registered.clientId(), e.getMessage());
    }
  }

  /**
   * Takes the app off the gateway: RFC 7592 DELETE, then the registration Secret goes. True when
   * done; a failure the server may recover from throws, and the finalizer waits.
   */
  boolean deregister(SmartApp app, Secret registration, boolean gatewayExists) throws RegistrationException {
    String gw = annotation(registration, GATEWAY_ANNOTATION);
    RegisteredClient stored = stored(registration);
    // A Gateway that no longer exists waits for nothing: the app is done there.
    try {
      if (!gatewayExists) {
        return deleteSecret(registration);
      }
      DeleteOutcome outcome = registrar.delete(stored);
      if (outcome == DeleteOutcome.NOT_SUPPORTED) {
        events.warning(app, "DeregistrationNotSupported", "the authorization server of Gateway " + gw
            + " does not support RFC 7592 delete: client " + stored.clientId()
            + " stays registered there and must be removed by its administrators");
      }
    } catch (RegistrationException e) {
      if (e.httpStatus() != 401) {
        throw e;
      }
      // RFC 7592: a deleted client's token is invalid; an expired token cannot delete anything either.
      events.warning(app, "DeregistrationRefused", "the authorization server of Gateway " + gw
          + " refused the registration access token of client " + stored.clientId()
          + " (" + e.getMessage() + "); if the client still exists it must be removed there");
    }
    return deleteSecret(registration);
  }

  private boolean deleteSecret(Secret registration) {
    client.secrets().inNamespace(registration.getMetadata().getNamespace())
        .withName(registration.getMetadata().getName()).delete();
    return true;
  }

  /** The app's registration Secrets (every gateway it was ever registered with). */
  List<Secret> registrationsOf(SmartApp app) {
    return secrets.byIndex(REGISTRATION_LABEL, app.getMetadata().getNamespace() + "/" + app.getMetadata().getName())
        .stream().filter(s -> CredentialsSecret.ownedBy(s, app)).toList();
  }

  void forget(SmartApp app) {
    failures.keySet().removeIf(k -> k.startsWith(app.getMetadata().getUid() + "|"));
  }

  static Duration backoff(int attempts) {
    long seconds = FIRST_RETRY.toSeconds() << Math.min(attempts - 1, 10);
    return Duration.ofSeconds(Math.min(seconds, MAX_RETRY.toSeconds()));
  }

  private static Verdict failed(String message) {
    return new Verdict(false, Conditions.FALSE, "RegistrationFailed", message);
  }

  private static String endpoint(Gateway gw) {
    String given = gw.getSpec().getRegistration() == null ? null : gw.getSpec().getRegistration().getEndpoint();
    if (given != null && !given.isEmpty()) {
      return given;
    }
    var smart = gw.getStatus() == null ? null : gw.getStatus().getSmartConfiguration();
    return smart == null ? null : smart.getRegistrationEndpoint();
  }

  private static final class MissingTokenException extends RuntimeException {
    MissingTokenException(String message) {
      super(message, null, false, false);
    }
  }

  private String initialAccessToken(Gateway gw) {
    SecretKeyRef ref = gw.getSpec().getRegistration().getInitialAccessTokenSecretRef();
    if (ref == null) {
      return null;
    }
    Optional<Secret> secret = secrets.get(new ResourceID(ref.getName(), gw.getMetadata().getNamespace()));
    String token = secret.map(s -> decoded(s, ref.getKey())).orElse(null);
    if (token == null || token.isEmpty()) {
      throw new MissingTokenException("the initial access token of Gateway " + gatewayKey(gw) + " (Secret "
          + ref.getName() + ", key " + ref.getKey() + ") is missing");
    }
    return token;
  }

  private void write(SmartApp app, Gateway gw, RegisteredClient registered, String hash, String endpoint,
      Secret existing) {
    Map<String, String> data = new LinkedHashMap<>();
    put(data, "client_id", registered.clientId());
    put(data, "client_secret", registered.clientSecret());
    put(data, "registration_access_token", registered.registrationAccessToken());
    put(data, "registration_client_uri",
        registered.registrationClientUri() == null ? null : registered.registrationClientUri().toString());
    var smart = gw.getStatus() == null ? null : gw.getStatus().getSmartConfiguration();
    put(data, "token_endpoint", smart == null ? null : smart.getTokenEndpoint());
    put(data, "fhir_base_url", gw.getSpec().getFhirBaseUrl());
    Secret desired = new SecretBuilder()
        .withNewMetadata()
        .withName(secretName(app, gw))
        .withNamespace(app.getMetadata().getNamespace())
        .addToLabels(CredentialsSecret.MANAGED_BY_LABEL, CredentialsSecret.MANAGED_BY)
        .addToLabels(CredentialsSecret.APP_LABEL, app.getMetadata().getName())
        .addToLabels(REGISTRATION_LABEL, app.getMetadata().getName())
        .addToAnnotations(GATEWAY_ANNOTATION, gatewayKey(gw))
        .addToAnnotations(HASH_ANNOTATION, hash)
        .addToAnnotations(ENDPOINT_ANNOTATION, endpoint)
        .withOwnerReferences(CredentialsSecret.ownerReference(app))
        .withResourceVersion(existing == null ? null : existing.getMetadata().getResourceVersion())
        .endMetadata()
        .withType("Opaque")
        .withData(data)
        .build();
    var op = client.secrets().inNamespace(app.getMetadata().getNamespace()).resource(desired);
    Secret written = existing == null ? op.create() : op.update();
    if (existing == null) {
      secrets.handleRecentResourceCreate(ResourceID.fromResource(app), written);
    } else {
      secrets.handleRecentResourceUpdate(ResourceID.fromResource(app), written, existing);
    }
  }

  static RegisteredClient stored(Secret s) {
    String uri = decoded(s, "registration_client_uri");
    return new RegisteredClient(decoded(s, "client_id"), decoded(s, "client_secret"),
        decoded(s, "registration_access_token"), uri == null ? null : URI.create(uri));
  }

  private static void put(Map<String, String> data, String key, String value) {
    if (value != null) {
      data.put(key, Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8)));
    }
  }

  static String annotation(Secret s, String key) {
    return s.getMetadata().getAnnotations() == null ? null : s.getMetadata().getAnnotations().get(key);
  }

  private static String decoded(Secret s, String key) {
    return CredentialsSecret.decoded(s, key);
  }
}
