package io.smartoperator.runtime;

import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.util.Locale;
import java.util.Optional;

/**
 * Requests the fabric8 CRUD mock cannot serve, recognised before they reach it. Left alone, a
 * protobuf body makes the mock throw on the server's event loop and the client waits forever, and
 * a plain-HTTP watch gets a WebSocket answer kubectl does not understand. Each is answered at once
 * with a Kubernetes Status that names the kubectl commands that do work.
 */
final class UnsupportedRequests {
  /** The kubectl commands that work in dev mode (checked with kubectl 1.32). */
  static final String KUBECTL_WORKS =
      "get (also -o yaml|json, -A, short names, category 'smart'), describe, "
          + "apply --validate=false -f FILE, patch --type=merge|json, label, annotate, delete, wait";
  /** The kubectl commands that fail in dev mode, each with a message saying what to use instead. */
  static final String KUBECTL_FAILS =
      "create <kind>, apply --server-side, get -w, strategic merge patch (patch without --type, "
          + "re-apply of a changed Namespace/Secret/ConfigMap), diff and --dry-run=server";
  static final String WHAT_WORKS = "In dev mode kubectl supports: " + KUBECTL_WORKS
      + " (delete and wait poll instead of watching).";

  /** A refusal: the HTTP code, the Status reason and the message kubectl prints. */
  record Refusal(int code, String reason, String message) {}

  private UnsupportedRequests() {}

  static Optional<Refusal> refusal(RecordedRequest request) {
    String contentType = lower(request.getHeader("Content-Type"));
    if (contentType.startsWith("application/vnd.kubernetes.protobuf")) {
      return Optional.of(new Refusal(415, "UnsupportedMediaType",
          "the smart-operator dev API server reads JSON only, and this request's body is protobuf "
              + "(kubectl create namespace|secret|configmap and the other typed create commands send "
              + "protobuf). Write the object as YAML and run 'kubectl apply --validate=false -f FILE', "
              + "or pipe 'kubectl create ... --dry-run=client -o yaml' into "
              + "'kubectl apply --validate=false -f -'. " + WHAT_WORKS));
    }
    if (request.method() == HttpMethod.PATCH && contentType.startsWith("application/apply-patch")) {
      return Optional.of(new Refusal(415, "UnsupportedMediaType",
          "server-side apply is not supported by the smart-operator dev API server (a fabric8 mock): "
              + "use client-side 'kubectl apply --validate=false -f FILE', without --server-side. "
              + WHAT_WORKS));
    }
    if (request.method() == HttpMethod.PATCH
        && contentType.startsWith("application/strategic-merge-patch")) {
      return Optional.of(new Refusal(415, "UnsupportedMediaType",
          "strategic merge patch is not supported by the smart-operator dev API server: use "
              + "'kubectl patch --type=merge' (or --type=json). Re-applying a changed Namespace, Secret "
              + "or ConfigMap with kubectl apply sends one too: patch it with --type=merge, or delete "
              + "it and apply it again. " + WHAT_WORKS));
    }
    if (hasQueryParameter(request.getPath(), "dryRun", "All")) {
      // The store has no dry run: it would keep what kubectl only meant to try.
      return Optional.of(new Refusal(400, "BadRequest",
          "server-side dry run (kubectl diff, --dry-run=server) is not supported by the smart-operator "
              + "dev API server: use --dry-run=client. " + WHAT_WORKS));
    }
    if (isPlainHttpWatch(request) && !isInformerWatch(request)) {
      return Optional.of(new Refusal(405, "MethodNotAllowed",
          "watching (kubectl get -w / --watch) is not supported by the smart-operator dev API server: "
              + "run kubectl get again, or read the table dev mode prints. " + WHAT_WORKS));
    }
    return Optional.empty();
  }

  /**
   * A watch that wants a long-running HTTP response, which the mock cannot give: it serves watches
   * over WebSocket only, the way fabric8 clients (the operator's informers) ask for them.
   */
  static boolean isPlainHttpWatch(RecordedRequest request) {
    return request.method() == HttpMethod.GET
        && hasQueryParameter(request.getPath(), "watch", "true", "1")
        && !isWebSocketUpgrade(request);
  }

  /**
   * A watch from client-go's reflector (kubectl delete waiting for a finalizer, kubectl wait), told
   * apart from kubectl get -w by allowWatchBookmarks. A reflector lists again when its watch
   * expires, so answering "expired" makes it poll, which works on the mock.
   */
  static boolean isInformerWatch(RecordedRequest request) {
    return isPlainHttpWatch(request) && hasQueryParameter(request.getPath(), "allowWatchBookmarks", "true");
  }

  static boolean hasQueryParameter(String pathAndQuery, String name, String... values) {
    int q = pathAndQuery.indexOf('?');
    if (q < 0) {
      return false;
    }
    for (String parameter : pathAndQuery.substring(q + 1).split("&")) {
      for (String value : values) {
        if (parameter.equals(name + "=" + value)) {
          return true;
        }
      }
    }
    return false;
  }

  private static boolean isWebSocketUpgrade(RecordedRequest request) {
    return lower(request.getHeader("Upgrade")).equals("websocket");
  }

  private static String lower(String value) {
    return value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
  }
}
