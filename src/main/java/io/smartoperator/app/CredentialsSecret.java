package io.smartoperator.app;

import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.smartoperator.api.v1alpha1.Credentials;
import io.smartoperator.api.v1alpha1.SecretKeyRef;
import io.smartoperator.api.v1alpha1.SmartApp;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The generated credentials Secret of a confidential or backend-service app: its name, its
 * desired content, and whether an existing Secret of that name is this app's to manage.
 *
 * <p>The client secret is created once and kept: it changes only when {@code
 * credentials.rotation} changes (the value it was made for is kept in an annotation) or when the
 * Secret is gone.
 */
public final class CredentialsSecret {
  public static final String CLIENT_ID = "client_id";
  public static final String CLIENT_SECRET = "client_secret";
  public static final String MANAGED_BY_LABEL = "app.kubernetes.io/managed-by";
  public static final String MANAGED_BY = "smart-operator";
  public static final String APP_LABEL = "smart-operator.io/app";
  public static final String ROTATION_ANNOTATION = "smart-operator.io/rotation";

  private static final SecureRandom RANDOM = new SecureRandom();

  private CredentialsSecret() {}

  /** The Secret the operator writes: credentials.secretName, default {@code <name>-credentials}. */
  public static String name(SmartApp app) {
    Credentials c = app.getSpec() == null ? null : app.getSpec().getCredentials();
    if (c != null && c.getSecretName() != null && !c.getSecretName().isEmpty()) {
      return c.getSecretName();
    }
    return app.getMetadata().getName() + "-credentials";
  }

  public static SecretKeyRef existingRef(SmartApp app) {
    Credentials c = app.getSpec() == null ? null : app.getSpec().getCredentials();
    return c == null ? null : c.getExistingSecretRef();
  }

  /** The Secret whose name this app's credentials live in: the referenced one or the generated one. */
  public static String credentialsSecretName(SmartApp app) {
    SecretKeyRef ref = existingRef(app);
    return ref != null && ref.getName() != null ? ref.getName() : name(app);
  }

  /**
   * The client secret the app's credentials hold now (the generated Secret, or the referenced
   * key), read through {@code secrets}; null for a public app or when it is not there.
   */
  public static String clientSecret(SmartApp app,
      java.util.function.Function<io.javaoperatorsdk.operator.processing.event.ResourceID, java.util.Optional<Secret>> secrets) {
    if (!io.smartoperator.api.v1alpha1.ClientType.of(app.getSpec().getClientType())
        .map(io.smartoperator.api.v1alpha1.ClientType::hasSecret).orElse(false)) {
      return null;
    }
    SecretKeyRef ref = existingRef(app);
    String key = ref != null ? ref.getKey() : CLIENT_SECRET;
    return secrets.apply(new io.javaoperatorsdk.operator.processing.event.ResourceID(
            credentialsSecretName(app), app.getMetadata().getNamespace()))
        .map(s -> decoded(s, key)).orElse(null);
  }

  static String rotation(SmartApp app) {
    Credentials c = app.getSpec().getCredentials();
    return c == null || c.getRotation() == null ? "" : c.getRotation();
  }

  /** 32 bytes from SecureRandom, base64url without padding. */
  static String newClientSecret() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /** Whether this app is the Secret's controller. */
  static boolean ownedBy(Secret secret, SmartApp app) {
    return owners(secret).stream()
        .anyMatch(o -> Boolean.TRUE.equals(o.getController())
            && Objects.equals(o.getUid(), app.getMetadata().getUid()));
  }

  /**
   * A Secret this operator wrote for an app of this name that has no controller now: left behind
   * by deletionPolicy Orphan, or restored from a backup. Adopting it keeps its client secret.
   */
  static boolean adoptable(Secret secret, SmartApp app) {
    Map<String, String> labels = secret.getMetadata().getLabels();
    return labels != null
        && MANAGED_BY.equals(labels.get(MANAGED_BY_LABEL))
        && app.getMetadata().getName().equals(labels.get(APP_LABEL))
        && owners(secret).stream().noneMatch(o -> Boolean.TRUE.equals(o.getController()));
  }

  static boolean rotationDue(Secret existing, SmartApp app) {
    Map<String, String> annotations = existing.getMetadata().getAnnotations();
    String madeFor = annotations == null ? null : annotations.get(ROTATION_ANNOTATION);
    return !rotation(app).equals(madeFor == null ? "" : madeFor);
  }

  static String decoded(Secret secret, String key) {
    Map<String, String> data = secret.getData();
    String value = data == null ? null : data.get(key);
    return value == null ? null : new String(Base64.getDecoder().decode(value), StandardCharsets.UTF_8);
  }

  /**
   * The desired Secret. The client secret of {@code existing} is kept when there is one, unless a
   * rotation is due; {@code existing} may be null.
   */
  static Secret desired(SmartApp app, String clientId, Secret existing) {
    String clientSecret = existing == null || rotationDue(existing, app)
        ? null : decoded(existing, CLIENT_SECRET);
    if (clientSecret == null || clientSecret.isEmpty()) {
      clientSecret = newClientSecret();
    }
    Map<String, String> labels = new LinkedHashMap<>();
    Map<String, String> annotations = new LinkedHashMap<>();
    var template = app.getSpec().getCredentials() == null ? null : app.getSpec().getCredentials().getTemplate();
    if (template != null) {
      if (template.getLabels() != null) labels.putAll(template.getLabels());
      if (template.getAnnotations() != null) annotations.putAll(template.getAnnotations());
    }
    // The operator's own metadata wins over the template's.
    labels.put(MANAGED_BY_LABEL, MANAGED_BY);
    labels.put(APP_LABEL, app.getMetadata().getName());
    annotations.put(ROTATION_ANNOTATION, rotation(app));

    Map<String, String> data = new LinkedHashMap<>();
    data.put(CLIENT_ID, encode(clientId));
    data.put(CLIENT_SECRET, encode(clientSecret));
    var builder = new SecretBuilder()
        .withNewMetadata()
        .withName(name(app))
        .withNamespace(app.getMetadata().getNamespace())
        .withLabels(labels)
        .withAnnotations(annotations)
        .withOwnerReferences(ownerReference(app))
        .endMetadata()
        .withType("Opaque")
        .withData(data);
    if (existing != null) {
      builder.editMetadata().withResourceVersion(existing.getMetadata().getResourceVersion()).endMetadata();
    }
    return builder.build();
  }

  /** Whether {@code existing} already has the desired content and metadata. */
  static boolean upToDate(Secret existing, Secret desired) {
    return Objects.equals(existing.getData(), desired.getData())
        && Objects.equals(existing.getType(), desired.getType())
        && contains(existing.getMetadata().getLabels(), desired.getMetadata().getLabels())
        && contains(existing.getMetadata().getAnnotations(), desired.getMetadata().getAnnotations())
        && ownedByUid(existing, desired.getMetadata().getOwnerReferences().get(0).getUid());
  }

  /** The Secret without this app as its owner: what deletionPolicy Orphan leaves behind. */
  static Secret withoutOwner(Secret secret, SmartApp app) {
    List<OwnerReference> kept = new ArrayList<>();
    for (OwnerReference o : owners(secret)) {
      if (!Objects.equals(o.getUid(), app.getMetadata().getUid())) {
        kept.add(o);
      }
    }
    return new SecretBuilder(secret).editMetadata().withOwnerReferences(kept).endMetadata().build();
  }

  static OwnerReference ownerReference(SmartApp app) {
    return new OwnerReferenceBuilder()
        .withApiVersion(app.getApiVersion())
        .withKind(app.getKind())
        .withName(app.getMetadata().getName())
        .withUid(app.getMetadata().getUid())
        .withController(true)
        .withBlockOwnerDeletion(true)
        .build();
  }

  private static boolean ownedByUid(Secret secret, String uid) {
    return owners(secret).stream()
        .anyMatch(o -> Boolean.TRUE.equals(o.getController()) && Objects.equals(o.getUid(), uid));
  }

  private static List<OwnerReference> owners(Secret secret) {
    List<OwnerReference> refs = secret.getMetadata().getOwnerReferences();
    return refs == null ? List.of() : refs;
  }

  private static boolean contains(Map<String, String> actual, Map<String, String> wanted) {
    if (wanted == null || wanted.isEmpty()) {
      return true;
    }
    return actual != null && actual.entrySet().containsAll(wanted.entrySet());
  }

  private static String encode(String value) {
    return Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8));
  }
}
