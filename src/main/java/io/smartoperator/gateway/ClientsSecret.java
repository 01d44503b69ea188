package io.smartoperator.gateway;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.smartoperator.api.v1alpha1.Gateway;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The Secret {@code <gateway>-clients} of a gateway in registration mode Secret: key
 * {@code clients.json}, an array of RFC 7591 client metadata sorted by client_id, one entry per
 * activated app. A Secret holds at most 1 MiB: entries that do not fit are left out and listed in
 * an annotation, so that their apps report RegistrationFailed instead of vanishing silently.
 */
public final class ClientsSecret {
  public static final String KEY = "clients.json";
  public static final String GATEWAY_LABEL = "smart-operator.io/gateway";
  public static final String OVERFLOW_ANNOTATION = "smart-operator.io/overflow";
  public static final int MAX_BYTES = 1024 * 1024;
  private static final ObjectMapper JSON = new ObjectMapper();

  /** One app's entry; {@code clientSecret} is null for public clients. */
  public record Entry(ClientMetadata metadata, String clientSecret) {}

  /** The content and which client_ids did not fit. */
  public record Content(String json, List<String> overflow) {}

  private ClientsSecret() {}

  public static String name(Gateway gateway) {
    return gateway.getMetadata().getName() + "-clients";
  }

  public static Content content(List<Entry> entries, int maxBytes) {
    List<Entry> sorted = new ArrayList<>(entries);
    sorted.sort(Comparator.comparing(e -> e.metadata().clientId()));
    StringBuilder json = new StringBuilder("[");
    int bytes = 2;
    List<String> overflow = new ArrayList<>();
    for (Entry e : sorted) {
      String item = write(e.metadata().clientsJsonEntry(e.clientSecret()));
      int size = item.getBytes(StandardCharsets.UTF_8).length + (json.length() > 1 ? 1 : 0);
      if (bytes + size > maxBytes) {
        overflow.add(e.metadata().clientId());
        continue;
      }
      if (json.length() > 1) {
        json.append(',');
      }
      json.append(item);
      bytes += size;
    }
    return new Content(json.append(']').toString(), overflow);
  }

  public static Secret desired(Gateway gateway, Content content, Secret existing) {
    Map<String, String> annotations = new LinkedHashMap<>();
    if (!content.overflow().isEmpty()) {
      annotations.put(OVERFLOW_ANNOTATION, String.join(",", content.overflow()));
    }
    var builder = existing == null ? new SecretBuilder() : new SecretBuilder(existing);
    return builder
        .editOrNewMetadata()
        .withName(name(gateway))
        .withNamespace(gateway.getMetadata().getNamespace())
        .addToLabels("app.kubernetes.io/managed-by", "smart-operator")
        .addToLabels(GATEWAY_LABEL, gateway.getMetadata().getName())
        .removeFromAnnotations(OVERFLOW_ANNOTATION)
        .addToAnnotations(annotations)
        .withOwnerReferences(List.of(new io.fabric8.kubernetes.api.model.OwnerReferenceBuilder()
            .withApiVersion(gateway.getApiVersion()).withKind(gateway.getKind())
            .withName(gateway.getMetadata().getName()).withUid(gateway.getMetadata().getUid())
            .withController(true).withBlockOwnerDeletion(true).build()))
        .endMetadata()
        .withType("Opaque")
        .withData(Map.of(KEY, Base64.getEncoder().encodeToString(
            content.json().getBytes(StandardCharsets.UTF_8))))
        .build();
  }

  /** The client_ids listed in a clients Secret, and those that overflowed. */
  public static Set<String> listedClientIds(Secret secret) {
    return parsed(secret).keySet();
  }

  public static Set<String> overflowed(Secret secret) {
    Map<String, String> a = secret.getMetadata().getAnnotations();
    String list = a == null ? null : a.get(OVERFLOW_ANNOTATION);
    return list == null || list.isEmpty() ? Set.of() : new LinkedHashSet<>(List.of(list.split(",")));
  }

  /** The entry for one client_id, as a map comparable with {@link ClientMetadata#clientsJsonEntry}. */
  public static Map<String, Object> entry(Secret secret, String clientId) {
    return parsed(secret).get(clientId);
  }

  /** Parsed entries by client_id, per Secret and resourceVersion. */
  private record Parsed(String resourceVersion, Map<String, Map<String, Object>> entries) {}

  /**
   * Every app on a gateway reads the same clients.json (up to 1 MiB): it is parsed once per
   * version of the Secret, not once per app.
   */
  private static final Map<String, Parsed> PARSED = new java.util.concurrent.ConcurrentHashMap<>();

  private static Map<String, Map<String, Object>> parsed(Secret secret) {
    if (secret == null) {
      return Map.of();
    }
    String key = secret.getMetadata().getNamespace() + "/" + secret.getMetadata().getName();
    String version = secret.getMetadata().getResourceVersion();
    Parsed cached = version == null ? null : PARSED.get(key);
    if (cached != null && cached.resourceVersion().equals(version)) {
      return cached.entries();
    }
    Map<String, Map<String, Object>> entries = parse(secret);
    if (version != null) {
      PARSED.put(key, new Parsed(version, entries));
    }
    return entries;
  }

  private static Map<String, Map<String, Object>> parse(Secret secret) {
    Map<String, String> data = secret.getData();
    String encoded = data == null ? null : data.get(KEY);
    if (encoded == null) {
      return Map.of();
    }
    try {
      JsonNode array = JSON.readTree(Base64.getDecoder().decode(encoded));
      Map<String, Map<String, Object>> out = new LinkedHashMap<>();
      var type = JSON.getTypeFactory().constructMapType(LinkedHashMap.class, String.class, Object.class);
      for (JsonNode n : array) {
        out.put(n.path("client_id").asText(), java.util.Collections.unmodifiableMap(JSON.convertValue(n, type)));
      }
      return java.util.Collections.unmodifiableMap(out);
    } catch (java.io.IOException | IllegalArgumentException e) {
      return Map.of(); // not ours to interpret: the gateway controller rewrites it
    }
  }

  private static String write(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialize client metadata", e);
    }
  }
}
