package io.smartoperator.bench;

import java.net.URI;
import java.util.List;
import java.util.Set;

/**
 * A request to the API server as kubectl's audit log would name it: the client that sent it, the
 * Kubernetes verb (get, list, watch, create, update, patch, delete) and the resource (with its
 * subresource, e.g. {@code smartapps/status}).
 */
record ApiCall(String client, String verb, String resource) {
  static final Set<String> WRITE_VERBS = Set.of("create", "update", "patch", "delete");

  boolean isWrite() {
    return WRITE_VERBS.contains(verb);
  }

  /** Classifies an HTTP request; {@code client} is the benchmark's tag from the User-Agent. */
  static ApiCall of(String client, String method, String pathAndQuery) {
    URI uri = URI.create(pathAndQuery);
    String query = uri.getRawQuery() == null ? "" : uri.getRawQuery();
    List<String> segments = List.of(uri.getPath().replaceAll("^/+|/+$", "").split("/"));
    // /api/v1/... or /apis/<group>/<version>/...; anything shorter is discovery.
    int start = segments.isEmpty() ? 0 : "api".equals(segments.get(0)) ? 2 : "apis".equals(segments.get(0)) ? 3 : -1;
    if (start < 0 || segments.size() <= start) {
      return new ApiCall(client, method.toLowerCase(), "discovery");
    }
    List<String> rest = segments.subList(start, segments.size());
    if ("namespaces".equals(rest.get(0)) && rest.size() > 2) {
      rest = rest.subList(2, rest.size()); // a namespaced resource: drop namespaces/<ns>
    }
    String resource = rest.get(0);
    boolean named = rest.size() >= 2;
    if (rest.size() >= 3) {
      resource = resource + "/" + rest.get(2);
    }
    String verb = switch (method.toUpperCase()) {
      case "GET" -> query.contains("watch=true") ? "watch" : named ? "get" : "list";
      case "POST" -> "create";
      case "PUT" -> "update";
      case "PATCH" -> "patch";
      case "DELETE" -> named ? "delete" : "deletecollection";
      default -> method.toLowerCase();
    };
    return new ApiCall(client, verb, resource);
  }
}
