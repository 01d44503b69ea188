package io.smartoperator.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionList;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes the embedded API server's requests: discovery documents and refusals of what the mock
 * cannot do are answered here, everything else goes to fabric8's CRUD dispatcher (the store).
 */
final class DevApiDispatcher extends Dispatcher {
  private static final Logger log = LoggerFactory.getLogger(DevApiDispatcher.class);
  private static final String CRDS_PATH = "/apis/apiextensions.k8s.io/v1/customresourcedefinitions";
  // /api/v1/namespaces/ns/secrets/name, /apis/group/version/plural/name/status, ...
  private static final Pattern RESOURCE_PATH = Pattern.compile(
      "/(?:api|apis/(?<group>[^/]+))/(?<version>[^/]+)(?:/namespaces/(?<namespace>[^/]+))?"
          + "/(?<plural>[^/]+)(?:/(?<name>[^/]+))?(?:/(?<subresource>status|scale))?");

  private final KubernetesCrudDispatcher store;
  private final ApiDiscovery discovery;
  private final Runnable afterEachRequest;

  DevApiDispatcher(KubernetesCrudDispatcher store, Runnable afterEachRequest) {
    this.store = store;
    this.discovery = new ApiDiscovery(this::storedCrds);
    this.afterEachRequest = afterEachRequest;
  }

  ApiDiscovery discovery() {
    return discovery;
  }

  @Override
  public MockResponse dispatch(RecordedRequest request) {
    try {
      return withJsonContentType(route(request));
    } catch (RuntimeException e) {
      // An exception escaping the dispatcher leaves the client without an answer: it would hang.
      log.warn("dev API server failed on {}", request, e);
      return status(500, "InternalError", "the smart-operator dev API server failed on "
          + request.getMethod() + " " + pathOf(request.getPath()) + ": " + e);
    } finally {
      afterEachRequest.run();
    }
  }

  private MockResponse route(RecordedRequest request) {
    if (UnsupportedRequests.isInformerWatch(request)) {
      return expiredWatch();
    }
    Optional<UnsupportedRequests.Refusal> refusal = UnsupportedRequests.refusal(request);
    if (refusal.isPresent()) {
      log.debug("refused {}: {}", request, refusal.get().reason());
      return status(refusal.get().code(), refusal.get().reason(), refusal.get().message());
    }
    String path = pathOf(request.getPath());
    if (request.method() == HttpMethod.GET && ApiDiscovery.isDiscoveryPath(path)) {
      return discovery.document(path)
          .map(json -> new MockResponse().setResponseCode(200).setBody(json))
          .orElseGet(() -> status(404, "NotFound", "the server could not find the requested resource"));
    }
    if (path.equals("/healthz") || path.equals("/readyz") || path.equals("/livez")) {
      return new MockResponse().setResponseCode(200).setBody("ok").setHeader("Content-Type", "text/plain");
    }
    if (!path.startsWith("/api/") && !path.startsWith("/apis/")) {
      // /openapi/v2, /openapi/v3 and the like: the store would answer them with every object it has.
      return status(404, "NotFound", "the server could not find the requested resource");
    }
    boolean write = request.method() == HttpMethod.PATCH || request.method() == HttpMethod.PUT;
    MockResponse before = write ? store.handleGet(path) : null;
    MockResponse response = store.dispatch(write ? withoutQuery(request) : request);
    if (response == null) {
      return status(405, "MethodNotAllowed", request.getMethod() + " is not supported by the dev API server");
    }
    if (response.code() == 404 && isEmpty(response)) {
      return notFound(path);
    }
    if (write && response.code() / 100 == 2 && isEmpty(response) && before.code() == 200) {
      return lastStateOfDeleted(before);
    }
    if (request.method() == HttpMethod.GET && response.code() == 200
        && PrinterTable.isWanted(request.getHeader("Accept"))) {
      return asTable(path, request.getPath(), response);
    }
    return response;
  }

  /**
   * The store tells a status write by a path ending in /status, so kubectl's
   * {@code ?fieldManager=kubectl-patch} would turn a status patch into a silent no-op.
   */
  private static RecordedRequest withoutQuery(RecordedRequest request) {
    return new RecordedRequest(request.getHttpVersion(), request.method(), pathOf(request.getPath()),
        request.getHeaders(), request.getBody());
  }

  /**
   * A single watch event saying the watch expired (410). client-go's reflector then lists again
   * after a back-off of about a second, quietly: kubectl delete and kubectl wait end up polling.
   */
  private static MockResponse expiredWatch() {
    Status expired = new StatusBuilder()
        .withStatus("Failure")
        .withCode(410)
        .withReason("Expired")
        .withMessage("the dev API server cannot stream watches over HTTP; list again")
        .build();
    String event = "{\"type\":\"ERROR\",\"object\":" + Serialization.asJson(expired) + "}\n";
    return new MockResponse().setResponseCode(200).setBody(event);
  }

  /**
   * The mock answers the update that removes the last finalizer of a deleted object with an empty
   * body, which kubectl cannot decode ("unexpected end of JSON input"). The API server answers with
   * the object's last state: the object before the update, without finalizers, comes close.
   */
  private static MockResponse lastStateOfDeleted(MockResponse before) {
    JsonNode object = Serialization.unmarshal(before.getBody().readUtf8(), JsonNode.class);
    if (object.path("metadata") instanceof ObjectNode metadata) {
      metadata.remove("finalizers");
    }
    return new MockResponse().setResponseCode(200).setBody(Serialization.asJson(object));
  }

  private MockResponse asTable(String path, String pathAndQuery, MockResponse response) {
    Matcher m = RESOURCE_PATH.matcher(path);
    if (!m.matches() || m.group("subresource") != null || isEmpty(response)) {
      return response;
    }
    String group = m.group("group") == null ? "" : m.group("group");
    String version = m.group("version");
    String plural = m.group("plural");
    if (discovery.find(group, version, plural).isEmpty()) {
      return response;
    }
    List<PrinterTable.Column> columns = group.isEmpty() || group.equals("apiextensions.k8s.io")
        ? PrinterTable.columnsOf(plural)
        : discovery.crdVersion(group, version, plural).map(PrinterTable::columnsOf)
            .orElseGet(() -> PrinterTable.columnsOf(plural));
    String table = PrinterTable.render(columns, response.getBody().readUtf8(),
        queryParameter(pathAndQuery, "includeObject"), Instant.now());
    return new MockResponse().setResponseCode(200).setBody(table)
        .setHeader("Content-Type", PrinterTable.CONTENT_TYPE);
  }

  private static String queryParameter(String pathAndQuery, String name) {
    int q = pathAndQuery.indexOf('?');
    if (q < 0) {
      return null;
    }
    for (String parameter : pathAndQuery.substring(q + 1).split("&")) {
      if (parameter.startsWith(name + "=")) {
        return parameter.substring(name.length() + 1);
      }
    }
    return null;
  }

  private MockResponse notFound(String path) {
    Matcher m = RESOURCE_PATH.matcher(path);
    if (m.matches() && m.group("name") != null) {
      String group = m.group("group");
      String resource = group == null ? m.group("plural") : m.group("plural") + "." + group;
      return status(404, "NotFound", resource + " \"" + m.group("name") + "\" not found");
    }
    return status(404, "NotFound", "the server could not find the requested resource");
  }

  private Collection<CustomResourceDefinition> storedCrds() {
    MockResponse crds = store.handleGet(CRDS_PATH);
    if (crds.code() != 200 || isEmpty(crds)) {
      return List.of();
    }
    CustomResourceDefinitionList list =
        Serialization.unmarshal(crds.getBody().readUtf8(), CustomResourceDefinitionList.class);
    return list.getItems() == null ? List.of() : list.getItems();
  }

  static MockResponse status(int code, String reason, String message) {
    Status status = new StatusBuilder()
        .withStatus("Failure")
        .withCode(code)
        .withReason(reason)
        .withMessage(message)
        .build();
    return new MockResponse().setResponseCode(code).setBody(Serialization.asJson(status));
  }

  private static MockResponse withJsonContentType(MockResponse response) {
    if (response.getHeaders().header("Content-Type") == null && !isEmpty(response)) {
      response.setHeader("Content-Type", "application/json");
    }
    return response;
  }

  private static boolean isEmpty(MockResponse response) {
    return response.getBody() == null || response.getBody().size() == 0;
  }

  static String pathOf(String pathAndQuery) {
    int q = pathAndQuery.indexOf('?');
    return q < 0 ? pathAndQuery : pathAndQuery.substring(0, q);
  }
}
