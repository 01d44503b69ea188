package io.smartoperator.install;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.authorization.v1.ResourceRule;
import io.fabric8.kubernetes.api.model.authorization.v1.ResourceRuleBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectRulesReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectRulesReviewBuilder;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.smartoperator.runtime.Permissions.Permission;
import io.smartoperator.testing.FhirTestServer;
import java.io.InputStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * fabric8's CRUD mock API server with the CRDs installed, a kube-system namespace, and an answer to
 * the SelfSubjectRulesReview that JOSDK sends before it elects a leader (the mock has no RBAC).
 * Every request is recorded with the client that sent it, told apart by its User-Agent.
 */
final class MockCluster implements AutoCloseable {
  static final String USER = "smart-operator-test";

  final KubernetesMockServer server;
  /** The test's own client, for what a user would do. */
  final KubernetesClient user;
  private final List<KubernetesClient> clients = new ArrayList<>();
  private final List<RecordedRequest> recorded = new ArrayList<>();

  MockCluster(Collection<Permission> leaseRules) {
    Map<ServerRequest, Queue<ServerResponse>> responses = new HashMap<>();
    server = new KubernetesMockServer(new Context(), new MockWebServer(), responses,
        new KubernetesMixedDispatcher(responses), false);
    server.init();
    server.expect().post().withPath("/apis/authorization.k8s.io/v1/selfsubjectrulesreviews")
        .andReturn(201, rulesReview(leaseRules)).always();
    user = client(USER);
    for (String crd : List.of("smartapps.smart-operator.io-v1.yml", "gateways.smart-operator.io-v1.yml")) {
      try (InputStream in = MockCluster.class.getResourceAsStream("/META-INF/fabric8/" + crd)) {
        user.apiextensions().v1().customResourceDefinitions()
            .resource(user.getKubernetesSerialization().unmarshal(in, CustomResourceDefinition.class))
            .create();
      } catch (java.io.IOException e) {
        throw new IllegalStateException(e);
      }
    }
    namespace("kube-system");
  }

  /** A client whose requests are recorded under {@code agent}. */
  KubernetesClient client(String agent) {
    KubernetesClient base = server.createClient();
    KubernetesClient client = new KubernetesClientBuilder()
        .withConfig(new ConfigBuilder(base.getConfiguration()).withUserAgent(agent).build()).build();
    base.close();
    clients.add(client);
    return client;
  }

  void namespace(String name) {
    user.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build())
        .create();
  }

  /** What one client sent so far, as RBAC sees it. */
  List<ApiRequest> requestsOf(String agent) throws InterruptedException {
    RecordedRequest r;
    while ((r = server.takeRequest(10, TimeUnit.MILLISECONDS)) != null) {
      recorded.add(r);
    }
    return recorded.stream()
        .filter(req -> agent.equals(req.getHeader("User-Agent")))
        .map(req -> ApiRequest.of(req.getMethod(), req.getPath()))
        .flatMap(Optional::stream)
        .toList();
  }

  /**
   * HAPI builds its CapabilityStatement on the first request, which on a loaded machine can take
   * longer than discovery's 5 s timeout; an Unreachable discovery is retried only 10 minutes later.
   */
  static void warmUp(FhirTestServer fhir) {
    try {
      java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
              URI.create(fhir.baseUrl() + "/metadata")).timeout(java.time.Duration.ofSeconds(60)).build(),
          java.net.http.HttpResponse.BodyHandlers.discarding());
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** The mock has no authorizer: it answers that the leader election rules are granted. */
  private static SelfSubjectRulesReview rulesReview(Collection<Permission> rules) {
    Map<String, List<Permission>> byName = rules.stream()
        .collect(Collectors.groupingBy(p -> p.apiGroup() + "|" + p.resource() + "|" + p.resourceName()));
    List<ResourceRule> resourceRules = new ArrayList<>();
    byName.values().forEach(ps -> {
      Permission first = ps.get(0);
      resourceRules.add(new ResourceRuleBuilder()
          .withApiGroups(first.apiGroup())
          .withResources(first.resource())
          .withResourceNames(first.resourceName() == null ? List.of() : List.of(first.resourceName()))
          .withVerbs(ps.stream().map(Permission::verb).toList())
          .build());
    });
    return new SelfSubjectRulesReviewBuilder()
        .withNewSpec().endSpec()
        .withNewStatus().withIncomplete(false).withResourceRules(resourceRules).withNonResourceRules().endStatus()
        .build();
  }

  @Override
  public void close() {
    clients.forEach(KubernetesClient::close);
    server.destroy();
  }

  /**
   * A request as the API server's authorizer sees it: verb, group, resource (with subresource) and,
   * for a request on one object, its name.
   */
  record ApiRequest(String verb, String apiGroup, String resource, String name, String namespace,
      String method, String path) {

    static Optional<ApiRequest> of(String method, String pathAndQuery) {
      URI uri = URI.create(pathAndQuery);
      String query = uri.getQuery() == null ? "" : uri.getQuery();
      List<String> parts = new ArrayList<>(List.of(uri.getPath().replaceFirst("^/", "").split("/")));
      String group;
      if (parts.size() >= 2 && parts.get(0).equals("api")) {
        group = "";
        parts = parts.subList(2, parts.size());
      } else if (parts.size() >= 3 && parts.get(0).equals("apis")) {
        group = parts.get(1);
        parts = parts.subList(3, parts.size());
      } else {
        return Optional.empty(); // discovery, /version: not resource requests
      }
      String namespace = null;
      if (parts.size() >= 3 && parts.get(0).equals("namespaces")) {
        namespace = parts.get(1);
        parts = parts.subList(2, parts.size()); // namespaced: drop "namespaces/<ns>"
      }
      if (parts.isEmpty()) {
        return Optional.empty();
      }
      String resource = parts.get(0);
      String name = parts.size() > 1 ? parts.get(1) : null;
      if (parts.size() > 2) {
        resource += "/" + parts.get(2);
      }
      String verb = switch (method) {
        case "GET" -> name != null ? "get" : query.contains("watch=true") ? "watch" : "list";
        case "POST" -> "create";
        case "PUT" -> "update";
        case "PATCH" -> "patch";
        case "DELETE" -> name != null ? "delete" : "deletecollection";
        default -> method.toLowerCase();
      };
      return Optional.of(new ApiRequest(verb, group, resource, name, namespace, method, pathAndQuery));
    }

    /** Whether {@code p} grants this request. */
    boolean grantedBy(Permission p) {
      return p.apiGroup().equals(apiGroup) && p.resource().equals(resource) && p.verb().equals(verb)
          && (p.resourceName() == null || p.resourceName().equals(name));
    }
  }
}
