package io.smartoperator.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** The embedded API server at the HTTP level: discovery documents, refusals, what it starts with. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EmbeddedApiServerTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String AGGREGATED_DISCOVERY_ACCEPT =
      "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,"
          + "application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json";

  EmbeddedApiServer server;
  HttpClient http;

  @BeforeAll
  void start() {
    server = EmbeddedApiServer.start(0);
    http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(5)).build();
  }

  @AfterAll
  void stop() {
    server.close();
  }

  HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
    // A hang guard: every answer of this server is immediate.
    return http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
  }

  HttpRequest.Builder get(String path) {
    return HttpRequest.newBuilder(URI.create(server.url() + path)).GET();
  }

  JsonNode json(HttpResponse<String> response) throws IOException {
    return JSON.readTree(response.body());
  }

  static JsonNode resource(JsonNode resourceList, String name) {
    for (JsonNode r : resourceList.path("resources")) {
      if (r.path("name").asText().equals(name)) {
        return r;
      }
    }
    throw new AssertionError(name + " is not in " + resourceList);
  }

  static List<String> texts(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }

  @Test
  void servesTheSmartOperatorGroupWithShortNamesCategoriesAndScope() throws Exception {
    HttpResponse<String> response = send(get("/apis/smart-operator.io/v1alpha1?timeout=32s"));

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
    JsonNode list = json(response);
    assertThat(list.path("kind").asText()).isEqualTo("APIResourceList");
    assertThat(list.path("groupVersion").asText()).isEqualTo("smart-operator.io/v1alpha1");
    JsonNode apps = resource(list, "smartapps");
    assertThat(apps.path("kind").asText()).isEqualTo("SmartApp");
    assertThat(apps.path("namespaced").asBoolean()).isTrue();
    assertThat(texts(apps.path("shortNames"))).containsExactly("sapp");
    assertThat(texts(apps.path("categories"))).containsExactly("smart");
    assertThat(texts(apps.path("verbs"))).contains("get", "list", "create", "update", "patch", "delete", "watch");
    JsonNode gateways = resource(list, "gateways");
    assertThat(texts(gateways.path("shortNames"))).containsExactly("sgw");
    assertThat(texts(gateways.path("categories"))).containsExactly("smart");
    assertThat(resource(list, "smartapps/status").path("verbs").size()).isPositive();
  }

  @Test
  void servesTheCoreGroupAndTheGroupList() throws Exception {
    JsonNode versions = json(send(get("/api?timeout=32s").header("Accept", AGGREGATED_DISCOVERY_ACCEPT)));
    assertThat(versions.path("kind").asText()).isEqualTo("APIVersions");
    assertThat(texts(versions.path("versions"))).containsExactly("v1");

    JsonNode core = json(send(get("/api/v1?timeout=32s")));
    assertThat(resource(core, "namespaces").path("namespaced").asBoolean()).isFalse();
    for (String namespaced : List.of("secrets", "events", "configmaps")) {
      assertThat(resource(core, namespaced).path("namespaced").asBoolean()).isTrue();
      assertThat(texts(resource(core, namespaced).path("verbs"))).contains("get", "list", "create", "delete");
    }

    // kubectl 1.32 first asks for aggregated discovery; plain JSON makes it fall back to these documents.
    JsonNode groups = json(send(get("/apis").header("Accept", AGGREGATED_DISCOVERY_ACCEPT)));
    assertThat(groups.path("kind").asText()).isEqualTo("APIGroupList");
    List<String> names = new ArrayList<>();
    groups.path("groups").forEach(g -> names.add(g.path("name").asText()));
    assertThat(names).contains("smart-operator.io", "apiextensions.k8s.io");

    JsonNode crds = json(send(get("/apis/apiextensions.k8s.io/v1")));
    assertThat(resource(crds, "customresourcedefinitions").path("namespaced").asBoolean()).isFalse();
    assertThat(send(get("/apis/no.such.group/v1")).statusCode()).isEqualTo(404);
  }

  @Test
  void startsWithTheCrdsAndTheNamespacesTheOperatorNeeds() {
    assertThat(server.client().apiextensions().v1().customResourceDefinitions().list().getItems())
        .extracting(crd -> crd.getMetadata().getName())
        .containsExactlyInAnyOrder("smartapps.smart-operator.io", "gateways.smart-operator.io");
    // SmartOperator derives the default platformId from this uid.
    assertThat(server.client().namespaces().withName("kube-system").get().getMetadata().getUid()).isNotBlank();
    assertThat(server.client().namespaces().withName("default").get()).isNotNull();
  }

  @Test
  void protobufBodiesGetAStatusAtOnce() throws Exception {
    HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(server.url() + "/api/v1/namespaces"))
        .header("Content-Type", "application/vnd.kubernetes.protobuf")
        .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[] {0x6b, 0x38, 0x73, 0x00, 0x0a, 0x0f})));

    assertThat(response.statusCode()).isEqualTo(415);
    JsonNode status = json(response);
    assertThat(status.path("kind").asText()).isEqualTo("Status");
    assertThat(status.path("apiVersion").asText()).isEqualTo("v1");
    assertThat(status.path("code").asInt()).isEqualTo(415);
    assertThat(status.path("reason").asText()).isEqualTo("UnsupportedMediaType");
    assertThat(status.path("message").asText()).contains("kubectl apply --validate=false -f FILE");
  }

  @Test
  void serverSideApplyAndStrategicMergePatchAreRefusedWith415() throws Exception {
    for (String contentType : List.of("application/apply-patch+yaml", "application/strategic-merge-patch+json")) {
      HttpResponse<String> response = send(HttpRequest.newBuilder(
              URI.create(server.url() + "/api/v1/namespaces/default?fieldManager=kubectl"))
          .header("Content-Type", contentType)
          .method("PATCH", HttpRequest.BodyPublishers.ofString("{\"metadata\":{\"labels\":{\"a\":\"b\"}}}")));

      assertThat(response.statusCode()).as(contentType).isEqualTo(415);
      assertThat(json(response).path("message").asText()).as(contentType).contains("In dev mode kubectl supports");
    }
    assertThat(server.client().namespaces().withName("default").get().getMetadata().getLabels()).isNullOrEmpty();
  }

  @Test
  void plainHttpWatchesAreRefusedButInformerWatchesAreToldToListAgain() throws Exception {
    HttpResponse<String> getWatch = send(get("/apis/smart-operator.io/v1alpha1/smartapps?watch=true"));
    assertThat(getWatch.statusCode()).isEqualTo(405);
    assertThat(json(getWatch).path("message").asText()).contains("kubectl get -w");

    HttpResponse<String> informerWatch = send(get(
        "/apis/smart-operator.io/v1alpha1/smartapps?allowWatchBookmarks=true&timeoutSeconds=300&watch=true"));
    assertThat(informerWatch.statusCode()).isEqualTo(200);
    JsonNode event = json(informerWatch);
    assertThat(event.path("type").asText()).isEqualTo("ERROR");
    assertThat(event.path("object").path("code").asInt()).isEqualTo(410);
    assertThat(event.path("object").path("reason").asText()).isEqualTo("Expired");
  }

  @Test
  void openApiIsNotFoundRatherThanEveryStoredObject() throws Exception {
    assertThat(send(get("/openapi/v2?timeout=32s")).statusCode()).isEqualTo(404);
    assertThat(send(get("/openapi/v3")).statusCode()).isEqualTo(404);
  }

  @Test
  void aMissingObjectIsNotFoundWithItsName() throws Exception {
    HttpResponse<String> response = send(get("/apis/smart-operator.io/v1alpha1/namespaces/default/smartapps/nope"));

    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(json(response).path("message").asText()).isEqualTo("smartapps.smart-operator.io \"nope\" not found");
  }

  @Test
  void theKubeconfigPointsAtTheServerAndAForeignFileIsNeverOverwritten(@TempDir Path dir) throws IOException {
    Path ours = dir.resolve("dev.kubeconfig");
    server.writeKubeconfig(ours);
    assertThat(Files.readString(ours))
        .contains("server: " + server.url())
        .contains("current-context: " + EmbeddedApiServer.KUBECONFIG_NAME);
    server.writeKubeconfig(ours);

    Path foreign = Files.writeString(dir.resolve("config"), "apiVersion: v1\nkind: Config\nclusters: []\n");
    assertThatThrownBy(() -> server.writeKubeconfig(foreign))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("refusing to overwrite");
    assertThat(Files.readString(foreign)).isEqualTo("apiVersion: v1\nkind: Config\nclusters: []\n");
  }
}
