package io.smartoperator.install;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.smartoperator.runtime.Permissions.Permission;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/** Kubernetes objects rendered by Helm or kustomize, with the questions the tests ask of them. */
record Manifests(List<JsonNode> objects) {
  static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  /** The namespace RBAC grants cluster-wide (a ClusterRoleBinding) are filed under. */
  static final String CLUSTER = "*cluster*";

  static Manifests parse(String multiDocYaml) {
    try (MappingIterator<JsonNode> docs = YAML.readerFor(JsonNode.class).readValues(multiDocYaml)) {
      List<JsonNode> out = new ArrayList<>();
      while (docs.hasNextValue()) {
        JsonNode doc = docs.nextValue();
        if (doc != null && doc.isObject() && doc.size() > 0) {
          out.add(doc);
        }
      }
      return new Manifests(out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  List<JsonNode> ofKind(String kind) {
    return objects.stream().filter(o -> kind.equals(o.path("kind").asText())).toList();
  }

  JsonNode one(String kind) {
    List<JsonNode> found = ofKind(kind);
    if (found.size() != 1) {
      throw new AssertionError("expected one " + kind + ", found " + found.size());
    }
    return found.get(0);
  }

  Optional<JsonNode> find(String kind, String namespace, String name) {
    return objects.stream().filter(o -> kind.equals(o.path("kind").asText())
        && name.equals(o.path("metadata").path("name").asText())
        && (namespace == null || namespace.equals(o.path("metadata").path("namespace").asText())))
        .findFirst();
  }

  List<String> kinds() {
    return objects.stream().map(o -> o.path("kind").asText()).sorted().toList();
  }

  /**
   * What the ServiceAccount may do, by namespace ({@link #CLUSTER} for cluster-wide), following
   * the bindings that name it to the roles they reference.
   */
  Map<String, SortedSet<Permission>> grants(String serviceAccount, String saNamespace) {
    Map<String, SortedSet<Permission>> out = new TreeMap<>();
    for (JsonNode binding : objects) {
      String kind = binding.path("kind").asText();
      if (!kind.equals("ClusterRoleBinding") && !kind.equals("RoleBinding")) {
        continue;
      }
      boolean forSa = false;
      for (JsonNode s : binding.path("subjects")) {
        forSa |= s.path("kind").asText().equals("ServiceAccount") && s.path("name").asText().equals(serviceAccount)
            && s.path("namespace").asText().equals(saNamespace);
      }
      if (!forSa) {
        continue;
      }
      String bindingNs = binding.path("metadata").path("namespace").asText(null);
      JsonNode ref = binding.path("roleRef");
      String roleKind = ref.path("kind").asText();
      JsonNode role = find(roleKind, roleKind.equals("Role") ? bindingNs : null, ref.path("name").asText())
          .orElseThrow(() -> new AssertionError(kind + " " + binding.path("metadata").path("name").asText()
              + " references a missing " + roleKind + " " + ref.path("name").asText()));
      String scope = kind.equals("ClusterRoleBinding") ? CLUSTER : bindingNs;
      out.computeIfAbsent(scope, k -> new TreeSet<>()).addAll(rules(role));
    }
    return out;
  }

  /** A role's rules, one Permission per group, resource, verb and resource name. */
  static SortedSet<Permission> rules(JsonNode role) {
    SortedSet<Permission> out = new TreeSet<>();
    for (JsonNode rule : role.path("rules")) {
      List<String> names = new ArrayList<>();
      rule.path("resourceNames").forEach(n -> names.add(n.asText()));
      if (names.isEmpty()) {
        names.add(null);
      }
      for (JsonNode group : rule.path("apiGroups")) {
        for (JsonNode resource : rule.path("resources")) {
          for (JsonNode verb : rule.path("verbs")) {
            for (String name : names) {
              out.add(new Permission(group.asText(), resource.asText(), verb.asText(), name));
            }
          }
        }
      }
    }
    return out;
  }
}
