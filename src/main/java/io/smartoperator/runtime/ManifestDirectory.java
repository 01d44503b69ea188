package io.smartoperator.runtime;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The YAML files of a directory (dev mode's {@code --apply}, {@code examples/} by default),
 * created or updated in file-name order, documents in file order. Objects are written the way
 * {@code kubectl apply} writes them, last-applied annotation included, so that a later
 * {@code kubectl apply -f} of the same files finds them unchanged instead of sending a strategic
 * merge patch the dev API server cannot take.
 */
final class ManifestDirectory {
  static final String LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration";
  private static final YAMLMapper YAML = new YAMLMapper();
  // Go's encoding/json: map keys sorted, compact.
  private static final ObjectMapper GO_JSON =
      JsonMapper.builder().enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS).build();

  /** One object of a file, and where it came from. */
  record Manifest(Path file, int document, JsonNode object) {
    String apiVersion() {
      return object.path("apiVersion").asText("");
    }

    String kind() {
      return object.path("kind").asText("");
    }

    String name() {
      return object.path("metadata").path("name").asText("");
    }

    String namespace() {
      return object.path("metadata").path("namespace").asText("");
    }

    String describe() {
      return kind() + " " + (namespace().isEmpty() ? "" : namespace() + "/") + name();
    }
  }

  /** What applying a directory did: the objects written and the ones skipped, with why. */
  record Result(List<String> applied, List<String> skipped) {}

  private ManifestDirectory() {}

  /** The .yaml / .yml files of {@code directory}, by name; not recursive, like kubectl apply -f DIR. */
  static List<Path> files(Path directory) throws IOException {
    try (Stream<Path> entries = Files.list(directory)) {
      return entries
          .filter(Files::isRegularFile)
          .filter(p -> p.getFileName().toString().endsWith(".yaml") || p.getFileName().toString().endsWith(".yml"))
          .sorted()
          .toList();
    }
  }

  /** Every non-empty document of {@code file}, in order. */
  static List<Manifest> read(Path file) throws IOException {
    List<Manifest> manifests = new ArrayList<>();
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8);
        MappingIterator<JsonNode> documents = YAML.readerFor(JsonNode.class).readValues(reader)) {
      int index = 0;
      while (documents.hasNext()) {
        JsonNode document = documents.next();
        index++;
        if (document == null || document.isNull() || document.isMissingNode() || document.isEmpty()) {
          continue;
        }
        if (!document.isObject() || document.path("kind").asText("").isEmpty()
            || document.path("apiVersion").asText("").isEmpty()) {
          throw new IOException(file + ", document " + index + ": not a Kubernetes object (apiVersion and kind are required)");
        }
        manifests.add(new Manifest(file, index, document));
      }
    }
    return manifests;
  }

  /**
   * Applies every file of {@code directory}. A kind the dev API server does not serve is skipped
   * and reported; any other failure stops with an exception naming the file and document.
   */
  static Result apply(KubernetesClient client, ApiDiscovery discovery, Path directory) throws IOException {
    List<String> applied = new ArrayList<>();
    List<String> skipped = new ArrayList<>();
    for (Path file : files(directory)) {
      for (Manifest manifest : read(file)) {
        Optional<ApiDiscovery.Resource> resource = served(discovery, manifest);
        if (resource.isEmpty()) {
          skipped.add(file.getFileName() + ": " + manifest.describe()
              + " (dev mode does not serve " + manifest.apiVersion() + " " + manifest.kind() + ")");
          continue;
        }
        GenericKubernetesResource object = withLastApplied(manifest.object());
        if (resource.get().namespaced() && manifest.namespace().isEmpty()) {
          object.getMetadata().setNamespace("default");
        }
        try {
          client.resource(object).createOr(NonDeletingOperation::update);
        } catch (RuntimeException e) {
          throw new IOException(file + ", document " + manifest.document() + " (" + manifest.describe()
              + "): " + e.getMessage(), e);
        }
        applied.add(file.getFileName() + ": " + manifest.describe());
      }
    }
    return new Result(applied, skipped);
  }

  private static Optional<ApiDiscovery.Resource> served(ApiDiscovery discovery, Manifest manifest) {
    String apiVersion = manifest.apiVersion();
    int slash = apiVersion.indexOf('/');
    String group = slash < 0 ? "" : apiVersion.substring(0, slash);
    String version = slash < 0 ? apiVersion : apiVersion.substring(slash + 1);
    return discovery.allResources().stream()
        .filter(r -> r.group().equals(group) && r.version().equals(version) && r.kind().equals(manifest.kind()))
        .findFirst();
  }

  /** The object with the annotation kubectl apply would give it, byte for byte. */
  static GenericKubernetesResource withLastApplied(JsonNode manifest) throws JsonProcessingException {
    ObjectNode object = manifest.deepCopy();
    ObjectNode annotations = object.withObjectProperty("metadata").withObjectProperty("annotations");
    annotations.remove(LAST_APPLIED);
    String lastApplied = goJson(object) + "\n";
    annotations.put(LAST_APPLIED, lastApplied);
    return Serialization.unmarshal(GO_JSON.writeValueAsString(object), GenericKubernetesResource.class);
  }

  /** JSON as Go's json.Marshal writes a map: sorted keys, compact, with <, > and & escaped. */
  static String goJson(JsonNode node) throws JsonProcessingException {
    Object plain = GO_JSON.convertValue(node, Object.class);
    return GO_JSON.writeValueAsString(plain)
        .replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029");
  }
}
