package io.smartoperator.crd;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * examples/ is what a newcomer applies first, so beyond passing the CRDs (SchemaValidationTest) it
 * must apply in order and end up working: every reference resolves, every gateway admits the apps
 * activated on it, Secrets are written the way every API server takes them.
 */
class ExamplesTest {
  private static final String SMART_API = "smart-operator.io/v1alpha1";
  // SMART App Launch v1/v2 scopes as API.md describes them; the operator's validation is stricter.
  private static final Pattern SMART_SCOPE = Pattern.compile(
      "(patient|user|system)/(\\*|[A-Z][A-Za-z]+)\\.(read|write|\\*|c?r?u?d?s?)(\\?.+)?"
          + "|openid|fhirUser|profile|launch|launch/[a-z]+|online_access|offline_access|__.+|[a-z][a-z0-9+.-]*://.+");

  record Document(String file, JsonNode node) {
    String kind() {
      return node.path("kind").asText();
    }

    String name() {
      return node.path("metadata").path("name").asText();
    }

    String namespace() {
      return node.path("metadata").path("namespace").asText();
    }

    JsonNode spec() {
      return node.path("spec");
    }

    boolean is(String apiVersion, String kind) {
      return node.path("apiVersion").asText().equals(apiVersion) && kind().equals(kind);
    }

    @Override
    public String toString() {
      return file + ": " + kind() + " " + namespace() + "/" + name();
    }
  }

  private static List<String> files;
  private static List<Document> documents;

  @BeforeAll
  static void readExamples() throws IOException {
    try (Stream<Path> list = Files.list(ProjectPaths.examples())) {
      files = list.filter(SchemaValidationTest::isYaml).map(f -> f.getFileName().toString()).sorted().toList();
    }
    documents = new ArrayList<>();
    for (String file : files) {
      YamlDocuments.read(ProjectPaths.examples().resolve(file)).forEach(node -> documents.add(new Document(file, node)));
    }
    assertThat(documents).as("documents in examples/").isNotEmpty();
  }

  @Test
  void everyDocumentIsAnIdentifiableObject() {
    for (Document doc : documents) {
      assertThat(doc.node().path("apiVersion").asText()).as("%s apiVersion", doc).isNotEmpty();
      assertThat(doc.kind()).as("%s kind", doc).isNotEmpty();
      assertThat(doc.name()).as("%s metadata.name", doc).matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
      if (!doc.kind().equals("Namespace")) {
        // Explicit namespaces, so `kubectl apply -f examples/` does not drop objects into the current context's namespace.
        assertThat(doc.namespace()).as("%s metadata.namespace", doc).isNotEmpty();
      }
    }
  }

  @Test
  void namespacesComeFirstAndHoldEverythingElse() {
    assertThat(files.get(0)).isEqualTo("00-namespaces.yaml");
    assertThat(documents.stream().filter(d -> d.kind().equals("Namespace")).map(Document::file))
        .as("files with Namespace objects").isNotEmpty().allMatch("00-namespaces.yaml"::equals);
    assertThat(documents.stream().filter(d -> d.file().equals("00-namespaces.yaml")).map(Document::kind))
        .allMatch("Namespace"::equals);
    Set<String> declared = namespaceLabels().keySet();
    assertThat(documents).filteredOn(d -> !d.kind().equals("Namespace"))
        .allSatisfy(d -> assertThat(declared).as("namespace of %s", d).contains(d.namespace()));
  }

  @Test
  void theExamplesShowEveryKindOfAppAndGateway() {
    List<Document> apps = of("SmartApp");
    List<Document> gateways = of("Gateway");
    assertThat(apps.stream().map(a -> a.spec().path("clientType").asText()))
        .contains("public", "confidential", "backend-service");
    assertThat(apps).anyMatch(a -> a.spec().path("credentials").has("existingSecretRef"));
    assertThat(apps).anyMatch(a -> a.spec().has("healthUri"));
    assertThat(gateways.stream().map(g -> g.spec().path("registration").path("mode").asText("None")))
        .contains("None", "Secret", "DynamicClientRegistration");
    assertThat(gateways).anyMatch(g -> g.spec().path("allowedApps").path("namespaces").path("from").asText().equals("All"));
  }

  @Test
  void secretsUseBase64Data() {
    List<Document> secrets = documents.stream().filter(d -> d.is("v1", "Secret")).toList();
    assertThat(secrets).isNotEmpty();
    for (Document secret : secrets) {
      // The operator's dev mode API server does not convert stringData into data.
      assertThat(secret.node().has("stringData")).as("%s has stringData", secret).isFalse();
      assertThat(secret.node().path("type").asText("Opaque")).as("%s type", secret).isEqualTo("Opaque");
      assertThat(secret.node().path("data").size()).as("%s data", secret).isPositive();
      secret.node().path("data").properties().forEach(entry -> {
        byte[] decoded = Base64.getDecoder().decode(entry.getValue().asText());
        assertThat(decoded).as("%s key %s", secret, entry.getKey()).isNotEmpty();
      });
    }
  }

  @Test
  void everyGatewayRefNamesAGatewayThatAdmitsTheApp() {
    Map<String, Map<String, String>> labels = namespaceLabels();
    for (Document app : of("SmartApp")) {
      for (JsonNode ref : app.spec().path("gatewayRefs")) {
        String namespace = ref.path("namespace").asText(app.namespace());
        String name = ref.path("name").asText();
        Document gateway = of("Gateway").stream()
            .filter(g -> g.namespace().equals(namespace) && g.name().equals(name)).findFirst().orElse(null);
        assertThat(gateway).as("%s refers to Gateway %s/%s", app, namespace, name).isNotNull();
        assertThat(admits(gateway, app.namespace(), labels.getOrDefault(app.namespace(), Map.of())))
            .as("%s admits apps from namespace %s", gateway, app.namespace()).isTrue();
      }
    }
  }

  @Test
  void everySecretRefNamesASecretKeyInTheReferrersNamespace() {
    for (Document app : of("SmartApp")) {
      JsonNode ref = app.spec().path("credentials").path("existingSecretRef");
      if (!ref.isMissingNode()) {
        assertSecretKeyExists(app, app.namespace(), ref);
      }
    }
    for (Document gateway : of("Gateway")) {
      JsonNode ref = gateway.spec().path("registration").path("initialAccessTokenSecretRef");
      if (!ref.isMissingNode()) {
        assertSecretKeyExists(gateway, gateway.namespace(), ref);
      }
    }
  }

  @Test
  void scopesFollowTheSmartGrammar() {
    for (Document app : of("SmartApp")) {
      assertThat(texts(app.spec().path("scopes"))).as("scopes of %s", app).isNotEmpty()
          .allSatisfy(scope -> assertThat(scope).matches(SMART_SCOPE));
    }
  }

  @Test
  void appIdsAndClientIdsAreNotShared() {
    Set<String> appIds = new TreeSet<>();
    Set<String> clientIds = new TreeSet<>();
    for (Document app : of("SmartApp")) {
      assertThat(appIds.add(app.namespace() + "/" + app.spec().path("appId").asText(app.name()))).as("appId of %s", app).isTrue();
      if (app.spec().has("clientId")) {
        assertThat(clientIds.add(app.spec().path("clientId").asText())).as("clientId of %s", app).isTrue();
      }
    }
  }

  private static void assertSecretKeyExists(Document referrer, String namespace, JsonNode ref) {
    String name = ref.path("name").asText();
    String key = ref.path("key").asText();
    assertThat(documents).as("%s refers to key %s of Secret %s/%s", referrer, key, namespace, name)
        .anyMatch(d -> d.is("v1", "Secret") && d.namespace().equals(namespace) && d.name().equals(name)
            && d.node().path("data").has(key));
  }

  /** The Gateway's side of the handshake, as API.md defines allowedApps (matchLabels only; the examples use no more). */
  private static boolean admits(Document gateway, String appNamespace, Map<String, String> appNamespaceLabels) {
    JsonNode namespaces = gateway.spec().path("allowedApps").path("namespaces");
    return switch (namespaces.path("from").asText("Same")) {
      case "All" -> true;
      case "Same" -> gateway.namespace().equals(appNamespace);
      case "Selector" -> {
        JsonNode selector = namespaces.path("selector");
        assertThat(selector.has("matchExpressions")).as("%s: this test reads matchLabels only", gateway).isFalse();
        boolean matches = true;
        for (Map.Entry<String, JsonNode> label : selector.path("matchLabels").properties()) {
          matches &= label.getValue().asText().equals(appNamespaceLabels.get(label.getKey()));
        }
        yield matches;
      }
      default -> false;
    };
  }

  private static Map<String, Map<String, String>> namespaceLabels() {
    Map<String, Map<String, String>> result = new LinkedHashMap<>();
    for (Document ns : documents.stream().filter(d -> d.is("v1", "Namespace")).toList()) {
      Map<String, String> labels = new LinkedHashMap<>();
      ns.node().path("metadata").path("labels").properties().forEach(l -> labels.put(l.getKey(), l.getValue().asText()));
      result.put(ns.name(), labels);
    }
    return result;
  }

  private static List<Document> of(String kind) {
    return documents.stream().filter(d -> d.is(SMART_API, kind)).toList();
  }

  private static List<String> texts(JsonNode array) {
    return StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).toList();
  }
}
