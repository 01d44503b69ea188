package io.smartoperator.runtime;

import io.fabric8.kubernetes.api.model.APIGroup;
import io.fabric8.kubernetes.api.model.APIGroupBuilder;
import io.fabric8.kubernetes.api.model.APIGroupListBuilder;
import io.fabric8.kubernetes.api.model.APIResource;
import io.fabric8.kubernetes.api.model.APIResourceBuilder;
import io.fabric8.kubernetes.api.model.APIResourceListBuilder;
import io.fabric8.kubernetes.api.model.APIVersionsBuilder;
import io.fabric8.kubernetes.api.model.GroupVersionForDiscovery;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The legacy (plain JSON) discovery documents of the embedded API server: what kubectl reads to map
 * {@code smartapps}, {@code sapp} or the category {@code smart} to a URL. The fabric8 mock serves
 * none of them. Built-in kinds are a fixed list; custom resources come from the CRDs stored in the
 * server at the time of the request, so a CRD applied later is discoverable too.
 */
final class ApiDiscovery {
  static final List<String> VERBS =
      List.of("create", "delete", "deletecollection", "get", "list", "patch", "update", "watch");
  private static final List<String> STATUS_VERBS = List.of("get", "patch", "update");

  /** One kind the server stores, as discovery describes it. */
  record Resource(
      String group,
      String version,
      String plural,
      String singular,
      String kind,
      boolean namespaced,
      List<String> shortNames,
      List<String> categories,
      boolean statusSubresource) {

    String groupVersion() {
      return group.isEmpty() ? version : group + "/" + version;
    }

    APIResource toApiResource() {
      return new APIResourceBuilder()
          .withName(plural)
          .withSingularName(singular)
          .withKind(kind)
          .withNamespaced(namespaced)
          .withVerbs(VERBS)
          .withShortNames(shortNames.isEmpty() ? null : shortNames)
          .withCategories(categories.isEmpty() ? null : categories)
          .build();
    }

    APIResource toStatusResource() {
      return new APIResourceBuilder()
          .withName(plural + "/status")
          .withSingularName("")
          .withKind(kind)
          .withNamespaced(namespaced)
          .withVerbs(STATUS_VERBS)
          .build();
    }
  }

  static final List<Resource> BUILT_IN =
      List.of(
          builtIn("", "v1", "namespaces", "Namespace", false, "ns"),
          builtIn("", "v1", "secrets", "Secret", true),
          builtIn("", "v1", "configmaps", "ConfigMap", true, "cm"),
          builtIn("", "v1", "events", "Event", true, "ev"),
          builtIn("", "v1", "serviceaccounts", "ServiceAccount", true, "sa"),
          builtIn("apiextensions.k8s.io", "v1", "customresourcedefinitions", "CustomResourceDefinition",
              false, "crd", "crds"));

  private static final Pattern GROUP_PATH = Pattern.compile("/apis/([^/]+)");
  private static final Pattern GROUP_VERSION_PATH = Pattern.compile("/apis/([^/]+)/([^/]+)");

  private final Supplier<Collection<CustomResourceDefinition>> storedCrds;
  private final Map<String, String> version;

  ApiDiscovery(Supplier<Collection<CustomResourceDefinition>> storedCrds) {
    this.storedCrds = storedCrds;
    // kubectl warns about client/server skew beyond one minor version; say 1.32 like the kubectl here.
    this.version = Map.of(
        "major", "1",
        "minor", "32",
        "gitVersion", "v1.32.0-smart-operator-dev",
        "platform", "fabric8-mock/java");
  }

  private static Resource builtIn(
      String group, String version, String plural, String kind, boolean namespaced, String... shortNames) {
    return new Resource(group, version, plural, kind.toLowerCase(), kind, namespaced,
        List.of(shortNames), List.of(), false);
  }

  /** Whether {@code path} (without query) is a discovery document this class answers. */
  static boolean isDiscoveryPath(String path) {
    return path.equals("/version")
        || path.equals("/api")
        || path.equals("/api/v1")
        || path.equals("/apis")
        || GROUP_PATH.matcher(path).matches()
        || GROUP_VERSION_PATH.matcher(path).matches();
  }

  /** The discovery document at {@code path} as JSON, or empty when there is no such group or version. */
  Optional<String> document(String path) {
    if (path.equals("/version")) {
      return Optional.of(Serialization.asJson(version));
    }
    if (path.equals("/api")) {
      return Optional.of(Serialization.asJson(new APIVersionsBuilder().withVersions("v1").build()));
    }
    Map<String, Map<String, List<Resource>>> byGroup = resourcesByGroupAndVersion();
    if (path.equals("/api/v1")) {
      return Optional.of(resourceList("v1", byGroup.get("").get("v1")));
    }
    if (path.equals("/apis")) {
      List<APIGroup> groups = new ArrayList<>();
      byGroup.forEach((group, versions) -> {
        if (!group.isEmpty()) {
          groups.add(apiGroup(group, versions.keySet()));
        }
      });
      return Optional.of(Serialization.asJson(new APIGroupListBuilder().withGroups(groups).build()));
    }
    Matcher groupVersion = GROUP_VERSION_PATH.matcher(path);
    if (groupVersion.matches()) {
      List<Resource> resources =
          byGroup.getOrDefault(groupVersion.group(1), Map.of()).get(groupVersion.group(2));
      return Optional.ofNullable(resources)
          .map(r -> resourceList(groupVersion.group(1) + "/" + groupVersion.group(2), r));
    }
    Matcher group = GROUP_PATH.matcher(path);
    if (group.matches() && byGroup.containsKey(group.group(1))) {
      return Optional.of(Serialization.asJson(apiGroup(group.group(1), byGroup.get(group.group(1)).keySet())));
    }
    return Optional.empty();
  }

  /** The resource served at {@code group/version/plural}, if discovery lists it. */
  Optional<Resource> find(String group, String version, String plural) {
    return allResources().stream()
        .filter(r -> r.group().equals(group) && r.version().equals(version) && r.plural().equals(plural))
        .findFirst();
  }

  /** Printer columns of a custom resource, from its stored CRD; empty for built-in kinds. */
  Optional<CustomResourceDefinitionVersion> crdVersion(String group, String version, String plural) {
    return storedCrds.get().stream()
        .filter(crd -> crd.getSpec().getGroup().equals(group)
            && crd.getSpec().getNames().getPlural().equals(plural))
        .flatMap(crd -> crd.getSpec().getVersions().stream())
        .filter(v -> v.getName().equals(version))
        .findFirst();
  }

  List<Resource> allResources() {
    List<Resource> all = new ArrayList<>(BUILT_IN);
    for (CustomResourceDefinition crd : storedCrds.get()) {
      var spec = crd.getSpec();
      var names = spec.getNames();
      for (CustomResourceDefinitionVersion v : spec.getVersions()) {
        if (Boolean.FALSE.equals(v.getServed())) {
          continue;
        }
        all.add(new Resource(
            spec.getGroup(), v.getName(), names.getPlural(),
            names.getSingular() == null ? names.getKind().toLowerCase() : names.getSingular(),
            names.getKind(), "Namespaced".equals(spec.getScope()),
            names.getShortNames() == null ? List.of() : names.getShortNames(),
            names.getCategories() == null ? List.of() : names.getCategories(),
            v.getSubresources() != null && v.getSubresources().getStatus() != null));
      }
    }
    return all;
  }

  private Map<String, Map<String, List<Resource>>> resourcesByGroupAndVersion() {
    // Sorted, so that discovery answers are stable; the core group "" sorts first.
    Map<String, Map<String, List<Resource>>> byGroup = new TreeMap<>();
    for (Resource r : allResources()) {
      byGroup.computeIfAbsent(r.group(), g -> new TreeMap<>())
          .computeIfAbsent(r.version(), v -> new ArrayList<>())
          .add(r);
    }
    return byGroup;
  }

  private static String resourceList(String groupVersion, List<Resource> resources) {
    var list = new APIResourceListBuilder().withGroupVersion(groupVersion);
    for (Resource r : resources) {
      list.addToResources(r.toApiResource());
      if (r.statusSubresource()) {
        list.addToResources(r.toStatusResource());
      }
    }
    return Serialization.asJson(list.build());
  }

  private static APIGroup apiGroup(String group, Collection<String> versions) {
    List<GroupVersionForDiscovery> gvs = versions.stream()
        .map(v -> new GroupVersionForDiscovery(group + "/" + v, v))
        .toList();
    // Every group served here has one version; were there more, the last by name would be preferred.
    return new APIGroupBuilder()
        .withName(group)
        .withVersions(gvs)
        .withPreferredVersion(gvs.get(gvs.size() - 1))
        .build();
  }
}
